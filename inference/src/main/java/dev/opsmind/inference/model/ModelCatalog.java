package dev.opsmind.inference.model;

import dev.opsmind.inference.embed.EmbedderDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The models under a folder (by default {@code models/} of the opsmind home): each sub-directory
 * with a config.json (but no opsmind-embedder.json: that is a sentence embedder,
 * {@code EmbedderCatalog}) and each {@code .gguf} file, described from its headers without
 * loading weights.
 */
public final class ModelCatalog {
  private ModelCatalog() {}

  /**
   * One installed model; {@code problem} is null when its headers are valid, otherwise the
   * reason it cannot be loaded (the other fields are then partly empty). {@code memoryBytes} is
   * what its weights take once loaded on the CPU with default options ({@link Decoder#memoryBytes}):
   * the stored size where the matrices stay in their stored types, F32 size where they are widened.
   */
  public record Entry(String name, Path path, String modelType, long parameters, long weightBytes,
      long memoryBytes, Set<String> dtypes, String problem) {}

  public static List<Entry> list(Path root) {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    List<Entry> out = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(root)) {
      for (Path dir : dirs.sorted(Comparator.comparing(Path::toString)).toList()) {
        // An embedder directory exported by optimum keeps its config.json: it is no generator.
        if (Files.isDirectory(dir) && Files.isRegularFile(dir.resolve(ModelDirectory.CONFIG))
            && !EmbedderDirectory.isEmbedderDirectory(dir)) {
          out.add(describe(dir));
        } else if (Files.isRegularFile(dir) && GgufCheckpoint.isGguf(dir)) {
          out.add(describe(dir));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + root, e);
    }
    return out;
  }

  /** The model id a checkpoint is served as: a directory's name, a GGUF file's name without {@code .gguf}. */
  public static String modelName(Path path) {
    String name = path.toAbsolutePath().normalize().getFileName().toString();
    return GgufCheckpoint.isGguf(path) ? name.substring(0, name.length() - ".gguf".length()) : name;
  }

  private static boolean keepStored() {
    return Decoder.keepStored(DecoderOptions.defaults(), ai.djl.Device.cpu());
  }

  public static Entry describe(Path dir) {
    String name = modelName(dir);
    if (GgufCheckpoint.isGguf(dir)) {
      try (GgufCheckpoint gguf = GgufCheckpoint.open(dir)) {
        Weights.checkShapes(gguf, gguf.config());
        return new Entry(name, dir, gguf.config().modelType(), gguf.parameterCount(), gguf.weightBytes(),
            Weights.memoryBytes(gguf, keepStored()), gguf.typeNames(), null);
      } catch (IllegalArgumentException e) {
        return new Entry(name, dir, "?", 0, 0, 0, Set.of(), e.getMessage());
      }
    }
    try (ModelDirectory md = ModelDirectory.open(dir)) {
      Weights.checkShapes(md, md.config());
      Set<String> dtypes = new java.util.TreeSet<>();
      md.dtypes().forEach(d -> dtypes.add(d.name()));
      return new Entry(name, dir, md.config().modelType(), md.parameterCount(), md.weightBytes(),
          Weights.memoryBytes(md, keepStored()), dtypes, null);
    } catch (IllegalArgumentException e) {
      return new Entry(name, dir, "?", 0, 0, 0, Set.of(), e.getMessage());
    }
  }
}
