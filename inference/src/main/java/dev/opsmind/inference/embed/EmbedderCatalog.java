package dev.opsmind.inference.embed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The sentence embedders opsmind can use: the bundled ones, and the embedder directories (a
 * sub-directory with opsmind-embedder.json) under a folder such as {@code models/}. A directory is
 * loaded once and run on a probe input, so an entry is usable only if {@link Embedder#load} would
 * succeed; otherwise its {@code problem} says why.
 */
public final class EmbedderCatalog {
  private EmbedderCatalog() {}

  /**
   * One embedder; {@code path} is null for a bundled one; {@code problem} is null when it loads,
   * otherwise the reason it cannot (then {@code spec} may be null).
   */
  public record Entry(String name, Path path, EmbedderSpec spec, String problem) {}

  public static List<Entry> bundled() {
    return EmbedderSpec.bundled().stream().map(spec -> new Entry(spec.name(), null, spec, null)).toList();
  }

  /** The embedder directories directly under {@code root}, by path, each loaded once to check it. */
  public static List<Entry> list(Path root) {
    return scan(root, true);
  }

  /** The embedder directories directly under {@code root}, their descriptors read but models not loaded. */
  static List<Entry> descriptors(Path root) {
    return scan(root, false);
  }

  private static List<Entry> scan(Path root, boolean load) {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    List<Entry> out = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(root)) {
      for (Path dir : dirs.filter(Files::isDirectory).sorted(Comparator.comparing(Path::toString)).toList()) {
        if (EmbedderDirectory.isEmbedderDirectory(dir)) {
          out.add(load ? describe(dir) : read(dir));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + root, e);
    }
    return out;
  }

  private static Entry read(Path dir) {
    try {
      EmbedderSpec spec = EmbedderSpec.fromDirectory(dir);
      return new Entry(spec.name(), dir, spec, null);
    } catch (RuntimeException e) {
      return new Entry(dir.getFileName().toString(), dir, null, e.getMessage());
    }
  }

  public static Entry describe(Path dir) {
    EmbedderSpec spec = null;
    try {
      spec = EmbedderSpec.fromDirectory(dir);
      try (Embedder ignored = Embedder.load(spec, 1)) {
        return new Entry(spec.name(), dir, spec, null);
      }
    } catch (RuntimeException e) {
      return new Entry(spec == null ? dir.getFileName().toString() : spec.name(), dir, spec, e.getMessage());
    }
  }
}
