package dev.opsmind.server;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Watches Vert.x threads from the outside: a sampler thread reads the stacks of the event-loop
 * (and shared worker) threads every millisecond and records each stack that shows work which
 * does not belong there — model, embedder and tokenizer code (DJL), index code (Lucene),
 * ingestion, file I/O on an event loop; ingestion on the shared worker pool (it has its own
 * executor, with no execute-time limit). A finding is a stack actually seen doing that work, so
 * the watch never fails a correct server however slow the machine is; it can only miss work that
 * is over in under a millisecond.
 */
public final class EventLoopWatch implements AutoCloseable {
  /**
   * Frames that must never be on an event loop's stack. Not java.io.FileInputStream: the JDK reads
   * /dev/urandom through it for UUID.randomUUID(), and logging to stderr is a FileOutputStream.
   */
  public static final List<String> EVENT_LOOP_FORBIDDEN = List.of(
      "ai.djl.",                         // models, embedders, tokenizers (native)
      "org.apache.lucene.",              // the knowledge index
      "dev.opsmind.indexer.",            // parsing, chunking, ingestion
      "java.nio.file.Files.",            // file system, as the server's own code reaches it
      "sun.nio.ch.FileChannelImpl.");

  /** Frames that must never be on the shared worker pool (long runs belong to the ingest executor). */
  public static final List<String> WORKER_FORBIDDEN = List.of("dev.opsmind.indexer.ingest.IngestRun.");

  private static final String EVENT_LOOP = "vert.x-eventloop-thread-";
  private static final String WORKER = "vert.x-worker-thread-";

  /** One stack seen doing forbidden work. */
  public record Finding(String thread, String frame, List<String> stack) {
    @Override
    public String toString() {
      return thread + " ran " + frame + "\n    at " + String.join("\n    at ", stack);
    }
  }

  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final List<String> eventLoopForbidden;
  private final List<Finding> findings = new ArrayList<>();
  private final AtomicLong eventLoopSamples = new AtomicLong();
  private final Thread sampler;
  private volatile boolean running = true;

  private EventLoopWatch(List<String> eventLoopForbidden) {
    this.eventLoopForbidden = List.copyOf(eventLoopForbidden);
    this.sampler = new Thread(this::sample, "event-loop-watch");
    sampler.setDaemon(true);
    sampler.start();
  }

  public static EventLoopWatch start() {
    return new EventLoopWatch(EVENT_LOOP_FORBIDDEN);
  }

  /** With another list of frames forbidden on event loops (the watch's own test). */
  public static EventLoopWatch start(List<String> eventLoopForbidden) {
    return new EventLoopWatch(eventLoopForbidden);
  }

  /** Stacks of event-loop threads read so far (proof that the watch watched). */
  public long eventLoopSamples() {
    return eventLoopSamples.get();
  }

  public synchronized List<Finding> findings() {
    return List.copyOf(findings);
  }

  @Override
  public void close() {
    running = false;
    try {
      sampler.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void sample() {
    long[] watched = new long[0];
    for (long round = 0; running; round++) {
      if (round % 50 == 0) {
        watched = vertxThreadIds();
      }
      if (watched.length > 0) {
        for (ThreadInfo info : threads.getThreadInfo(watched, Integer.MAX_VALUE)) {
          if (info != null) {
            inspect(info);
          }
        }
      }
      try {
        Thread.sleep(1);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private long[] vertxThreadIds() {
    long[] ids = threads.getAllThreadIds();
    return Arrays.stream(threads.getThreadInfo(ids, 0))
        .filter(info -> info != null && (info.getThreadName().startsWith(EVENT_LOOP)
            || info.getThreadName().startsWith(WORKER)))
        .mapToLong(ThreadInfo::getThreadId)
        .toArray();
  }

  private void inspect(ThreadInfo info) {
    String name = info.getThreadName();
    boolean eventLoop = name.startsWith(EVENT_LOOP);
    if (eventLoop) {
      eventLoopSamples.incrementAndGet();
    }
    StackTraceElement[] stack = info.getStackTrace();
    List<String> forbidden = eventLoop ? eventLoopForbidden : WORKER_FORBIDDEN;
    String hit = null;
    for (StackTraceElement frame : stack) {
      String at = frame.getClassName() + "." + frame.getMethodName();
      if (eventLoop && (at.startsWith("java.lang.ClassLoader.loadClass") || at.startsWith("jdk.internal.loader."))) {
        return; // loading a class reads jars: the JVM's one-time cost, not our work
      }
      if (hit == null && forbidden.stream().anyMatch(at::startsWith)) {
        hit = at;
      }
    }
    if (hit != null) {
      List<String> frames = Arrays.stream(stack).limit(40).map(StackTraceElement::toString).toList();
      String frame = hit;
      synchronized (this) {
        // Two stacks per forbidden frame are enough to read; keep room for the other frames.
        if (findings.stream().filter(f -> f.frame().equals(frame)).count() < 2 && findings.size() < 40) {
          findings.add(new Finding(name, frame, frames));
        }
      }
    }
  }
}
