package dev.opsmind.inference.model;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Splits a range of work items over a fixed set of threads. The range is cut into a few chunks
 * per thread that the caller and the pool threads take in turn, so a thread that wakes late (or
 * is descheduled by a neighbour) only leaves its chunks to the others instead of holding up the
 * whole range: with a fixed half each, 2-thread decode steps varied 110–560 ms on the shared
 * machine. A decode step calls {@link #run} about a hundred times, so the threads are kept.
 */
final class ParallelRanges implements AutoCloseable {
  /** The work for items [from, to). */
  interface RangeTask {
    void run(int from, int to);
  }

  /** Chunks per thread: enough to even out a late thread, few enough to stay cheap. */
  private static final int CHUNKS_PER_THREAD = 8;

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
   * Runs {@code task} over [0, items) in chunks whose borders are multiples of {@code align} (so
   * a kernel's blocks never straddle two chunks), and returns when every chunk is done. Which
   * thread runs a chunk varies; where the chunks start does not.
   */
  void run(int items, int align, RangeTask task) {
    int blocks = (items + align - 1) / align;
    int chunks = Math.min(blocks, threads * CHUNKS_PER_THREAD);
    if (threads == 1 || chunks <= 1) {
      task.run(0, items);
      return;
    }
    Region region = new Region(items, align, blocks, chunks, task);
    for (int t = 1; t < threads; t++) {
      pool.execute(region::work);
    }
    region.work();
    region.awaitDone();
    Throwable failure = region.failure.get();
    if (failure instanceof RuntimeException e) {
      throw e;
    }
    if (failure instanceof Error e) {
      throw e;
    }
  }

  /** One call's chunks: claimed from a counter, counted when finished. */
  private static final class Region {
    final int items;
    final int align;
    final int blocks;
    final int chunks;
    final RangeTask task;
    final AtomicInteger next = new AtomicInteger();
    final AtomicInteger done = new AtomicInteger();
    final AtomicReference<Throwable> failure = new AtomicReference<>();

    Region(int items, int align, int blocks, int chunks, RangeTask task) {
      this.items = items;
      this.align = align;
      this.blocks = blocks;
      this.chunks = chunks;
      this.task = task;
    }

    void work() {
      int c;
      while ((c = next.getAndIncrement()) < chunks) {
        try {
          task.run(border(c), border(c + 1));
        } catch (Throwable e) {
          failure.compareAndSet(null, e);
        } finally {
          done.incrementAndGet();
        }
      }
    }

    private int border(int chunk) {
      return Math.min(items, (int) ((long) blocks * chunk / chunks) * align);
    }

    /** Every chunk is claimed when the caller gets here; only chunks in flight are waited for. */
    void awaitDone() {
      int spins = 0;
      while (done.get() < chunks) {
        if (++spins < 10_000) {
          Thread.onSpinWait();
        } else {
          Thread.yield();
        }
      }
    }
  }

  @Override
  public void close() {
    if (pool != null) {
      pool.shutdownNow();
    }
  }
}
