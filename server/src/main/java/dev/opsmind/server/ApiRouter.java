package dev.opsmind.server;

import dev.opsmind.server.actions.ActionsRoutes;
import dev.opsmind.server.audit.AuditLog;
import dev.opsmind.server.auth.AuthHandler;
import dev.opsmind.server.config.ServerConfig;
import dev.opsmind.server.grounded.ChatHandler;
import dev.opsmind.server.grounded.GroundedChat;
import dev.opsmind.server.http.ApiErrors;
import dev.opsmind.server.knowledge.CollectionsHandler;
import dev.opsmind.server.knowledge.SearchHandler;
import dev.opsmind.server.logs.DiagnoseHandler;
import dev.opsmind.server.models.Backends;
import dev.opsmind.server.openai.CompletionsHandler;
import dev.opsmind.server.openai.EmbeddingsHandler;
import dev.opsmind.server.openai.ModelsHandler;
import dev.opsmind.server.openai.OpenAiChatHandler;
import dev.opsmind.server.openai.ResponseStore;
import dev.opsmind.server.openai.ResponsesHandler;
import dev.opsmind.server.openai.StoredResponsesHandler;
import dev.opsmind.server.openai.TokenizeHandler;
import dev.opsmind.server.ops.AuditHandler;
import dev.opsmind.server.ops.HealthHandler;
import dev.opsmind.server.ops.Metrics;
import dev.opsmind.server.web.WebRoutes;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.CorsHandler;
import java.util.Set;

/**
 * The HTTP API's table of contents. Every route is listed in {@link #routes()}; handlers live in
 * one small class per API area. Routes whose backend is not configured are left out (404).
 */
public final class ApiRouter implements AutoCloseable {
  private final Vertx vertx;
  private final ServerConfig config;
  private final Metrics metrics;
  private final AuthHandler auth;
  private final HealthHandler health;
  private final Backends backends;
  private final WorkerExecutor ingestExecutor;
  private final Router router;
  private final String uploadsDir;
  private final AuditLog audit;
  /** The grounded chat (null without an index), told about the actions feature once it is built. */
  private GroundedChat groundedChat;
  /** This node's cluster membership: generation requests may be served by another node; null alone. */
  private dev.opsmind.server.cluster.ClusterNode cluster;
  /** Files the routes hold open (feedback journal), closed with the server. */
  private final java.util.List<AutoCloseable> opened = new java.util.ArrayList<>();

  /** {@code audit}: where every request and security event is recorded (null = nowhere). */
  public ApiRouter(Vertx vertx, ServerConfig config, Metrics metrics, AuthHandler auth, HealthHandler health,
      Backends backends, WorkerExecutor ingestExecutor, AuditLog audit) {
    this.audit = audit;
    this.backends = backends;
    this.ingestExecutor = ingestExecutor;
    this.vertx = vertx;
    this.config = config;
    this.metrics = metrics;
    this.auth = auth;
    this.health = health;
    this.router = Router.router(vertx);
    this.uploadsDir = config.index().toAbsolutePath().normalize().resolveSibling("uploads").toString();
  }

  /**
   * {@code uploads/} beside the index folder (0700): multipart files land there while a request
   * runs (Vert.x deletes each when its request ends); leftovers of a crash are removed at start
   * and the folder at close, so no start leaves a folder behind in /tmp.
   */
  private void prepareUploads() {
    java.nio.file.Path dir = java.nio.file.Path.of(uploadsDir);
    try {
      deleteTree(dir);
      dev.opsmind.server.journal.SecureFiles.createDirectories(dir);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot prepare the uploads folder " + dir, e);
    }
    opened.add(() -> deleteTree(dir));
  }

  private static void deleteTree(java.nio.file.Path dir) throws java.io.IOException {
    if (!java.nio.file.Files.exists(dir)) {
      return;
    }
    try (var paths = java.nio.file.Files.walk(dir)) {
      for (java.nio.file.Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        java.nio.file.Files.deleteIfExists(path);
      }
    }
  }

  /**
   * Routes chat and completions requests through the cluster (before {@link #build}): the node
   * that hosts the model serves them, and /v1/models lists every node's models.
   */
  public void routeThrough(dev.opsmind.server.cluster.ClusterNode node) {
    this.cluster = node;
  }

