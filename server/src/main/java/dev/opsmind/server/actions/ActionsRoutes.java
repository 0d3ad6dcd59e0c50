package dev.opsmind.server.actions;

import dev.opsmind.retrieval.KnowledgeIndex;
import dev.opsmind.server.audit.AuditLog;
import dev.opsmind.server.config.ServerConfig;
import dev.opsmind.server.http.RouteTable;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpMethod;
import java.nio.file.Path;
import java.time.Clock;

/**
 * The runbook-actions feature, assembled: its store (opened, with crashed runs marked
 * interrupted and audited), its runner and its routes ({@link #mount}).
 */
public final class ActionsRoutes implements AutoCloseable {
  private final ProposalStore store;
  private final WorkerExecutor runs;
  private final ActionsHandler handler;
  private final ActionCatalog catalog;
  private final AssistantProposals assistant;

  private ActionsRoutes(ProposalStore store, WorkerExecutor runs, ActionsHandler handler, ActionCatalog catalog) {
    this.store = store;
    this.runs = runs;
    this.handler = handler;
    this.catalog = catalog;
    this.assistant = new AssistantProposals(catalog, store, handler);
  }

  /** {@code <data>/actions/} beside the index folder. */
  public static Path dataDir(ServerConfig config) {
    return config.index().toAbsolutePath().normalize().resolveSibling("actions");
  }

  /** Opens the proposal journal (blocking) and builds the handlers. */
  public static ActionsRoutes open(Vertx vertx, ServerConfig config, KnowledgeIndex index, AuditLog audit) {
    ServerConfig.Actions settings = config.actions();
    ProposalStore store = ProposalStore.open(dataDir(config), Clock.systemUTC());
    if (audit != null) {
      for (Proposal p : store.interruptedAtOpen()) {
        audit.record(AuditLog.entry("action_run_interrupted").put("proposal_id", p.id()).put("action", p.action())
            .put("collection", p.source().collection()).put("path", p.source().path())
            .put("principal", p.run() == null ? null : p.run().by()).put("state", "interrupted"));
      }
    }
    ActionRunner runner = new ActionRunner(settings, ServerConfig.home());
    WorkerExecutor runs = vertx.createSharedWorkerExecutor("opsmind-actions", settings.maxConcurrent(),
        Long.MAX_VALUE, java.util.concurrent.TimeUnit.NANOSECONDS);
    ActionCatalog catalog = new ActionCatalog(index, runner::allowed);
    ActionsHandler handler = new ActionsHandler(catalog, store, runner, audit, runs, settings.proposalTtlSeconds() * 1000);
    if (config.cluster().enabled()) {
      handler.readCopiesFrom(new ProposalCopies(dataDir(config).getParent()));
    }
    return new ActionsRoutes(store, runs, handler, catalog);
  }

  /** Adds the actions routes: the catalog, proposals, and their approval, rejection and run. */
  public void mount(RouteTable routes) {
    routes.plain(HttpMethod.GET, "/v1/actions", handler::list);
    routes.plain(HttpMethod.GET, "/v1/actions/errors", handler::errors);
    routes.json(HttpMethod.POST, "/v1/actions/proposals", handler::propose);
    routes.plain(HttpMethod.GET, "/v1/actions/proposals", handler::listProposals);
    routes.plain(HttpMethod.GET, "/v1/actions/proposals/:id", handler::getProposal);
    routes.json(HttpMethod.POST, "/v1/actions/proposals/:id/approve", handler::approve);
    routes.json(HttpMethod.POST, "/v1/actions/proposals/:id/reject", handler::reject);
    routes.json(HttpMethod.POST, "/v1/actions/proposals/:id/run", handler::run);
  }

  /** What grounded answers call to offer the cited runbooks' actions and take the model's requests (blocking). */
  public AssistantProposals assistant() {
    return assistant;
  }

  ActionCatalog catalog() {
    return catalog;
  }

  @Override
  public void close() {
    runs.close();
    store.close();
  }
}
