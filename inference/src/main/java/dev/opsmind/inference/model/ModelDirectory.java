package dev.opsmind.inference.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * A Hugging Face checkpoint directory: config.json, one or more *.safetensors (sharded through
 * model.safetensors.index.json), tokenizer.json, tokenizer_config.json, generation_config.json.
 * Opening it validates config.json and every safetensors header; tensor data is read on demand.
 */
public final class ModelDirectory implements WeightSource, AutoCloseable {
  public static final String CONFIG = "config.json";
  public static final String INDEX = "model.safetensors.index.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path dir;
  private final DecoderConfig config;
  private final List<SafetensorsReader> readers;
  private final Map<String, SafetensorsReader> byTensor;

  private ModelDirectory(Path dir, DecoderConfig config, List<SafetensorsReader> readers,
      Map<String, SafetensorsReader> byTensor) {
    this.dir = dir;
    this.config = config;
    this.readers = readers;
    this.byTensor = byTensor;
  }

  public static ModelDirectory open(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new ModelFormatException("model directory " + dir + " does not exist or is not a directory");
    }
    Path configFile = dir.resolve(CONFIG);
    if (!Files.isRegularFile(configFile)) {
      throw new ModelFormatException("model directory " + dir + " has no " + CONFIG);
    }
    DecoderConfig config = DecoderConfig.read(configFile);
    List<SafetensorsReader> readers = new ArrayList<>();
    Map<String, SafetensorsReader> byTensor = new LinkedHashMap<>();
    try {
      for (Path file : weightFiles(dir)) {
        SafetensorsReader r = SafetensorsReader.open(file);
        readers.add(r);
        for (String name : r.tensors().keySet()) {
          SafetensorsReader previous = byTensor.putIfAbsent(name, r);
          if (previous != null) {
            throw new ModelFormatException("tensor " + name + " appears in both " + previous.file() + " and " + file);
          }
        }
      }
    } catch (RuntimeException e) {
      readers.forEach(SafetensorsReader::close);
      throw e;
    }
    return new ModelDirectory(dir, config, readers, byTensor);
  }

  /** The shard files named by the index, or every *.safetensors file when there is no index. */
  static List<Path> weightFiles(Path dir) {
    Path index = dir.resolve(INDEX);
    Set<String> names = new TreeSet<>();
    if (Files.isRegularFile(index)) {
      JsonNode map;
      try {
        map = JSON.readTree(index.toFile()).get("weight_map");
      } catch (IOException e) {
        throw new ModelFormatException("cannot read " + index + ": " + e.getMessage(), e);
      }
      if (map == null || !map.isObject()) {
        throw new ModelFormatException(index + " has no weight_map object");
      }
      for (Iterator<JsonNode> it = map.elements(); it.hasNext(); ) {
        names.add(it.next().asText());
      }
    } else {
      try (Stream<Path> files = Files.list(dir)) {
        files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".safetensors")).forEach(names::add);
      } catch (IOException e) {
        throw new ModelFormatException("cannot list " + dir + ": " + e, e);
      }
    }
    if (names.isEmpty()) {
      throw new ModelFormatException("model directory " + dir + " has no *.safetensors weights");
    }
    List<Path> files = new ArrayList<>();
    for (String name : names) {
      Path file = dir.resolve(name);
      if (!Files.isRegularFile(file)) {
        throw new ModelFormatException("model directory " + dir + " is missing weight file " + name
            + (Files.isRegularFile(index) ? " (named in " + INDEX + ")" : ""));
      }
      files.add(file);
    }
    return files;
  }

  public Path path() {
    return dir;
  }

  @Override
  public DecoderConfig config() {
    return config;
  }

  public boolean has(String tensor) {
    return byTensor.containsKey(tensor);
  }

  /** The tensor's header entry, checked against the shape the architecture expects. */
  public TensorInfo tensor(String name, long... expectedShape) {
    SafetensorsReader r = byTensor.get(name);
    if (r == null) {
      throw new ModelFormatException("model " + dir + " is missing tensor " + name + " (expected shape "
          + java.util.Arrays.toString(expectedShape) + ")");
    }
    TensorInfo info = r.tensors().get(name);
    if (!java.util.Arrays.equals(info.shape(), expectedShape)) {
      throw new ModelFormatException("tensor " + name + " in " + info.file() + " has shape " + info.shapeText()
          + ", expected " + java.util.Arrays.toString(expectedShape));
    }
    return info;
  }

  @Override
  public long check(String name, long... shape) {
    TensorInfo info = tensor(name, shape);
    return info.end() - info.begin();
  }

  /** F32 values of a tensor whose shape was checked with {@link #tensor}. */
  @Override
  public ByteBuffer readF32(String name) {
    SafetensorsReader r = byTensor.get(name);
    if (r == null) {
      throw new ModelFormatException("model " + dir + " is missing tensor " + name);
    }
    return r.readF32(name);
  }

  @Override
  public dev.opsmind.inference.gguf.GgmlType storedType(String name) {
    return dev.opsmind.inference.gguf.GgmlType.valueOf(info(name).dtype().name());
  }

  @Override
  public long[] shape(String name) {
    return info(name).shape();
  }

  @Override
  public StoredMatrix stored(String name, int rows, int cols) {
    return new StoredMatrix(name, storedType(name), rows, cols, byTensor.get(name).map(name));
  }

  private TensorInfo info(String name) {
    SafetensorsReader r = byTensor.get(name);
    if (r == null) {
      throw new ModelFormatException("model " + dir + " is missing tensor " + name);
    }
    return r.tensors().get(name);
  }

  /** Bytes of tensor data over all shards. */
  public long weightBytes() {
    long total = 0;
    for (SafetensorsReader r : readers) {
      for (TensorInfo t : r.tensors().values()) {
        total += t.end() - t.begin();
      }
    }
    return total;
  }

  public long parameterCount() {
    long total = 0;
    for (SafetensorsReader r : readers) {
      for (TensorInfo t : r.tensors().values()) {
        total += t.elements();
      }
    }
    return total;
  }

  public Set<TensorDType> dtypes() {
    Set<TensorDType> out = EnumSet.noneOf(TensorDType.class);
    for (SafetensorsReader r : readers) {
      r.tensors().values().forEach(t -> out.add(t.dtype()));
    }
    return out;
  }

  @Override
  public void close() {
    readers.forEach(SafetensorsReader::close);
  }
}