  /** {@code handler}, or the cluster's routing in front of it. */
  private Handler<RoutingContext> clustered(Handler<RoutingContext> handler) {
    dev.opsmind.server.cluster.ClusterNode node = cluster;
    return node == null ? handler : ctx -> node.route(ctx, handler);
  }

  /** Builds the router: cross-cutting handlers, then the route table. */
  public Router build() {
    router.route().handler(this::measure);
    if (!config.cors().allowedOrigins().isEmpty()) {
      router.route().handler(cors());
    }
    routes();
    // Failures the router raises before any route runs (bad path encoding: 400, no route: 404,
    // wrong method: 405, ...) get the same OpenAI error body as the routes' own failures.
    for (int status : new int[] {400, 404, 405, 413, 415, 500}) {
      router.errorHandler(status, ctx -> ApiErrors.handleRouterError(ctx, status));
    }
    router.route().failureHandler(ApiErrors::handleFailure);
    return router;
  }

  // ---------------------------------------------------------------- the route table
  private void routes() {
    // Everything under /v1 needs a key (unless no keys are configured), even unknown paths.
    router.route("/v1/*").handler(auth);

    open(HttpMethod.GET, "/health", health::alive);
    open(HttpMethod.GET, "/ready", health::ready);
    WebRoutes.mount(this::open); // the operator page: GET / and /assets/{hashed name}
    if (config.metricsRequireKey()) {
      api(HttpMethod.GET, "/metrics", health::metrics);
    } else {
      open(HttpMethod.GET, "/metrics", health::metrics);
    }

    if (cluster != null) {
      var models = new dev.opsmind.server.cluster.ClusterModels(cluster, backends);
      plain(HttpMethod.GET, "/v1/models", models::list);
      plain(HttpMethod.GET, "/v1/models/:id", models::get);
    } else {
      ModelsHandler models = new ModelsHandler(backends);
      plain(HttpMethod.GET, "/v1/models", models::list);
      plain(HttpMethod.GET, "/v1/models/:id", models::get);
    }
    int maxTokens = config.limits().maxTokensDefault();
    OpenAiChatHandler chat = backends.generators().isEmpty() ? null
        : new OpenAiChatHandler(backends.generators(), maxTokens);
    ResponseStore stored = new ResponseStore(config.quotas().storedResponsesPerPrincipal());
    ResponsesHandler responses = chat == null ? null
        : new ResponsesHandler(backends.generators(), maxTokens, stored);
    GroundedChat grounded = null;
    if (backends.index().isPresent()) {
      // Grounded answers (opsmind extension or alias) need the index.
      grounded = GroundedChat.create(config, backends, stored);
      groundedChat = grounded;
      opened.add(grounded.store());
      json(HttpMethod.POST, "/v1/feedback", grounded.feedback()::create);
      plain(HttpMethod.GET, "/v1/feedback", grounded.feedback()::list);
    }
    if (chat != null || grounded != null || cluster != null) {
      ChatHandler chats = new ChatHandler(chat, responses, grounded == null ? null : grounded.chat(), stored);
      json(HttpMethod.POST, "/v1/chat/completions", clustered(chats::create));
      json(HttpMethod.POST, "/v1/responses", chats::respond);
    }
    if (chat != null || backends.index().isPresent()) {
      StoredResponsesHandler storedResponses = new StoredResponsesHandler(stored);
      plain(HttpMethod.GET, "/v1/responses/:id", storedResponses::get);
      plain(HttpMethod.DELETE, "/v1/responses/:id", storedResponses::delete);
    }
    if (chat != null || cluster != null) {
      CompletionsHandler completions = new CompletionsHandler(backends.generators(), maxTokens);
      json(HttpMethod.POST, "/v1/completions", clustered(completions::create));
    }
    if (chat != null) {
      // vLLM / llama-server extras, at the root as they serve them
      TokenizeHandler tokenize = new TokenizeHandler(backends.generators());
      apiJson(HttpMethod.POST, "/tokenize", tokenize::tokenize);
      apiJson(HttpMethod.POST, "/detokenize", tokenize::detokenize);
    }

    backends.embedders().ifPresent(embedders -> {
      EmbeddingsHandler embeddings = new EmbeddingsHandler(embedders, metrics);
      json(HttpMethod.POST, "/v1/embeddings", embeddings::create);
    });

    if (audit != null) {
      plain(HttpMethod.GET, "/v1/audit", new AuditHandler(audit.file())::list);
    }

    backends.index().ifPresent(index -> {
      prepareUploads();
      var managed = new java.util.LinkedHashMap<String, java.nio.file.Path>();
      config.sources().forEach(source -> managed.put(source.collection(), source.path()));
      CollectionsHandler collections = new CollectionsHandler(index, backends.ingest().orElseThrow(), ingestExecutor,
          managed, audit);
      json(HttpMethod.POST, "/v1/collections", collections::create);
      plain(HttpMethod.GET, "/v1/collections", collections::list);
      plain(HttpMethod.GET, "/v1/collections/:collection", collections::get);
      plain(HttpMethod.DELETE, "/v1/collections/:collection", collections::delete);
      plain(HttpMethod.GET, "/v1/collections/:collection/documents", collections::listDocuments);
      upload(HttpMethod.POST, "/v1/collections/:collection/documents", uploadsDir, collections::upload);
      plain(HttpMethod.DELETE, "/v1/collections/:collection/documents/*", collections::deleteDocument);
      SearchHandler search = new SearchHandler(backends.searcher().orElseThrow());
      json(HttpMethod.POST, "/v1/search", search::search);
      // Runbook actions: declared in the indexed runbooks, so only with an index.
      var actions = ActionsRoutes.open(vertx, config, index, audit);
      opened.add(actions);
      if (groundedChat != null) {
        groundedChat.chat().proposeActionsWith(new GroundedActions(actions.assistant()));
      }
      for (var r : actions.routes()) {
        if (r.jsonBody()) {
          json(r.method(), r.path(), r.handler());
        } else {
          plain(r.method(), r.path(), r.handler());
        }
      }
    });

    // Log diagnosis: always there; runbooks come from the index when there is one. Its own
    // executor, so a 1 GB diagnosis never holds the shared worker pool.
    dev.opsmind.server.answer.KnowledgeRetriever runbooks = backends.searcher().map(searcher ->
        new dev.opsmind.server.answer.KnowledgeRetriever(searcher,
            backends.embedders().map(e -> e.queryEncoder()).orElse(null), null)).orElse(null);
    var diagnoseExecutor = vertx.createSharedWorkerExecutor("opsmind-diagnose", 2, 2, java.util.concurrent.TimeUnit.HOURS);
    DiagnoseHandler diagnose = new DiagnoseHandler(runbooks, backends.index().orElse(null), diagnoseExecutor,
        config.index().toAbsolutePath().normalize().resolveSibling("log-baselines"));
    router.route(HttpMethod.POST, "/v1/diagnose")
        .handler(tag("/v1/diagnose"))
        .handler(JSON_BODY)
        .handler(BodyHandler.create(uploadsDir).setBodyLimit(config.limits().maxUploadBytes()).setDeleteUploadedFilesOnEnd(true))
        .handler(diagnose::diagnose);
  }
  // ---------------------------------------------------------------- end of the route table

