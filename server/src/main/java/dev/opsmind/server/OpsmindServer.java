package dev.opsmind.server;

import dev.opsmind.server.grounded.GroundedChat;
import dev.opsmind.server.models.Backends;
import dev.opsmind.server.models.GeneratorModel;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opsmind.server.audit.AuditLog;
import dev.opsmind.server.auth.ApiKeys;
import dev.opsmind.server.auth.AuthHandler;
import dev.opsmind.server.auth.KeyReload;
import dev.opsmind.server.auth.RateLimiter;
import dev.opsmind.server.config.ServerConfig;
import dev.opsmind.server.http.ConnectionGuard;
import dev.opsmind.server.http.TlsFiles;
import dev.opsmind.server.http.Json;
import dev.opsmind.server.ops.Metrics;
import dev.opsmind.server.ops.HealthHandler;
import dev.opsmind.server.knowledge.SourceSync;
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
  /** The explicit plain-HTTP listener beside TLS (tls.plainHttpPort); null without one. */
  private HttpServer plainHttp;
  private TlsFiles tls;
  private long tlsWatch = -1;
  private ConnectionGuard guard;
  private AuditLog audit;
  private AuthHandler auth;
  private ApiRouter apiRouter;
  /** This node's membership in a cluster (cluster.enabled); null when alone. */
  private dev.opsmind.server.cluster.ClusterNode cluster;
  /** Until the backends are loaded every request is a 503; then the router's. */
  private volatile io.vertx.core.Handler<io.vertx.core.http.HttpServerRequest> requests = request -> request.response()
      .setStatusCode(503).putHeader("Retry-After", "5").putHeader("Content-Type", "application/json")
      .end("{\"error\":{\"message\":\"The server is starting.\",\"type\":\"server_error\",\"param\":null,"
          + "\"code\":\"unavailable\"}}");
  private long openRemoteWarning = -1;
  private Backends backends;
  /** The start-up indexing of the configured sources; null until the backends are loaded. */
  private SourceSync sources;
  /** Completed once the server is ready: listening and the start-up sync over. */
  private final Promise<Void> ready = Promise.promise();

  private OpsmindServer(ServerConfig config) {
    this.config = config;
    this.vertx = config.cluster().enabled()
        ? dev.opsmind.server.cluster.ClusterNode.startVertx(config.cluster(), config.tls().cert(), config.tls().key())
        : Vertx.vertx();
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

  private HttpServerOptions serverOptions(String host, int port) {
    return new HttpServerOptions()
        .setHost(host)
        .setPort(port)
        .setIdleTimeout(config.http().idleTimeoutSeconds())
        .setIdleTimeoutUnit(TimeUnit.SECONDS)
        .setCompressionSupported(false)
        // Content-Encoding: gzip/deflate request bodies are inflated before the routes read them
        // (as OpenAI's API takes them); the body limit counts the inflated bytes.
        .setDecompressionSupported(true)
        // no h2c sniffing: a connection is handed to the guard when it opens, not after its first bytes
        .setHttp2ClearTextEnabled(false);
  }

  private void listen() {
    String host = config.bindHost(); // refuses open mode on a non-loopback interface unless allowed
    ApiKeys keys = new ApiKeys(config.apiKeys(), config.tls().clients());
    tls = new TlsFiles(config.tls());
    audit = AuditLog.open(auditDir(config), config.audit().rotateBytes());
    if (keys.openMode()) {
      LOG.warn("No API keys configured: open mode, every caller is the admin principal 'local'; listening on {} only. "
          + "Configure apiKeys (./opsmind hash-key KEY) before exposing this port.", host);
    }
    // Bind before loading models: a port in use is reported at once, not after minutes of loading.
    guard = new ConnectionGuard(vertx, config.http());
    HttpServerOptions options = serverOptions(host, config.port());
    if (config.tls().enabled()) {
      var ssl = tls.sslOptions();
      options.setSsl(true).setKeyCertOptions(ssl.getKeyCertOptions());
      if (ssl.getTrustOptions() != null) {
        options.setTrustOptions(ssl.getTrustOptions()).setClientAuth(ssl.getClientAuth());
      }
    }
    http = vertx.createHttpServer(options)
        .connectionHandler(guard)
        .exceptionHandler(OpsmindServer::connectionProblem)
        .requestHandler(request -> requests.handle(request));
    await(http.listen(), "listen on " + host + ":" + config.port());
    Integer plainPort = config.tls().plainHttpPort();
    if (plainPort != null) { // with TLS, plain HTTP only when asked for
      plainHttp = vertx.createHttpServer(serverOptions(host, plainPort))
          .connectionHandler(guard)
          .exceptionHandler(OpsmindServer::connectionProblem)
          .requestHandler(request -> requests.handle(request));
      await(plainHttp.listen(), "listen (plain HTTP) on " + host + ":" + plainPort);
      LOG.warn("plain HTTP (no TLS) also on {}:{} (tls.plainHttpPort)", host, plainHttp.actualPort());
    }
    guard.start();
    secureDataFolders();
    backends = Backends.load(config, metrics, GroundedChat.CACHED_SYSTEM_PROMPTS);
    sources = new SourceSync(config, backends, ingestExecutor);
    sources.applyReaders();
    HealthHandler health = new HealthHandler(this::readiness, metrics);
    var limiter = new RateLimiter(config.quotas().requestsPerMinute(), config.quotas().burst());
    vertx.setPeriodic(60_000, id -> limiter.forgetIdle());
    auth = new AuthHandler(keys, audit, limiter);
    apiRouter = new ApiRouter(vertx, config, metrics, auth, health, backends, ingestExecutor, audit);
    if (config.cluster().enabled()) {
      cluster = dev.opsmind.server.cluster.ClusterNode.join(vertx, config.cluster(), host + ":" + http.actualPort(),
          backends, config.limits().maxBatch(), () -> !draining.get() && sources.done(), metrics);
      apiRouter.routeThrough(cluster);
      auth.trustRoutedCallers(cluster.replayToken());
      cluster.copyJournals(config.index().toAbsolutePath().normalize().getParent());
    }
    var router = apiRouter.build();
    router.route().order(-1).handler(guard::track);
    requests = guard.requests(router);
    if (cluster != null) {
      cluster.serve(request -> requests.handle(request));
    }
    LOG.info("opsmind listening on {}://{}:{}", config.tls().enabled() ? "https" : "http", host, http.actualPort());
    if (config.tls().enabled()) {
      tlsWatch = vertx.setPeriodic(2000, id -> vertx.executeBlocking(tls::changed, false)
          .onSuccess(changed -> {
            if (changed) {
              reloadTls("files changed");
            }
          }));
    }
    audit.record(AuditLog.entry("server_started").put("host", host).put("port", http.actualPort())
        .put("open_mode", keys.openMode()).put("keys", keys.size()));
    if (keys.openMode() && !ServerConfig.isLoopback(host)) {
      warnOpenRemote(host);
      openRemoteWarning = vertx.setPeriodic(60_000, id -> warnOpenRemote(host));
    }
    if (cluster != null && backends.index().isPresent()) {
      // One node writes the index; this one is a replica until it becomes the writer, and only
      // the writer applies the sources' readers and indexes them (from its last copied commit).
      sources.standBy();
      cluster.replicate(backends.index().get(), () -> {
        sources.applyReaders();
        sources.start();
      });
      LOG.info("opsmind serving on {}://{}:{} (ready; the index follows the cluster's writer)",
          config.tls().enabled() ? "https" : "http", host, http.actualPort());
      ready.tryComplete();
      return;
    }
    if (!sources.hasWork()) {
      sources.start();
      LOG.info("opsmind serving on {}://{}:{} (ready)", config.tls().enabled() ? "https" : "http", host,
          http.actualPort());
      ready.tryComplete();
      return;
    }
    LOG.info("opsmind listening on {}:{}, indexing the configured sources before it is ready (/health shows "
        + "the progress)", host, http.actualPort());
    sources.start().onComplete(done -> {
      if (!draining.get()) {
        LOG.info("opsmind serving on {}:{} (ready; {} source files in step)", host, http.actualPort(),
            sources.progress().filesDone());
        ready.tryComplete();
      }
    });
  }

  /** Completes once the server is ready to serve: listening, with the start-up indexing over. */
  public Future<Void> ready() {
    return ready.future();
  }

  /**
   * Connection-level failures (a client resetting, a TLS handshake from a port scanner): the
   * client's doing, not the server's, so they are not logged as errors.
   */
  private static void connectionProblem(Throwable failure) {
    LOG.debug("connection closed by a problem on the client's side: {}", failure.toString());
  }

  private void warnOpenRemote(String host) {
    LOG.warn("OPEN MODE ON {}:{}: no API keys and allowOpenRemote is set, so anyone who can reach this port is an "
        + "admin (creates and deletes collections). Configure apiKeys.", host, http.actualPort());
  }

  /**
   * Applies a reloaded config while serving: the TLS files are read again and the API keys
   * replaced ({@link KeyReload}: other changes need a restart; a reload that would open a keyed
   * server is refused).
   *
   * @return what happened, one line
   */
  public synchronized String reload(ServerConfig reloaded) {
    if (config.tls().enabled()) {
      reloadTls("config reload");
    }
    return KeyReload.apply(auth, audit, config, reloaded);
  }

  /**
   * Reads the certificate and key files again and hands them to the listener: new connections
   * get the new certificate, open ones keep theirs. A bad file is logged and the old one stays.
   */
  private void reloadTls(String why) {
    http.updateSSLOptions(tls.sslOptions(), true).onComplete(done -> {
      if (done.succeeded()) {
        LOG.info("TLS certificate reloaded ({})", why);
        audit.record(AuditLog.entry("tls_reloaded").put("reason", why));
      } else {
        LOG.error("TLS certificate not reloaded ({}): {}", why, done.cause().getMessage());
        audit.record(AuditLog.entry("tls_reload_failed").put("reason", String.valueOf(done.cause().getMessage())));
      }
    });
  }

  /** {@code audit/} beside the index folder ({@code data/index} → {@code data/audit}). */
  public static java.nio.file.Path auditDir(ServerConfig config) {
    return config.index().toAbsolutePath().normalize().resolveSibling("audit");
  }

  /** The audit log (null before start). */
  public AuditLog audit() {
    return audit;
  }

  /** The interface the server listens on (127.0.0.1 in open mode unless configured otherwise). */
  public String host() {
    return config.bindHost();
  }

  /**
   * The data folder and the index folder are the operator's alone (0700): the index's files, made
   * by Lucene with the process umask, are then unreadable to others whatever their own mode.
   */
  private void secureDataFolders() {
    if (!config.embedderEnabled()) {
      return;
    }
    try {
      dev.opsmind.server.journal.SecureFiles.createDirectories(config.index().toAbsolutePath().normalize());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot create the index folder " + config.index(), e);
    }
  }

  /** Why the start-up indexing of the sources failed; null when it did not (or has not yet). */
  String sourcesError() {
    return sources == null ? null : sources.error();
  }

  /** Whether the start-up indexing of the configured sources has finished (tests wait on it). */
  public boolean sourcesSynced() {
    return sources != null && sources.done();
  }

  private HealthHandler.Readiness readiness() {
    ObjectNode detail = Json.object();
    detail.put("draining", draining.get());
    detail.put("sources_indexed", sourcesSynced());
    if (sourcesError() != null) {
      detail.put("sources_error", sourcesError());
    }
    detail.put("index_open", backends != null && backends.index().isPresent());
    var models = detail.putArray("models");
    if (backends != null) {
      backends.models().forEach(card -> models.add(card.id()));
    }
    if (cluster != null) {
      detail.set("cluster", cluster.describe());
    }
    detail.put("files_indexed", sources == null ? 0 : sources.progress().filesDone());
    detail.put("files_planned", sources == null ? 0 : sources.progress().filesTotal());
    return new HealthHandler.Readiness(!draining.get() && sourcesSynced(),
        sources == null ? null : sources.progress().message(), detail);
  }

  /** The explicit plain-HTTP port beside TLS (tls.plainHttpPort); -1 without one. */
  public int plainHttpPort() {
    return plainHttp == null ? -1 : plainHttp.actualPort();
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
    if (openRemoteWarning >= 0) {
      vertx.cancelTimer(openRemoteWarning);
    }
    if (cluster != null) {
      cluster.leave(); // the other nodes stop routing here before this one stops accepting
    }
    if (guard != null) {
      guard.stop();
    }
    if (tlsWatch >= 0) {
      vertx.cancelTimer(tlsWatch);
    }
    if (plainHttp != null) {
      try {
        await(plainHttp.shutdown(Duration.ofSeconds(config.shutdownGraceSeconds())), "drain plain HTTP");
      } catch (RuntimeException e) {
        LOG.warn("graceful shutdown of plain HTTP did not complete: {}", e.getMessage());
      }
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
    try {
      if (sources != null) {
        await(sources.stop(), "finish indexing the sources");
      }
    } catch (RuntimeException e) {
      LOG.warn("the sources' indexing did not stop: {}", e.getMessage());
    }
    ingestExecutor.close();
    if (cluster != null) {
      cluster.close();
    }
    if (apiRouter != null) {
      apiRouter.close();
    }
    if (backends != null) {
      backends.close();
    }
    if (audit != null) {
      audit.record(AuditLog.entry("server_stopped"));
      audit.close();
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
