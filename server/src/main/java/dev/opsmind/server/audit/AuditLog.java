package dev.opsmind.server.audit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opsmind.server.http.Json;
import dev.opsmind.server.journal.Journal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hash-chained audit log (see the package description). One writer thread owns the chain:
 * {@link #record} queues an entry and returns at once (the event loop's request entries);
 * {@link #recordNow} waits until its entry is on disk (security events, from workers). Entries
 * queued together are written with one fsync.
 */
public final class AuditLog implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
  public static final String FILE = "audit.jsonl";
  /** Entries waiting for the writer at most; more are dropped and counted (never blocks a request). */
  static final int MAX_QUEUED = 100_000;

  private final Journal journal;
  private final ExecutorService writer;
  private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>(MAX_QUEUED);
  private long seq;
  private String prev;
  private long dropped;

  private record Pending(ObjectNode entry, CompletableFuture<Void> written) {}

  private AuditLog(Journal journal, long seq, String prev) {
    this.journal = journal;
    this.seq = seq;
    this.prev = prev;
    this.writer = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "opsmind-audit");
      t.setDaemon(true);
      return t;
    });
  }

  /** Opens {@code dir/audit.jsonl} (repairing a torn tail) and continues its chain. */
  public static AuditLog open(Path dir, long rotateBytes) {
    Path file = dir.resolve(FILE);
    Journal journal = Journal.open(file, AuditChain::isEntry, rotateBytes);
    AuditChain.Head head = AuditChain.head(file);
    return new AuditLog(journal, head.seq(), head.hash());
  }

  /** Where the current file is. */
  public Path file() {
    return journal.file();
  }

  /** A new entry of {@code event} with the time set; add fields and pass it to {@link #record}. */
  public static ObjectNode entry(String event) {
    return Json.object().put("time", Instant.now().toString()).put("event", event);
  }

  /** Queues an entry; written (and fsynced) shortly, in order. Never blocks. */
  public void record(ObjectNode entry) {
    if (!queue.offer(new Pending(entry, null))) {
      synchronized (this) {
        if (dropped++ % 10_000 == 0) {
          LOG.error("audit queue full ({} entries): {} entries dropped so far", MAX_QUEUED, dropped);
        }
      }
      return;
    }
    writer.execute(this::drain);
  }

  /** Writes an entry and waits until it is on disk (blocking: call it on a worker). */
  public void recordNow(ObjectNode entry) {
    CompletableFuture<Void> written = new CompletableFuture<>();
    try {
      queue.put(new Pending(entry, written));
      writer.execute(this::drain);
      written.get(1, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while writing the audit log", e);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      if (e.getCause() instanceof dev.opsmind.server.journal.NotCopiedException notCopied) {
        throw notCopied;
      }
      throw new IllegalStateException("cannot write the audit log: " + e.getMessage(), e);
    }
  }

  /** On the writer thread: chains and appends everything queued, with one fsync. */
  private void drain() {
    List<Pending> batch = new ArrayList<>();
    queue.drainTo(batch, 4096);
    if (batch.isEmpty()) {
      return;
    }
    List<String> lines = new ArrayList<>(batch.size());
    long firstSeq = seq;
    String firstPrev = prev;
    for (Pending pending : batch) {
      ObjectNode chained = Json.object();
      chained.put("seq", ++seq);
      chained.setAll(pending.entry());
      chained.put("prev", prev);
      String line = Json.write(chained);
      prev = AuditChain.sha256(line);
      lines.add(line);
    }
    try {
      journal.appendAll(lines);
      batch.forEach(p -> {
        if (p.written() != null) {
          p.written().complete(null);
        }
      });
    } catch (dev.opsmind.server.journal.NotCopiedException e) {
      // On this node's disk (the chain goes on from them) but not on enough others: not acknowledged.
      LOG.error("{} audit entries not copied to the cluster: {}", lines.size(), e.getMessage());
      batch.forEach(p -> {
        if (p.written() != null) {
          p.written().completeExceptionally(e);
        }
      });
    } catch (RuntimeException e) {
      seq = firstSeq;
      prev = firstPrev;
      LOG.error("cannot append {} audit entries", lines.size(), e);
      batch.forEach(p -> {
        if (p.written() != null) {
          p.written().completeExceptionally(e);
        }
      });
    }
  }

  /** Sequence number of the last entry written. */
  public long lastSeq() {
    try {
      return writer.submit(() -> seq).get();
    } catch (Exception e) {
      return -1;
    }
  }

  /** Writes what is queued, then stops the writer. */
  @Override
  public void close() {
    writer.execute(this::drain);
    writer.shutdown();
    try {
      if (!writer.awaitTermination(30, TimeUnit.SECONDS)) {
        LOG.warn("audit writer did not finish within 30 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    LOG.info("audit log closed at seq {} (prev of the next entry: {})", seq, prev);
    journal.close();
  }
}
