package dev.opsmind.indexer.logs.read;

import dev.opsmind.indexer.logs.format.LineFormat;
import dev.opsmind.indexer.logs.format.LogRecord;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads inputs one after another, streaming, and hands each record to a consumer; checks a cancel
 * flag between records. {@link Progress} tells how far it got.
 */
public final class LogReading {
  /** Where a reading stands: bytes of the current input, records so far. */
  public interface Progress {
    void at(String input, long records, long lines);
  }

  private LogReading() {}

  /** Counts of a reading. */
  public record Counts(long records, long lines, long unmatched, long truncated) {}

  public static Counts read(List<LogInput> inputs, LineFormat format, Consumer<LogRecord> sink, Progress progress,
      java.util.function.BooleanSupplier cancelled) throws IOException {
    long records = 0, lines = 0, unmatched = 0, truncated = 0;
    for (LogInput input : inputs) {
      try (InputStream in = input.open();
           RecordReader reader = new RecordReader(input.name(), new LineSource(input.name(), in), format)) {
        for (LogRecord r; (r = reader.next()) != null; ) {
          sink.accept(r);
          records++;
          if ((records & 0x3fff) == 0) {
            if (cancelled.getAsBoolean()) throw new java.util.concurrent.CancellationException("log reading cancelled");
            if (progress != null) progress.at(input.name(), records, lines + reader.lines().lineNumber());
          }
        }
        lines += reader.lines().lineNumber();
        unmatched += reader.unmatched();
        truncated += reader.lines().truncated();
      }
    }
    return new Counts(records, lines, unmatched, truncated);
  }
}