  /** A route anyone may call. */
  private void open(HttpMethod method, String path, Handler<RoutingContext> handler) {
    router.route(method, path).handler(tag(path)).handler(handler);
  }

  /** A route that needs an API key (outside /v1, where the /v1 guard does not apply). */
  private void api(HttpMethod method, String path, Handler<RoutingContext> handler) {
    router.route(method, path).handler(tag(path)).handler(auth).handler(handler);
  }

  /**
   * A JSON route outside /v1 that needs an API key: the key is checked by a route of its own
   * first, as the /v1 guard does (Vert.x wants the body handler before any user handler).
   */
  private void apiJson(HttpMethod method, String path, Handler<RoutingContext> handler) {
    router.route(method, path).handler(auth);
    json(method, path, handler);
  }

  /** A /v1 JSON route: authenticated by the /v1 guard, body read up to the configured limit. */
  void json(HttpMethod method, String path, Handler<RoutingContext> handler) {
    router.route(method, path)
        .handler(tag(path))
        .handler(JSON_BODY)
        .handler(BodyHandler.create(false).setBodyLimit(config.limits().maxBodyBytes()))
        .handler(handler);
  }

  /**
   * The body of a JSON route is JSON whatever its Content-Type says: {@code curl -d} labels it
   * a form, and Vert.x would decode a form (and fail on a long "field") instead of keeping the bytes.
   */
  private static final Handler<RoutingContext> JSON_BODY = new JsonBody();

