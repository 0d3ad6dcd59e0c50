package dev.opsmind.inference.model;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Splits a range of work items over a fixed set of threads: the caller runs the first part, pool
 * threads the others, and {@link #run} returns when all are done. A decode step calls it about
 * a hundred times (every matrix product and attention), so it keeps its threads instead of
 * asking a shared pool each time.
 */
final class ParallelRanges implements AutoCloseable {
  /** The work for items [from, to). */
  interface RangeTask {
    void run(int from, int to);
  }

  private final int threads;
  private final ExecutorService pool;

  ParallelRanges(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
    this.threads = threads;
    this.pool = threads == 1 ? null : Executors.newFixedThreadPool(threads - 1, r -> {
      Thread t = new Thread(r, "opsmind-decode");
      t.setDaemon(true);
      return t;
    });
  }

  int threads() {
    return threads;
  }

  /**
   * Runs {@code task} over [0, items) in at most {@link #threads} contiguous parts whose borders
   * are multiples of {@code align} (so a kernel's blocks never straddle two threads).
   */
  void run(int items, int align, RangeTask task) {
    int blocks = (items + align - 1) / align;
    int parts = Math.min(threads, blocks);
    if (parts <= 1) {
      task.run(0, items);
      return;
    }
    CountDownLatch done = new CountDownLatch(parts - 1);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    for (int p = 1; p < parts; p++) {
      int from = Math.min(items, border(p, parts, blocks, align));
      int to = Math.min(items, border(p + 1, parts, blocks, align));
      pool.execute(() -> {
        try {
          task.run(from, to);
        } catch (Throwable e) {
          failure.compareAndSet(null, e);
        } finally {
          done.countDown();
        }
      });
    }
    try {
      task.run(0, Math.min(items, border(1, parts, blocks, align)));
    } finally {
      awaitQuietly(done);
    }
    Throwable t = failure.get();
    if (t instanceof RuntimeException e) {
      throw e;
    }
    if (t instanceof Error e) {
      throw e;
    }
  }

  private static int border(int part, int parts, int blocks, int align) {
    return (int) ((long) blocks * part / parts) * align;
  }

  private static void awaitQuietly(CountDownLatch latch) {
    boolean interrupted = false;
    while (true) {
      try {
        latch.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true; // the parts in flight still write into our buffers: wait for them
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    if (pool != null) {
      pool.shutdownNow();
    }
  }
}
