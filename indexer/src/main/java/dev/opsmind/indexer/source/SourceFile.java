package dev.opsmind.indexer.source;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One file found by the scanner.
 *
 * @param sourcePath the path relative to the scanned root, with '/' separators: what chunks and
 *     citations name
 * @param file where it is on disk
 * @param format how it is read
 * @param size bytes on disk
 * @param modifiedMillis last modification time
 */
public record SourceFile(String sourcePath, Path file, SourceFormat format, long size, long modifiedMillis) {
  public SourceFile {
    Objects.requireNonNull(sourcePath, "sourcePath");
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(format, "format");
  }
}
