package dev.opsmind.inference.gguf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A GGUF file (versions 2 and 3) opened for reading: the header, metadata and tensor table are
 * parsed and validated on open; tensor data stays in the file and is memory-mapped one tensor at
 * a time on request. Validation covers everything a reader could trip on later (truncation,
 * lengths and counts larger than the file, unknown value or tensor types, unsupported tensor
 * types, rows that are not a whole number of blocks, misaligned, overlapping or out-of-range
 * tensor data), each refused with a {@link GgufFormatException} naming the file and the problem.
 */
public final class GgufFile implements AutoCloseable {
  public static final int MAGIC = 0x46554747; // "GGUF" read little-endian
  public static final int DEFAULT_ALIGNMENT = 32;
  static final int MAX_DIMS = 4;

  private final Path path;
  private final FileChannel channel;
  private final int version;
  private final Map<String, GgufValue> metadata;
  private final Map<String, GgufTensor> tensors;
  private final long dataOffset;
  private final int alignment;

  private GgufFile(Path path, FileChannel channel, int version, Map<String, GgufValue> metadata,
      Map<String, GgufTensor> tensors, long dataOffset, int alignment) {
    this.path = path;
    this.channel = channel;
    this.version = version;
    this.metadata = metadata;
    this.tensors = tensors;
    this.dataOffset = dataOffset;
    this.alignment = alignment;
  }

