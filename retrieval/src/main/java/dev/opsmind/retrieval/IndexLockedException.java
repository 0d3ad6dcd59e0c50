package dev.opsmind.retrieval;

import java.nio.file.Path;

/** The index is open for writing in another process (a running server, another index run). */
public final class IndexLockedException extends IllegalStateException {
  private final transient Path dir;

  public IndexLockedException(Path dir, Throwable cause) {
    super("index " + dir + " is open in another process (a running server?)", cause);
    this.dir = dir;
  }

  public Path directory() {
    return dir;
  }
}
