package dev.opsmind.indexer.logs.format;

/**
 * One log record: the header fields a format found (each may be null) and the message. A record
 * that matched no format is message-only: {@code message} is the whole line. Continuation lines of
 * a multi-line record (a stack trace) are appended to {@code message} after a newline, and
 * {@code lastLine} says where the record ends.
 *
 * @param source the file (or "-" for stdin, or an upload's name) the record came from
 * @param line 1-based line number of the record's first line
 * @param lastLine 1-based line number of its last line
 * @param epochMillis the timestamp as epoch milliseconds, or {@code Long.MIN_VALUE} when unknown
 */
public record LogRecord(String source, long line, long lastLine, String timestamp, long epochMillis,
    String level, String component, String pid, String thread, String session, String message) {
  public static final long NO_TIME = Long.MIN_VALUE;

  public LogRecord {
    if (source == null || source.isEmpty()) throw new IllegalArgumentException("a log record needs its source");
    if (line < 1 || lastLine < line) throw new IllegalArgumentException("bad line range " + line + "-" + lastLine);
    if (message == null) throw new IllegalArgumentException("a log record needs a message (may be empty)");
  }

  /** A message-only record of one line. */
  public static LogRecord messageOnly(String source, long line, String message) {
    return new LogRecord(source, line, line, null, NO_TIME, null, null, null, null, null, message);
  }

  public boolean hasTime() {
    return epochMillis != NO_TIME;
  }

  /** The record with one more continuation line. */
  public LogRecord withContinuation(String text, long lineNumber) {
    return new LogRecord(source, line, lineNumber, timestamp, epochMillis, level, component, pid, thread, session,
        message + "\n" + text);
  }

  /** The first line of the message: what templates are mined from. */
  public String firstLine() {
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }

  /** "file:line", how reports cite a record. */
  public String citation() {
    return source + ":" + line;
  }
}
