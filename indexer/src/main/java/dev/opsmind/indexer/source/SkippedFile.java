package dev.opsmind.indexer.source;

import java.util.Objects;

/** A file the indexer did not take in, and why (unsupported type, binary, corrupt, unreadable). */
public record SkippedFile(String sourcePath, String reason) {
  public SkippedFile {
    Objects.requireNonNull(sourcePath, "sourcePath");
    Objects.requireNonNull(reason, "reason");
  }

  @Override
  public String toString() {
    return sourcePath + ": " + reason;
  }
}
