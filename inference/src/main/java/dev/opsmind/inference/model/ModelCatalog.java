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
 * The model directories under a folder (by default {@code models/} of the opsmind home): each
 * sub-directory with a config.json (but no opsmind-embedder.json: that is a sentence embedder,
 * {@code EmbedderCatalog}), described from its headers without loading weights.
 */
public final class ModelCatalog {
  private ModelCatalog() {}

  /**
   * One installed model; {@code problem} is null when its headers are valid, otherwise the
   * reason it cannot be loaded (the other fields are then partly empty).
   */
  public record Entry(String name, Path path, String modelType, long parameters, long weightBytes,
      Set<TensorDType> dtypes, String problem) {}

  public static List<Entry> list(Path root) {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    List<Entry> out = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(root)) {
      for (Path dir : dirs.filter(Files::isDirectory).sorted(Comparator.comparing(Path::toString)).toList()) {
        // An embedder directory exported by optimum keeps its config.json: it is no generator.
        if (Files.isRegularFile(dir.resolve(ModelDirectory.CONFIG)) && !EmbedderDirectory.isEmbedderDirectory(dir)) {
          out.add(describe(dir));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + root, e);
    }
    return out;
  }

  public static Entry describe(Path dir) {
    String name = dir.getFileName().toString();
    try (ModelDirectory md = ModelDirectory.open(dir)) {
      Weights.checkShapes(md, md.config());
      return new Entry(name, dir, md.config().modelType(), md.parameterCount(), md.weightBytes(), md.dtypes(), null);
    } catch (IllegalArgumentException e) {
      return new Entry(name, dir, "?", 0, 0, Set.of(), e.getMessage());
    }
  }
}
