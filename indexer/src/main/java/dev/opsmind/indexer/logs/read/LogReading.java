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

  private static final int BATCH = 1024;
  private static final List<Object> END = List.of();

  /**
   * As {@link #read}, on two threads: this one reads and parses lines into batches, a second one
   * hands them to {@code sink} in order (at most four batches wait: memory stays bounded). The sink
   * runs on the second thread only, so it needs no locking.
   */
  public static Counts readPipelined(List<LogInput> inputs, LineFormat format, Consumer<LogRecord> sink,
      Progress progress, java.util.function.BooleanSupplier cancelled) throws IOException {
    return readPipelined(inputs, format, r -> r, sink, progress, cancelled);
  }

  /**
   * As above, with a {@code prepare} step that runs on the reading thread for each record (it must
   * be thread-safe) and whose result the sink takes, in order: work moved there balances the two
   * threads. A null from {@code prepare} drops the record.
   */
  @SuppressWarnings("unchecked")
  public static <T> Counts readPipelined(List<LogInput> inputs, LineFormat format,
      java.util.function.Function<LogRecord, T> prepare, Consumer<T> sink,
      Progress progress, java.util.function.BooleanSupplier cancelled) throws IOException {
    java.util.concurrent.BlockingQueue<List<Object>> queue = new java.util.concurrent.ArrayBlockingQueue<>(4);
    java.util.concurrent.atomic.AtomicReference<Throwable> failed = new java.util.concurrent.atomic.AtomicReference<>();
    java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
    Thread consumer = Thread.ofPlatform().name("opsmind-log-analysis").daemon().start(() -> {
      try {
        for (List<Object> batch; (batch = queue.take()) != END; ) {
          for (Object item : batch) sink.accept((T) item);
        }
      } catch (Throwable e) {
        failed.set(e);
        stop.set(true);
        queue.clear();
      }
    });
    List<List<Object>> batch = new java.util.ArrayList<>(List.of(new java.util.ArrayList<>(BATCH)));
    Counts counts = null;
    try {
      counts = read(inputs, format, r -> {
        T prepared = prepare.apply(r);
        if (prepared == null) return;
        batch.get(0).add(prepared);
        if (batch.get(0).size() == BATCH) {
          put(queue, batch.get(0), stop);
          batch.set(0, new java.util.ArrayList<>(BATCH));
        }
      }, progress, () -> stop.get() || cancelled.getAsBoolean());
      if (!batch.get(0).isEmpty()) put(queue, batch.get(0), stop);
    } catch (java.util.concurrent.CancellationException e) {
      if (failed.get() == null) throw e;
    } finally {
      try {
        while (consumer.isAlive() && !queue.offer(END, 100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
          // the analysis is still working through its batches
        }
        consumer.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        stop.set(true);
      }
    }
    Throwable f = failed.get();
    if (f instanceof RuntimeException re) throw re;
    if (f instanceof Error er) throw er;
    if (f != null) throw new IOException(f);
    return counts;
  }

  private static void put(java.util.concurrent.BlockingQueue<List<Object>> queue, List<Object> batch,
      java.util.concurrent.atomic.AtomicBoolean stop) {
    try {
      while (!stop.get() && !queue.offer(batch, 100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
        // wait for the analysis to take a batch
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.util.concurrent.CancellationException("interrupted");
    }
  }

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