  /** Opens and validates a GGUF file; tensors of unsupported types are refused, naming the type. */
  public static GgufFile open(Path path) {
    if (!Files.isRegularFile(path)) {
      throw new GgufFormatException("GGUF file " + path + " does not exist or is not a file");
    }
    FileChannel ch;
    try {
      ch = FileChannel.open(path, StandardOpenOption.READ);
    } catch (IOException e) {
      throw new GgufFormatException("cannot open " + path + ": " + e.getMessage(), e);
    }
    try {
      return parse(path, ch, ch.size());
    } catch (IOException e) {
      close(ch);
      throw new GgufFormatException("cannot read " + path + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      close(ch);
      throw e;
    }
  }

  private static GgufFile parse(Path path, FileChannel ch, long size) throws IOException {
    HeaderInput in = new HeaderInput(path, ch, size);
    int magic = in.i32("the magic number");
    if (magic != MAGIC) {
      throw new GgufFormatException(path + " is not a GGUF file (magic 0x" + Integer.toHexString(magic)
          + ", expected 0x46554747 \"GGUF\")");
    }
    int version = in.i32("the version");
    if (version != 2 && version != 3) {
      throw new GgufFormatException(path + " is GGUF version " + version + "; supported versions: 2, 3");
    }
    long tensorCount = in.count("the tensor count", 24);
    long kvCount = in.count("the metadata count", 12);
    Map<String, GgufValue> metadata = new LinkedHashMap<>();
    for (long i = 0; i < kvCount; i++) {
      String key = in.string("metadata key " + i);
      GgufValue value = readValue(in, path, key);
      if (metadata.put(key, value) != null) {
        throw new GgufFormatException(path + ": metadata key " + key + " appears twice");
      }
    }
    int alignment = DEFAULT_ALIGNMENT;
    GgufValue a = metadata.get("general.alignment");
    if (a != null) {
      if (!a.type().integer() || (long) a.value() <= 0 || (long) a.value() > (1 << 20)
          || Long.bitCount((long) a.value()) != 1) {
        throw new GgufFormatException(path + ": general.alignment must be a power of two, got " + a);
      }
      alignment = (int) (long) (Long) a.value();
    }
    List<long[]> raw = new ArrayList<>(); // per tensor: type id, relative offset, dims...
    List<String> names = new ArrayList<>();
    for (long i = 0; i < tensorCount; i++) {
      String name = in.string("the name of tensor " + i);
      long nDims = in.u32("the dimension count of tensor " + name);
      if (nDims < 1 || nDims > MAX_DIMS) {
        throw new GgufFormatException(path + ": tensor " + name + " has " + nDims + " dimensions (1 to " + MAX_DIMS
            + " allowed)");
      }
      long[] entry = new long[2 + (int) nDims];
      for (int d = 0; d < nDims; d++) {
        entry[2 + d] = in.i64("dimension " + d + " of tensor " + name);
      }
      entry[0] = in.u32("the type of tensor " + name);
      entry[1] = in.i64("the data offset of tensor " + name);
      raw.add(entry);
      names.add(name);
    }
    long dataOffset = align(in.position(), alignment);
    if (dataOffset > size) {
      throw new GgufFormatException(path + " is truncated: tensor data would start at " + dataOffset
          + " but the file ends at " + size);
    }
    Map<String, GgufTensor> tensors = new LinkedHashMap<>();
    for (int i = 0; i < raw.size(); i++) {
      GgufTensor t = tensor(path, names.get(i), raw.get(i), dataOffset, alignment, size);
      if (tensors.put(t.name(), t) != null) {
        throw new GgufFormatException(path + ": tensor " + t.name() + " appears twice");
      }
    }
    checkOverlaps(path, tensors);
    return new GgufFile(path, ch, version, Collections.unmodifiableMap(metadata),
        Collections.unmodifiableMap(tensors), dataOffset, alignment);
  }

  private static GgufTensor tensor(Path path, String name, long[] entry, long dataOffset, int alignment, long size) {
    GgmlType type = GgmlType.byId(entry[0]);
    if (type == null) {
      throw new GgufFormatException(path + ": tensor " + name + " has unknown ggml type " + entry[0]
          + "; supported types: " + GgmlType.supportedNames());
    }
    if (!type.supported()) {
      throw new GgufFormatException(path + ": tensor " + name + " has type " + type + ", which opsmind does not read;"
          + " supported types: " + GgmlType.supportedNames());
    }
    long[] dims = new long[entry.length - 2];
    long elements = 1;
    for (int d = 0; d < dims.length; d++) {
      dims[d] = entry[2 + d];
      if (dims[d] <= 0 || elements > Long.MAX_VALUE / dims[d]) {
        throw new GgufFormatException(path + ": tensor " + name + " has dimension " + d + " = " + dims[d]);
      }
      elements *= dims[d];
    }
    if (dims[0] % type.blockSize() != 0) {
      throw new GgufFormatException(path + ": tensor " + name + " has rows of " + dims[0] + " values, not a multiple"
          + " of the " + type + " block size " + type.blockSize());
    }
    long bytes = type.bytes(elements);
    long relative = entry[1];
    if (relative < 0 || relative % alignment != 0) {
      throw new GgufFormatException(path + ": tensor " + name + " has data offset " + relative
          + ", not a non-negative multiple of the alignment " + alignment);
    }
    long offset = dataOffset + relative;
    if (offset < dataOffset || offset > size || bytes > size - offset) {
      throw new GgufFormatException(path + ": tensor " + name + " (" + type + ", " + bytes + " bytes at offset "
          + offset + ") runs past the end of the file (" + size + " bytes); the file is truncated or corrupt");
    }
    return new GgufTensor(name, type, dims, offset, bytes);
  }

  private static void checkOverlaps(Path path, Map<String, GgufTensor> tensors) {
    List<GgufTensor> sorted = new ArrayList<>(tensors.values());
    sorted.sort(Comparator.comparingLong(GgufTensor::offset));
    for (int i = 1; i < sorted.size(); i++) {
      GgufTensor prev = sorted.get(i - 1);
      if (prev.offset() + prev.bytes() > sorted.get(i).offset()) {
        throw new GgufFormatException(path + ": the data of tensors " + prev.name() + " and " + sorted.get(i).name()
            + " overlap");
      }
    }
  }

  private static GgufValue readValue(HeaderInput in, Path path, String key) {
    GgufValue.Type type = valueType(in, path, key, in.u32("the type of " + key));
    if (type != GgufValue.Type.ARRAY) {
      return new GgufValue(type, null, scalar(in, type, key));
    }
    return readArray(in, path, key);
  }

  /** An array body: element type, length, elements (a nested array's elements are array bodies). */
  private static GgufValue readArray(HeaderInput in, Path path, String key) {
    GgufValue.Type element = valueType(in, path, key, in.u32("the element type of " + key));
    long n = in.count("the length of array " + key, element.minBytes);
    if (n > Integer.MAX_VALUE - 8) {
      throw new GgufFormatException(path + ": array " + key + " has " + n + " elements");
    }
    int len = (int) n;
    Object value = switch (element) {
      case FLOAT32 -> {
        float[] a = new float[len];
        for (int i = 0; i < len; i++) {
          a[i] = in.f32(key);
        }
        yield a;
      }
      case FLOAT64 -> {
        double[] a = new double[len];
        for (int i = 0; i < len; i++) {
          a[i] = in.f64(key);
        }
        yield a;
      }
      case BOOL -> {
        boolean[] a = new boolean[len];
        for (int i = 0; i < len; i++) {
          a[i] = in.u8(key) != 0;
        }
        yield a;
      }
      case STRING -> {
        List<String> a = new ArrayList<>(len);
        for (int i = 0; i < len; i++) {
          a.add(in.string(key + "[" + i + "]"));
        }
        yield Collections.unmodifiableList(a);
      }
      case ARRAY -> {
        List<GgufValue> a = new ArrayList<>(len);
        for (int i = 0; i < len; i++) {
          a.add(readArray(in, path, key + "[" + i + "]"));
        }
        yield Collections.unmodifiableList(a);
      }
      default -> {
        long[] a = new long[len];
        for (int i = 0; i < len; i++) {
          a[i] = (Long) scalar(in, element, key);
        }
        yield a;
      }
    };
    return new GgufValue(GgufValue.Type.ARRAY, element, value);
  }

  private static GgufValue.Type valueType(HeaderInput in, Path path, String key, long id) {
    GgufValue.Type[] types = GgufValue.Type.values();
    if (id < 0 || id >= types.length) {
      throw new GgufFormatException(path + ": metadata " + key + " has unknown value type " + id + " at offset "
          + (in.position() - 4));
    }
    return types[(int) id];
  }

  private static Object scalar(HeaderInput in, GgufValue.Type type, String key) {
    return switch (type) {
      case UINT8 -> (long) in.u8(key);
      case INT8 -> (long) (byte) in.u8(key);
      case UINT16 -> (long) (in.i16(key) & 0xffff);
      case INT16 -> (long) in.i16(key);
      case UINT32 -> in.u32(key);
      case INT32 -> (long) in.i32(key);
      case UINT64, INT64 -> in.i64(key);
      case FLOAT32 -> in.f32(key);
      case FLOAT64 -> in.f64(key);
      case BOOL -> in.u8(key) != 0;
      case STRING -> in.string(key);
      case ARRAY -> throw new IllegalStateException("arrays are read by readValue");
    };
  }

  static long align(long offset, int alignment) {
    return (offset + alignment - 1) / alignment * alignment;
  }

  public Path path() {
    return path;
  }

  public int version() {
    return version;
  }

  public int alignment() {
    return alignment;
  }

  /** Absolute offset of the tensor data section. */
  public long dataOffset() {
    return dataOffset;
  }

  public Map<String, GgufValue> metadata() {
    return metadata;
  }

  public Map<String, GgufTensor> tensors() {
    return tensors;
  }

  public boolean has(String key) {
    return metadata.containsKey(key);
  }

  public GgufValue value(String key) {
    return metadata.get(key);
  }

  /** A string value, or {@code fallback} when absent; present with another type → exception. */
  public String string(String key, String fallback) {
    GgufValue v = metadata.get(key);
    if (v == null) {
      return fallback;
    }
    if (v.type() != GgufValue.Type.STRING) {
      throw wrongType(key, v, "a string");
    }
    return (String) v.value();
  }

  /** An integer value, or {@code fallback} when absent. */
  public long integer(String key, long fallback) {
    GgufValue v = metadata.get(key);
    if (v == null) {
      return fallback;
    }
    if (!v.type().integer()) {
      throw wrongType(key, v, "an integer");
    }
    return (Long) v.value();
  }

  /** A float value (FLOAT32 or FLOAT64, integers accepted), or {@code fallback} when absent. */
  public double number(String key, double fallback) {
    GgufValue v = metadata.get(key);
    if (v == null) {
      return fallback;
    }
    return switch (v.value()) {
      case Float f -> f;
      case Double d -> d;
      case Long l -> l;
      default -> throw wrongType(key, v, "a number");
    };
  }

  public boolean bool(String key, boolean fallback) {
    GgufValue v = metadata.get(key);
    if (v == null) {
      return fallback;
    }
    if (v.type() != GgufValue.Type.BOOL) {
      throw wrongType(key, v, "a boolean");
    }
    return (Boolean) v.value();
  }

  private GgufFormatException wrongType(String key, GgufValue v, String expected) {
    return new GgufFormatException(path + ": metadata " + key + " is " + v + ", expected " + expected);
  }

  public GgufTensor tensor(String name) {
    GgufTensor t = tensors.get(name);
    if (t == null) {
      throw new GgufFormatException(path + " has no tensor " + name);
    }
    return t;
  }

  /**
   * The tensor's raw bytes, memory-mapped (little-endian). Tensors over 2 GiB are not mapped in
   * one buffer; {@link #dequantize} reads them in pieces.
   */
  public ByteBuffer map(GgufTensor t) {
    return map(t.offset(), t.bytes(), t.name());
  }

  private ByteBuffer map(long offset, long bytes, String name) {
    if (bytes > Integer.MAX_VALUE) {
      throw new GgufFormatException(path + ": tensor " + name + " has " + bytes + " bytes, too many for one buffer");
    }
    try {
      return channel.map(FileChannel.MapMode.READ_ONLY, offset, bytes).order(ByteOrder.LITTLE_ENDIAN);
    } catch (IOException e) {
      throw new GgufFormatException("cannot map tensor " + name + " of " + path + ": " + e.getMessage(), e);
    }
  }

  /** The tensor's values widened or dequantized to F32 (at most 2^31 − 9 elements). */
  public float[] dequantize(GgufTensor t) {
    long n = t.elements();
    if (n > Integer.MAX_VALUE - 8) {
      throw new GgufFormatException(path + ": tensor " + t.name() + " has " + n + " elements, too many for one array");
    }
    float[] out = new float[(int) n];
    // map at most ~1 GiB at a time, whole rows, so the mapping stays under the buffer limit
    long rowBytes = t.type().bytes(t.cols());
    long rowsPerPiece = Math.max(1, (1L << 30) / rowBytes);
    long rows = t.rows();
    for (long r = 0; r < rows; r += rowsPerPiece) {
      long count = Math.min(rowsPerPiece, rows - r);
      ByteBuffer piece = map(t.offset() + r * rowBytes, count * rowBytes, t.name());
      Dequantize.toFloat(t.type(), piece, out, (int) (r * t.cols()), (int) (count * t.cols()));
    }
    return out;
  }

  @Override
  public void close() {
    close(channel);
  }

  private static void close(FileChannel ch) {
    try {
      ch.close();
    } catch (IOException ignored) {
      // read-only: nothing to flush
    }
  }
}
