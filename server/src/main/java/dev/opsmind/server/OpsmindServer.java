package dev.opsmind.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opsmind.retrieval.KnowledgeCollection;
import dev.opsmind.server.auth.ApiKeys;
import dev.opsmind.server.auth.AuthHandler;
import dev.opsmind.server.config.ServerConfig;
import dev.opsmind.server.http.ApiRouter;
import dev.opsmind.server.http.Json;
import dev.opsmind.server.http.Metrics;
import dev.opsmind.server.ops.HealthHandler;
import dev.opsmind.server.ops.StartupProgress;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running server: loads the configured backends, listens, and on {@link #close()} drains
 * in-flight requests (up to {@code shutdownGraceSeconds}) before closing the backends.
 */
public final class OpsmindServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OpsmindServer.class);
  /** Name (and thread-name prefix) of the ingestion executor. */
  public static final String INGEST_POOL = "opsmind-ingest";

  private final ServerConfig config;
  private final Vertx vertx;
  /**
   * Where ingestion runs (start-up sync of the sources, uploads, document and collection writes):
   * one thread, so runs queue instead of parking shared workers on the ingest lock, and no
   * execute-time limit, since indexing a large folder legitimately takes minutes (on the shared
   * pool Vert.x would log "Thread blocked" every second after 60 s).
   */
  private final WorkerExecutor ingestExecutor;
  private final Metrics metrics = new Metrics();
  private final AtomicBoolean draining = new AtomicBoolean();
  private HttpServer http;
  private Backends backends;
  private final AtomicBoolean sourcesSynced = new AtomicBoolean();
  private volatile String sourcesError;
  /** Set by {@link #close}: the start-up sync stops after its current embedding batch. */
  private final AtomicBoolean stopSync = new AtomicBoolean();
  /** The start-up sync of the sources, awaited by {@link #close} before the embedder closes. */
  private Future<Void> sourcesSync = Future.succeededFuture();
  /** Files done out of files planned by the start-up sync: /health, /ready and a log line every 10 s. */
  private final StartupProgress progress = new StartupProgress(TimeUnit.SECONDS.toNanos(10), LOG::info);
  /** Completed once the server is ready: listening and the start-up sync over. */
  private final Promise<Void> ready = Promise.promise();

  private OpsmindServer(ServerConfig config) {
    this.config = config;
    this.vertx = Vertx.vertx();
    this.ingestExecutor = vertx.createSharedWorkerExecutor(INGEST_POOL, 1, Long.MAX_VALUE, TimeUnit.NANOSECONDS);
  }

  /**
   * Loads everything the config names on the calling thread (model, embedder and index loading
   * block for seconds: never on an event loop), then listens; returns once the port is bound.
   * The configured sources are then indexed on the ingestion executor; /ready waits for them.
   */
  public static OpsmindServer start(ServerConfig config) {
    if (Context.isOnEventLoopThread()) {
      throw new IllegalStateException("OpsmindServer.start loads models and opens the index (seconds of blocking "
          + "work): call it from a plain thread, not from the event loop " + Thread.currentThread().getName());
    }
    OpsmindServer server = new OpsmindServer(config);
    try {
      server.listen();
      return server;
    } catch (RuntimeException | Error e) {
      server.close();
      throw e;
    }
  }

  private void listen() {
    ApiKeys keys = new ApiKeys(config.apiKeys());
    if (keys.openMode()) {
      LOG.warn("No API keys configured: open local mode, every caller is the admin principal 'local'. "
          + "Configure apiKeys (./opsmind hash-key KEY) before exposing this port.");
    }
    backends = Backends.load(config, metrics);
    HealthHandler health = new HealthHandler(this::readiness, metrics);
    var router = new ApiRouter(vertx, config, metrics, new AuthHandler(keys), health, backends, ingestExecutor).build();
    http = vertx.createHttpServer(new HttpServerOptions()
            .setHost(config.host())
            .setPort(config.port())
            .setCompressionSupported(false))
        .requestHandler(router);
    await(http.listen(), "listen on " + config.host() + ":" + config.port());
    if (!syncSources()) {
      LOG.info("opsmind serving on http://{}:{} (ready)", config.host(), http.actualPort());
    }
  }

  /** Completes once the server is ready to serve: listening, with the start-up indexing over. */
  public Future<Void> ready() {
    return ready.future();
  }

  /**
   * Indexes the configured source folders incrementally on the ingestion executor; /ready waits for
   * it, and the log says "serving" once it is over. Returns whether a sync was started.
   */
  private boolean syncSources() {
    if (config.sources().isEmpty() || backends.ingest().isEmpty()) {
      if (!config.sources().isEmpty()) {
        LOG.warn("sources are configured but there is no embedder: not indexing them");
      }
      sourcesSynced.set(true);
      ready.tryComplete();
      return false;
    }
    var ingest = backends.ingest().get();
    progress.started();
    LOG.info("opsmind listening on http://{}:{}, indexing the configured sources before it is ready (/health shows "
        + "the progress)", config.host(), http.actualPort());
    sourcesSync = ingestExecutor.<Void>executeBlocking(() -> {
      for (ServerConfig.Source source : config.sources()) {
        synchronized (ingest) {
          var index = backends.index().orElseThrow();
          if (index.collection(source.collection()).isEmpty()) {
            index.putCollection(new KnowledgeCollection(source.collection(), source.readers(),
                "indexed from " + source.path()));
            index.commit();
          }
          var report = ingest.syncDirectory(source.path(), source.collection(), progress, stopSync::get);
          LOG.info("source {} -> collection {}: {}", source.path(), source.collection(), report.summaryLine());
          if (report.stopped()) {
            return null;
          }
        }
      }
      return null;
    }).onComplete(done -> {
      if (done.failed()) {
        sourcesError = String.valueOf(done.cause().getMessage());
        LOG.error("indexing the configured sources failed", done.cause());
      }
      progress.ended();
      sourcesSynced.set(true);
      if (!draining.get()) {
        LOG.info("opsmind serving on http://{}:{} (ready; {} source files in step)", config.host(), http.actualPort(),
            progress.filesDone());
        ready.tryComplete();
      }
    });
    return true;
  }

  /** Why the start-up indexing of the sources failed; null when it did not (or has not yet). */
  String sourcesError() {
    return sourcesError;
  }

  /** Whether the start-up indexing of the configured sources has finished (tests wait on it). */
  public boolean sourcesSynced() {
    return sourcesSynced.get();
  }

  private HealthHandler.Readiness readiness() {
    ObjectNode detail = Json.object();
    detail.put("draining", draining.get());
    detail.put("sources_indexed", sourcesSynced.get());
    if (sourcesError != null) {
      detail.put("sources_error", sourcesError);
    }
    detail.put("index_open", backends != null && backends.index().isPresent());
    var models = detail.putArray("models");
    if (backends != null) {
      backends.models().forEach(card -> models.add(card.id()));
    }
    detail.put("files_indexed", progress.filesDone());
    detail.put("files_planned", progress.filesTotal());
    return new HealthHandler.Readiness(!draining.get() && sourcesSynced.get(), progress.message(), detail);
  }

  /** The bound port (the real one when the config asked for port 0). */
  public int port() {
    return http.actualPort();
  }

  public ServerConfig config() {
    return config;
  }

  public Backends backends() {
    return backends;
  }

  public Metrics metrics() {
    return metrics;
  }

  /** Graceful: stop accepting, let in-flight requests finish, then close backends and Vert.x. */
  @Override
  public void close() {
    if (!draining.compareAndSet(false, true)) {
      return;
    }
    if (http != null) {
      try {
        await(http.shutdown(Duration.ofSeconds(config.shutdownGraceSeconds())), "drain requests");
      } catch (RuntimeException e) {
        LOG.warn("graceful shutdown did not complete: {}", e.getMessage());
      }
    }
    // A start-up sync still running stops after its embedding batch and commits what it did;
    // only then may the embedder and the index close under it.
    stopSync.set(true);
    try {
      await(sourcesSync.otherwiseEmpty(), "finish indexing the sources");
    } catch (RuntimeException e) {
      LOG.warn("the sources' indexing did not stop: {}", e.getMessage());
    }
    ingestExecutor.close();
    if (backends != null) {
      backends.close();
    }
    try {
      await(vertx.close(), "close Vert.x");
    } catch (RuntimeException e) {
      LOG.warn("closing Vert.x failed: {}", e.getMessage());
    }
  }

  private static <T> T await(Future<T> future, String what) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting to " + what, e);
    } catch (java.util.concurrent.ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException("could not " + what + ": " + cause.getMessage(), cause);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("timed out waiting to " + what, e);
    }
  }
}
