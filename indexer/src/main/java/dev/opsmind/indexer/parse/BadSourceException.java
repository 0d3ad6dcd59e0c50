package dev.opsmind.indexer.parse;

/**
 * A file that cannot be taken in: binary, invalid encoding, corrupt PDF or gzip, unreadable. The
 * message is the reason reported for the skipped file. A caller error (the file is bad, not the
 * indexer), so it is an IllegalArgumentException: the server maps it to HTTP 400.
 */
public final class BadSourceException extends IllegalArgumentException {
  private final String sourcePath;
  private final String reason;

  public BadSourceException(String sourcePath, String reason) {
    super(sourcePath + ": " + reason);
    this.sourcePath = sourcePath;
    this.reason = reason;
  }

  public BadSourceException(String sourcePath, String reason, Throwable cause) {
    this(sourcePath, reason);
    initCause(cause);
  }

  public String sourcePath() {
    return sourcePath;
  }

  /** Why the file was skipped, without the path. */
  public String reason() {
    return reason;
  }
}
