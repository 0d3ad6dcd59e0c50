package dev.opsmind.server;

import dev.opsmind.retrieval.KnowledgeIndex;
import dev.opsmind.server.actions.ActionsRoutes;
import dev.opsmind.server.answer.KnowledgeRetriever;
import dev.opsmind.server.audit.AuditLog;
import dev.opsmind.server.auth.AuthHandler;
import dev.opsmind.server.cluster.ClusterNode;
import dev.opsmind.server.cluster.ClusterRoutes;
import dev.opsmind.server.config.ServerConfig;
import dev.opsmind.server.grounded.ChatRoutes;
import dev.opsmind.server.grounded.GroundedChat;
import dev.opsmind.server.http.ApiErrors;
import dev.opsmind.server.http.RouteTable;
import dev.opsmind.server.knowledge.KnowledgeRoutes;
import dev.opsmind.server.logs.DiagnoseHandler;
import dev.opsmind.server.models.Backends;
import dev.opsmind.server.openai.OpenAiRoutes;
import dev.opsmind.server.openai.ResponseStore;
import dev.opsmind.server.ops.HealthHandler;
import dev.opsmind.server.ops.Metrics;
import dev.opsmind.server.ops.OpsRoutes;
import dev.opsmind.server.web.WebRoutes;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.CorsHandler;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP API's table of contents: the cross-cutting handlers (request log, CORS, error bodies)
 * and, in {@link #routes}, one sub-router per API area — ops, the operator page, OpenAI-compatible
 * generation, chat (plain or grounded), knowledge, actions, log diagnosis — each adding its
 * routes through the {@link RouteTable}'s route kinds. Routes whose backend is not configured are
 * left out (404).
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
  /** This node's cluster membership: generation requests may be served by another node; null alone. */
  private ClusterNode cluster;
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
  public void routeThrough(ClusterNode node) {
    this.cluster = node;
  }

  /** Builds the router: cross-cutting handlers, then the route table. */
  public Router build() {
    router.route().handler(new RequestLog(metrics, audit));
    if (!config.cors().allowedOrigins().isEmpty()) {
      router.route().handler(cors());
    }
    routes(new RouteTable(router, auth, config.limits().maxBodyBytes(), config.limits().maxUploadBytes(), uploadsDir));
    // Failures the router raises before any route runs (bad path encoding: 400, no route: 404,
    // wrong method: 405, ...) get the same OpenAI error body as the routes' own failures.
    for (int status : new int[] {400, 404, 405, 413, 415, 500}) {
      router.errorHandler(status, ctx -> ApiErrors.handleRouterError(ctx, status));
    }
    router.route().failureHandler(ApiErrors::handleFailure);
    return router;
  }

  // ---------------------------------------------------------------- the route table
  private void routes(RouteTable routes) {
    // Everything under /v1 needs a key (unless no keys are configured), even unknown paths.
    router.route("/v1/*").handler(auth);

    OpsRoutes.mount(routes, health, audit, config.metricsRequireKey()); // /health, /ready, /metrics, /v1/audit
    WebRoutes.mount(routes::open); // the operator page: GET / and /assets/{hashed name}

    ResponseStore stored = new ResponseStore(config.quotas().storedResponsesPerPrincipal());
    if (cluster != null) {
      // Before the local routes: a request for a model another node hosts goes there, an index
      // write to the index writer, a stored response another node made is fetched; the rest on
      ClusterRoutes.mount(routes, cluster, backends, stored, config.limits().maxUploadBytes());
    }
    // OpenAI-compatible: models, completions, embeddings, tokenize; chat and responses, plain or grounded
    OpenAiRoutes openai = new OpenAiRoutes(backends, config.limits().maxTokensDefault(), stored);
    openai.mount(routes, metrics);
    GroundedChat grounded = null;
    if (backends.index().isPresent()) {
      // Grounded answers (opsmind extension or alias) need the index.
      grounded = GroundedChat.create(config, backends, stored);
      opened.add(grounded.store());
    }
    ChatRoutes.mount(routes, openai.chat(), openai.responses(), grounded, stored);

    if (backends.index().isPresent()) {
      KnowledgeIndex index = backends.index().get();
      prepareUploads();
      var managed = new java.util.LinkedHashMap<String, java.nio.file.Path>();
      config.sources().forEach(source -> managed.put(source.collection(), source.path()));
      KnowledgeRoutes.mount(routes, index, backends, ingestExecutor, managed, audit); // collections, search
      // Runbook actions: declared in the indexed runbooks, so only with an index.
      var actions = ActionsRoutes.open(vertx, config, index, audit);
      opened.add(actions);
      grounded.chat().proposeActionsWith(new GroundedActions(actions.assistant()));
      actions.mount(routes);
    }

    // Log diagnosis: always there; runbooks come from the index when there is one. Its own
    // executor, so a 1 GB diagnosis never holds the shared worker pool.
    KnowledgeRetriever runbooks = backends.searcher().map(searcher -> new KnowledgeRetriever(searcher,
        backends.embedders().map(e -> e.queryEncoder()).orElse(null), null)).orElse(null);
    var diagnoseExecutor = vertx.createSharedWorkerExecutor("opsmind-diagnose", 2, 2, TimeUnit.HOURS);
    DiagnoseHandler diagnose = new DiagnoseHandler(runbooks, backends.index().orElse(null), diagnoseExecutor,
        config.index().toAbsolutePath().normalize().resolveSibling("log-baselines"));
    routes.jsonOrUpload(HttpMethod.POST, "/v1/diagnose", diagnose::diagnose);
  }
  // ---------------------------------------------------------------- end of the route table

  private CorsHandler cors() {
    CorsHandler cors = CorsHandler.create();
    for (String origin : config.cors().allowedOrigins()) {
      if (origin.equals("*")) {
        cors.addOriginWithRegex(".*");
      } else {
        cors.addOrigin(origin);
      }
    }
    // No allowedHeaders: a preflight's requested headers are allowed back as asked (as vLLM's
    // allow_headers ["*"]). The OpenAI JS SDK in a browser sends x-stainless-* headers, and
    // clients add their own; a fixed list failed their preflight.
    return cors
        .allowedMethods(Set.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.DELETE, HttpMethod.OPTIONS));
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
