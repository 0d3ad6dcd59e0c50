package dev.opsmind.server.knowledge;

import dev.opsmind.retrieval.KnowledgeCollection;
import dev.opsmind.server.config.ServerConfig;
import dev.opsmind.server.models.Backends;
import dev.opsmind.server.ops.StartupProgress;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configured sources ({@code sources[]}) kept in step with the index at start-up: their
 * collections get the config's readers before any request is served, then their folders are
 * indexed incrementally on the ingestion executor while the server already answers (/health shows
 * the progress, /ready waits for the end). {@link #stop} ends it after its current embedding batch.
 * Owned by the server; {@link #start} and {@link #stop} are called once each.
 */
public final class SourceSync {
  private static final Logger LOG = LoggerFactory.getLogger(SourceSync.class);

  private final ServerConfig config;
  private final Backends backends;
  private final WorkerExecutor executor;
  private final AtomicBoolean done = new AtomicBoolean();
  private volatile String error;
  private final AtomicBoolean stop = new AtomicBoolean();
  private Future<Void> running = Future.succeededFuture();
  /** Files done out of files planned: /health, /ready and a log line every 10 s. */
  private final StartupProgress progress = new StartupProgress(TimeUnit.SECONDS.toNanos(10), LOG::info);

  public SourceSync(ServerConfig config, Backends backends, WorkerExecutor executor) {
    this.config = config;
    this.backends = backends;
    this.executor = executor;
  }

  /**
   * Gives each configured source's collection the config's readers, at every start and before any
   * request is served: a reader taken out of {@code sources[].readers} loses access on restart.
   */
  public void applyReaders() {
    var index = backends.index();
    if (index.isEmpty() || config.sources().isEmpty() || !index.get().writable()) {
      return;
    }
    boolean changed = false;
    for (ServerConfig.Source source : config.sources()) {
      var existing = index.get().collection(source.collection());
      if (existing.isPresent() && !existing.get().readers().equals(source.readers())) {
        LOG.info("collection {}: readers {} -> {} (sources[].readers in the config)", source.collection(),
            existing.get().readers(), source.readers());
        index.get().putCollection(new KnowledgeCollection(source.collection(), source.readers(),
            existing.get().description()));
        changed = true;
      }
    }
    if (changed) {
      index.get().commit();
    }
  }

  /** Whether there is anything to index: sources configured and an embedder to index them with. */
  public boolean hasWork() {
    return !config.sources().isEmpty() && backends.ingest().isPresent();
  }

  /**
   * Indexes the configured source folders on the ingestion executor; the future completes when
   * that is over (failed or not: {@link #error} says). Without work it is over at once. Called
   * once at start, or (in a cluster) each time this node becomes the index writer.
   */
  /**
   * A cluster replica does not index (the writer does, and it receives the writer's commits):
   * nothing to wait for. {@link #start} runs if this node becomes the writer.
   */
  public void standBy() {
    done.set(true);
  }

  public synchronized Future<Void> start() {
    done.set(false);
    error = null;
    if (!hasWork()) {
      if (!config.sources().isEmpty()) {
        LOG.warn("sources are configured but there is no embedder: not indexing them");
      }
      done.set(true);
      return Future.succeededFuture();
    }
    var ingest = backends.ingest().get();
    progress.started();
    running = executor.<Void>executeBlocking(() -> {
      for (ServerConfig.Source source : config.sources()) {
        synchronized (ingest) {
          var index = backends.index().orElseThrow();
          if (index.collection(source.collection()).isEmpty()) {
            index.putCollection(new KnowledgeCollection(source.collection(), source.readers(),
                "indexed from " + source.path()));
            index.commit();
          }
          var report = ingest.syncDirectory(source.path(), source.collection(), progress, stop::get);
          LOG.info("source {} -> collection {}: {}", source.path(), source.collection(), report.summaryLine());
          if (report.stopped()) {
            return null;
          }
        }
      }
      return null;
    }).transform(result -> {
      if (result.failed()) {
        error = String.valueOf(result.cause().getMessage());
        LOG.error("indexing the configured sources failed", result.cause());
      }
      progress.ended();
      done.set(true);
      return Future.<Void>succeededFuture();
    });
    return running;
  }

  /**
   * Asks a running sync to stop after its current embedding batch (it commits what it did); the
   * future completes once it has, so that the embedder and the index may close.
   */
  public Future<Void> stop() {
    stop.set(true);
    return running;
  }

  /** Whether the start-up indexing has finished (or there was none). */
  public boolean done() {
    return done.get();
  }

  /** Why the start-up indexing failed; null when it did not (or has not yet). */
  public String error() {
    return error;
  }

  public StartupProgress progress() {
    return progress;
  }
}
