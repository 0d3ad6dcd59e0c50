package dev.opsmind.server.ops;

import dev.opsmind.indexer.ingest.FileOutcome;
import dev.opsmind.indexer.ingest.IngestListener;
import dev.opsmind.indexer.ingest.IngestPlan;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * How far the first sync of the configured sources has got, for /health, /ready and the log: files
 * done out of the files planned so far (each source's files are counted once its run has compared
 * them with the index; unchanged files count too). An {@link IngestListener} on the ingestion thread;
 * read from any thread. Every {@code logEveryNanos} at most, it reports the progress line.
 */
public final class StartupProgress implements IngestListener {
  private final AtomicInteger done = new AtomicInteger();
  private final AtomicInteger total = new AtomicInteger();
  private final AtomicBoolean running = new AtomicBoolean();
  private final long logEveryNanos;
  private final Consumer<String> log;
  private volatile long lastLog = System.nanoTime();

  public StartupProgress(long logEveryNanos, Consumer<String> log) {
    this.logEveryNanos = logEveryNanos;
    this.log = log;
  }

  /** The sync began (before it has planned anything). */
  public void started() {
    running.set(true);
  }

  /** The sync ended, finished, stopped or failed. */
  public void ended() {
    running.set(false);
  }

  public boolean running() {
    return running.get();
  }

  public int filesDone() {
    return done.get();
  }

  public int filesTotal() {
    return total.get();
  }

  /** "indexing N/M files" while the sync runs, else null. */
  public String message() {
    return running.get() ? "indexing " + done.get() + "/" + total.get() + " files" : null;
  }

  @Override
  public void planned(IngestPlan plan) {
    total.addAndGet(plan.workItems() + plan.unchanged().size());
  }

  @Override
  public void fileDone(FileOutcome outcome) {
    done.incrementAndGet();
    long now = System.nanoTime();
    if (now - lastLog >= logEveryNanos) {
      lastLog = now;
      log.accept(message());
    }
  }
}
