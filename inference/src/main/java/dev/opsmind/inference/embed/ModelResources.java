package dev.opsmind.inference.embed;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Copies a model file out of its class-path jar into a cache folder once, because ONNX Runtime
 * (through DJL) loads graphs from a path. The copy is written beside its final name and moved into
 * place, so a crash never leaves a half-written model that a later start would trust.
 */
final class ModelResources {
  private ModelResources() {}

  /** The cache folder: system property opsmind.embedder.cache, else ~/.cache/opsmind/embedders. */
  static Path cacheDir() {
    String configured = System.getProperty("opsmind.embedder.cache");
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    return Path.of(System.getProperty("user.home"), ".cache", "opsmind", "embedders");
  }

  static URL find(String resource) {
    URL url = ModelResources.class.getClassLoader().getResource(resource);
    if (url == null) {
      throw new IllegalStateException("class-path resource '" + resource
          + "' not found: the dev.langchain4j embedding jar that carries it is missing from the class path");
    }
    return url;
  }

  static InputStream open(String resource) throws IOException {
    return find(resource).openStream();
  }

  /** The resource as a file in the cache, copied when absent or of another size. */
  static Path materialise(String resource, String folder) {
    URL url = find(resource);
    try {
      URLConnection connection = url.openConnection();
      long size = connection.getContentLengthLong();
      Path dir = cacheDir().resolve(folder);
      Path target = dir.resolve(resource);
      if (Files.isRegularFile(target) && size >= 0 && Files.size(target) == size) {
        return target;
      }
      Files.createDirectories(dir);
      Path partial = Files.createTempFile(dir, resource, ".partial");
      try (InputStream in = connection.getInputStream()) {
        Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
      }
      Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy model resource '" + resource + "' to " + cacheDir(), e);
    }
  }
}