  private static final class JsonBody implements io.vertx.ext.web.handler.PlatformHandler {
    @Override
    public void handle(RoutingContext ctx) {
      String type = ctx.request().getHeader("Content-Type");
      if (type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
        ctx.request().headers().remove("Content-Type");
      }
      ctx.next();
    }
  }

  /** A /v1 route without a body (GET, DELETE). */
  void plain(HttpMethod method, String path, Handler<RoutingContext> handler) {
    router.route(method, path).handler(tag(path)).handler(handler);
  }

  /** A /v1 multipart upload route: files go to a temporary folder, deleted when the request ends. */
  void upload(HttpMethod method, String path, String uploadsDir, Handler<RoutingContext> handler) {
    router.route(method, path)
        .handler(tag(path))
        .handler(BodyHandler.create(uploadsDir)
            .setBodyLimit(config.limits().maxUploadBytes())
            .setDeleteUploadedFilesOnEnd(true))
        .handler(handler);
  }

  private static final String ROUTE = "opsmind.route";

  /** Names the route for metrics; a platform handler, so Vert.x lets it run before the body handler. */
  private static Handler<RoutingContext> tag(String path) {
    return new RouteTag(path);
  }

  private record RouteTag(String path) implements io.vertx.ext.web.handler.PlatformHandler {
    @Override
    public void handle(RoutingContext ctx) {
      ctx.put(ROUTE, path);
      ctx.next();
    }
  }

  private static final java.util.concurrent.atomic.AtomicLong REQUESTS = new java.util.concurrent.atomic.AtomicLong();
  private static final String BOOT = Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);

  /**
   * Metrics and the audit entry of every request; names it with an {@code X-Request-Id} (echoed
   * in the audit log, so a client's report can be found there).
   */
  private void measure(RoutingContext ctx) {
    long start = System.nanoTime();
    String requestId = "req_" + BOOT + "_" + Long.toString(REQUESTS.incrementAndGet(), 36);
    ctx.response().putHeader("X-Request-Id", requestId);
    ctx.addEndHandler(done -> {
      String route = ctx.get(ROUTE);
      long nanos = System.nanoTime() - start;
      int status = ctx.response().getStatusCode();
      metrics.recordRequest(route == null ? "unmatched" : route, ctx.request().method().name(), status, nanos);
      if (audit != null) {
        var principal = AuthHandler.principalOrNull(ctx);
        var role = AuthHandler.role(ctx);
        String method = ctx.request().method().name();
        audit.record(AuditLog.entry("request")
            .put("request_id", requestId)
            .put("principal", principal == null ? null : principal.name())
            .put("role", role == null ? null : role.id())
            .put("method", method.length() > 16 ? method.substring(0, 16) + "…" : method)
            .put("route", route == null ? "unmatched" : route)
            .put("path", pathOf(ctx))
            .put("status", status)
            .put("bytes", ctx.response().bytesWritten())
            .put("latency_ms", Math.round(nanos / 1e4) / 100.0)
            .put("remote", ctx.request().remoteAddress() == null ? null : ctx.request().remoteAddress().hostAddress()));
      }
    });
    ctx.next();
  }

  /** The request path without its query (which could hold anything), at most 200 characters. */
  private static String pathOf(RoutingContext ctx) {
    String path = ctx.request().path();
    return path == null || path.length() <= 200 ? path : path.substring(0, 200) + "…";
  }

  private CorsHandler cors() {
    CorsHandler cors = CorsHandler.create();
    for (String origin : config.cors().allowedOrigins()) {
      if (origin.equals("*")) {
        cors.addOriginWithRegex(".*");
      } else {
        cors.addOrigin(origin);
      }
    }
    return cors
        .allowedMethods(Set.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.DELETE, HttpMethod.OPTIONS))
        .allowedHeaders(Set.of("Authorization", "Content-Type", "OpenAI-Organization", "OpenAI-Project"));
  }

  /** Closes what the routes opened. */
  @Override
  public void close() {
    for (AutoCloseable closeable : opened) {
      try {
        closeable.close();
      } catch (Exception e) {
        org.slf4j.LoggerFactory.getLogger(ApiRouter.class).warn("closing {}: {}", closeable, e.getMessage());
      }
    }
  }

  Vertx vertx() {
    return vertx;
  }
}
