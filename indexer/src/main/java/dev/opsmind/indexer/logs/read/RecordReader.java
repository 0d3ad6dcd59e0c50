package dev.opsmind.indexer.logs.read;

import dev.opsmind.indexer.logs.format.LineFormat;
import dev.opsmind.indexer.logs.format.LogRecord;
import java.io.Closeable;
import java.io.IOException;
import java.util.regex.Pattern;

/**
 * Records from lines: each line goes through the header format; a line the format does not match
 * is a continuation of the record before it when it looks like one (indented, "at ...",
 * "Caused by:", "... N more", a bare "}" or "]"), so a stack trace stays with its first line;
 * otherwise it is a message-only record. Nothing fails: every line lands in some record. A record
 * keeps at most {@code MAX_CONTINUATION} lines of continuation text (the rest are counted, not kept).
 */
public final class RecordReader implements Closeable {
  private static final Pattern CONTINUATION = Pattern.compile(
      "^(?:\\s+\\S.*|at \\S.*|Caused by:.*|Suppressed:.*|\\.\\.\\. \\d+ (?:more|common frames omitted).*|[}\\]]\\)?,?\\s*|Traceback \\(most recent call last\\):.*|[\\w.$]+(?:Error|Exception|Throwable)(?::.*)?)$");
  private static final int MAX_CONTINUATION = 200;
  private static final int MAX_MESSAGE_CHARS = 256 * 1024;

  private final String source;
  private final LineSource lines;
  private final LineFormat format;
  private LogRecord pending;
  private int continuations;
  private long records;
  private long unmatched;

  public RecordReader(String source, LineSource lines, LineFormat format) {
    this.source = source;
    this.lines = lines;
    this.format = format;
  }

  /** The next record, or null at the end. */
  public LogRecord next() throws IOException {
    while (true) {
      String line = lines.next();
      if (line == null) {
        LogRecord last = pending;
        pending = null;
        if (last == null) return null;
        records++;
        return trimmed(last);
      }
      long n = lines.lineNumber();
      if (line.isBlank() && pending == null) continue;
      LogRecord parsed = format == null ? null : format.parse(source, n, line);
      if (parsed == null && pending != null && (line.isBlank() || CONTINUATION.matcher(line).matches())) {
        if (continuations < MAX_CONTINUATION && pending.message().length() + line.length() < MAX_MESSAGE_CHARS) {
          pending = pending.withContinuation(line, n);
          continuations++;
        } else {
          pending = new LogRecord(pending.source(), pending.line(), n, pending.timestamp(), pending.epochMillis(),
              pending.level(), pending.component(), pending.pid(), pending.thread(), pending.session(), pending.message());
        }
        continue;
      }
      if (line.isBlank()) continue;
      if (parsed == null) {
        parsed = LogRecord.messageOnly(source, n, line);
        unmatched++;
      }
      LogRecord done = pending;
      pending = parsed;
      continuations = 0;
      if (done != null) {
        records++;
        return trimmed(done);
      }
    }
  }

  private static LogRecord trimmed(LogRecord r) {
    String m = r.message();
    if (!m.endsWith("\n") && !m.endsWith(" ")) return r;
    return new LogRecord(r.source(), r.line(), r.lastLine(), r.timestamp(), r.epochMillis(), r.level(), r.component(),
        r.pid(), r.thread(), r.session(), m.stripTrailing());
  }

  /** Lines no format matched (read as message-only records). */
  public long unmatched() {
    return unmatched;
  }

  public long records() {
    return records;
  }

  public LineSource lines() {
    return lines;
  }

  @Override
  public void close() throws IOException {
    lines.close();
  }
}
