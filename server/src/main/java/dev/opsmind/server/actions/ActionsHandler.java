package dev.opsmind.server.actions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opsmind.retrieval.Principal;
import dev.opsmind.server.audit.AuditLog;
import dev.opsmind.server.auth.AuthHandler;
import dev.opsmind.server.auth.Role;
import dev.opsmind.server.http.ApiErrors;
import dev.opsmind.server.http.ApiException;
import dev.opsmind.server.http.Json;
import io.vertx.core.WorkerExecutor;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The /v1/actions routes (server/README.md, "Runbook actions"). Every change and every refusal
 * is written to the audit log with principal, role and request id before the reply; index, journal
 * and process work runs on workers (runs on their own executor).
 */
public final class ActionsHandler {
  private final ActionCatalog catalog;
  private final ProposalStore store;
  private final ActionRunner runner;
  private final AuditLog audit;
  private final WorkerExecutor runs;
  private final long ttlMillis;

  ActionsHandler(ActionCatalog catalog, ProposalStore store, ActionRunner runner, AuditLog audit, WorkerExecutor runs,
      long ttlMillis) {
    this.catalog = catalog;
    this.store = store;
    this.runner = runner;
    this.audit = audit;
    this.runs = runs;
    this.ttlMillis = ttlMillis;
  }

  /** GET /v1/actions: the runnable actions of the collections the caller may read. */
  public void list(RoutingContext ctx) {
    Principal caller = AuthHandler.principal(ctx);
    work(ctx, "list", null, () -> {
      ArrayNode data = Json.MAPPER.createArrayNode();
      catalog.view(caller).actions().forEach(e -> data.add(e.toJson()));
      return page(data);
    }, 200);
  }

  /** GET /v1/actions/errors: declarations that never run, and why. */
  public void errors(RoutingContext ctx) {
    Principal caller = AuthHandler.principal(ctx);
    work(ctx, "errors", null, () -> {
      ArrayNode data = Json.MAPPER.createArrayNode();
      catalog.view(caller).errors().forEach(e -> data.add(e.toJson()));
      return page(data);
    }, 200);
  }

  /** POST /v1/actions/proposals {action, arguments, rationale, citations?, collection?}: any role. */
  public void propose(RoutingContext ctx) {
    Principal caller = AuthHandler.principal(ctx);
    Role role = AuthHandler.role(ctx);
    work(ctx, "propose", null, () -> {
      ProposalRequest request = ProposalRequest.read(Json.body(ctx));
      String rationale = request.rationale();
      ActionCatalog.Entry entry = catalog.find(caller, request.action(), request.collection());
      Proposal p = store.create(propose(entry, request.arguments(), rationale, request.citations(), caller.name(),
          role.id(), "api"));
      audit(ctx, "action_proposed", p, Json.object().put("rationale", rationale));
      return p.toJson(store.now());
    }, 201);
  }

  /** A pending proposal of {@code entry} ({@link Proposal#pending}), expiring after the configured TTL. */
  Proposal propose(ActionCatalog.Entry entry, Map<String, String> arguments, String rationale, JsonNode citations,
      String by, String role, String origin) {
    return Proposal.pending(entry, arguments, rationale, citations, by, role, origin, store.now(), ttlMillis);
  }

  /** GET /v1/actions/proposals[?state=]: the caller's own, or all for operators and admins. */
  public void listProposals(RoutingContext ctx) {
    Principal caller = AuthHandler.principal(ctx);
    boolean all = AuthHandler.role(ctx).atLeast(Role.OPERATOR);
    String state = ctx.queryParams().get("state");
    work(ctx, "list_proposals", null, () -> {
      long now = store.now();
      ArrayNode data = Json.MAPPER.createArrayNode();
      store.list(p -> (all || p.proposedBy().equals(caller.name())) && (state == null || p.state(now).equals(state)))
          .forEach(p -> data.add(p.toJson(now)));
      return page(data);
    }, 200);
  }

  /** In a cluster: the other nodes' proposals, served read-only when not here (null alone). */
  private ProposalCopies copies;

  void readCopiesFrom(ProposalCopies copies) {
    this.copies = copies;
  }

  /**
   * GET /v1/actions/proposals/{id}: 404 for another principal's proposal unless operator or admin.
   * In a cluster, a proposal another node made is served from this node's copy of its journal,
   * marked {@code opsmind_copy_of} (that node's name).
   */
  public void getProposal(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    if (copies != null && store.get(id).isEmpty()) {
      Principal caller = AuthHandler.principal(ctx);
      boolean all = AuthHandler.role(ctx).atLeast(Role.OPERATOR);
      ctx.vertx().executeBlocking(() -> copies.find(id), false).onComplete(found -> {
        var copy = found.succeeded() ? found.result().filter(c -> all || c.proposal().proposedBy().equals(caller.name()))
            : java.util.Optional.<ProposalCopies.Copy>empty();
        if (copy.isEmpty()) {
          ApiErrors.send(ctx, found.failed() ? found.cause()
              : ApiException.notFound("proposal_not_found", "No proposal has id '" + id + "'"));
          return;
        }
        Json.reply(ctx, 200, copy.get().proposal().toJson(store.now()).put("opsmind_copy_of", copy.get().node()));
      });
      return;
    }
    Proposal p = visible(ctx, id);
    Json.reply(ctx, 200, p.toJson(store.now()));
  }

  private Proposal visible(RoutingContext ctx, String id) {
    Principal caller = AuthHandler.principal(ctx);
    boolean all = AuthHandler.role(ctx).atLeast(Role.OPERATOR);
    return store.get(id).filter(p -> all || p.proposedBy().equals(caller.name()))
        .orElseThrow(() -> ApiException.notFound("proposal_not_found", "No proposal has id '" + id + "'"));
  }

  /** POST /v1/actions/proposals/{id}/approve {comment?}: operator or admin; four eyes on high risk. */
  public void approve(RoutingContext ctx) {
    decide(ctx, true);
  }

  /** POST /v1/actions/proposals/{id}/reject {comment?}: operator or admin. */
  public void reject(RoutingContext ctx) {
    decide(ctx, false);
  }

  private void decide(RoutingContext ctx, boolean approve) {
    String id = ctx.pathParam("id");
    work(ctx, approve ? "approve" : "reject", id, () -> {
      Principal caller = AuthHandler.require(ctx, Role.OPERATOR);
      String role = AuthHandler.role(ctx).id();
      String comment = ProposalRequest.Decision.read(optionalBody(ctx)).comment();
      Proposal p = approve ? store.approve(id, caller.name(), role, comment) : store.reject(id, caller.name(), role, comment);
      var extra = Json.object().put("comment", comment);
      if (approve) {
        extra.put("argv_sha256", p.approval().argvSha256());
      }
      audit(ctx, approve ? "action_approved" : "action_rejected", p, extra);
      return p.toJson(store.now());
    }, 200);
  }

  /** POST /v1/actions/proposals/{id}/run {dry_run?}: operator or admin; exactly once. */
  public void run(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    Principal caller;
    boolean dryRun;
    try {
      caller = AuthHandler.require(ctx, Role.OPERATOR);
      dryRun = ProposalRequest.Run.read(optionalBody(ctx)).dryRun();
    } catch (RuntimeException e) {
      refused(ctx, "run", id, e);
      ApiErrors.send(ctx, e);
      return;
    }
    String role = AuthHandler.role(ctx).id();
    if (dryRun) {
      work(ctx, "dry_run", id, () -> {
        Proposal p = store.get(id).orElseThrow(() -> ApiException.notFound("proposal_not_found",
            "No proposal has id '" + id + "'"));
        audit(ctx, "action_dry_run", p, Json.object());
        ObjectNode reply = Json.object().put("object", "action.run").put("proposal_id", id).put("dry_run", true)
            .put("state", p.state(store.now()));
        reply.set("argv", Json.MAPPER.valueToTree(p.argv()));
        reply.put("allowed", runner.allowed(p.argv().get(0)));
        return reply;
      }, 200);
      return;
    }
    if (!runner.tryAcquire()) {
      ApiException busy = new ApiException(429, "rate_limit_error", "actions_busy", null,
          "As many actions as actions.maxConcurrent allows are running; retry shortly", 5);
      refused(ctx, "run", id, busy);
      ApiErrors.send(ctx, busy);
      return;
    }
    workOn(runs, ctx, "run", id, () -> {
      try {
        Proposal p = store.get(id).orElseThrow(() -> ApiException.notFound("proposal_not_found",
            "No proposal has id '" + id + "'"));
        if (!runner.allowed(p.argv().get(0))) {
          throw ApiException.forbidden("The executable " + p.argv().get(0) + " is no longer on actions.allow");
        }
        Proposal running = store.start(id, caller.name(), role);
        audit(ctx, "action_run_started", running, Json.object());
        ActionRunner.Result r = runner.run(running.argv(), running.timeoutSeconds());
        String state = r.timedOut() ? "timed_out" : r.exitCode() != null && r.exitCode() == 0 ? "succeeded" : "failed";
        ObjectNode result = result(r);
        Proposal done = store.finish(id, state, result);
        ObjectNode extra = Json.object().put("exit_code", r.exitCode()).put("duration_ms", r.durationMillis())
            .put("timed_out", r.timedOut()).put("stdout_sha256", r.stdout().sha256())
            .put("stdout_bytes", r.stdout().bytes()).put("stderr_sha256", r.stderr().sha256())
            .put("stderr_bytes", r.stderr().bytes()).put("launch_error", r.launchError());
        audit(ctx, "action_run_finished", done, extra);
        ObjectNode reply = Json.object().put("object", "action.run").put("proposal_id", id).put("state", state);
        reply.set("argv", Json.MAPPER.valueToTree(done.argv()));
        reply.setAll(result);
        return reply;
      } finally {
        runner.release();
      }
    }, 200);
  }

  static ObjectNode result(ActionRunner.Result r) {
    ObjectNode node = Json.object().put("exit_code", r.exitCode())
        .put("stdout", r.stdout().text()).put("stdout_truncated", r.stdout().truncated())
        .put("stderr", r.launchError() != null ? r.launchError() : r.stderr().text())
        .put("stderr_truncated", r.stderr().truncated())
        .put("started_at", r.startedAtMillis() / 1000).put("duration_ms", r.durationMillis())
        .put("timed_out", r.timedOut());
    if (r.launchError() != null) {
      node.put("launch_error", r.launchError());
    }
    return node;
  }

  /** Approve, reject and run take an optional body: none at all reads as {}. */
  private static ObjectNode optionalBody(RoutingContext ctx) {
    var body = ctx.body() == null ? null : ctx.body().buffer();
    return body == null || body.length() == 0 ? Json.object() : Json.body(ctx);
  }

  private static ObjectNode page(ArrayNode data) {
    ObjectNode body = Json.object().put("object", "list");
    body.set("data", data);
    body.put("has_more", false);
    return body;
  }

  private void work(RoutingContext ctx, String op, String id, Callable<ObjectNode> body, int status) {
    workOn(null, ctx, op, id, body, status);
  }

  /** Runs {@code body} on a worker ({@code executor}, or the shared pool); a refusal is audited, then answered. */
  private void workOn(WorkerExecutor executor, RoutingContext ctx, String op, String id, Callable<ObjectNode> body,
      int status) {
    Callable<ObjectNode> audited = () -> {
      try {
        return body.call();
      } catch (RuntimeException e) {
        refused(ctx, op, id, e);
        throw e;
      }
    };
    var future = executor == null ? ctx.vertx().executeBlocking(audited, false) : executor.executeBlocking(audited, false);
    future.onComplete(done -> {
      if (done.failed()) {
        ApiErrors.send(ctx, done.cause());
      } else {
        Json.reply(ctx, status, done.result());
      }
    });
  }

  private void refused(RoutingContext ctx, String op, String id, Throwable e) {
    if (audit == null || op.startsWith("list") || op.equals("errors")) {
      return;
    }
    var mapped = ApiErrors.map(e);
    ObjectNode entry = base(ctx, "action_refused").put("operation", op).put("proposal_id", id)
        .put("status", mapped.status()).put("reason", String.valueOf(e.getMessage()));
    audit.record(entry);
  }

  /** A model's request for an action that was refused (nothing stored), audited as the API's refusals are. */
  void refusedRequest(RoutingContext ctx, String action, RuntimeException e) {
    if (audit != null) {
      audit.recordNow(base(ctx, "action_refused").put("operation", "assistant_propose").put("action", action)
          .put("status", ApiErrors.map(e).status()).put("reason", String.valueOf(e.getMessage())));
    }
  }

  ObjectNode base(RoutingContext ctx, String event) {
    Principal principal = AuthHandler.principalOrNull(ctx);
    Role role = AuthHandler.role(ctx);
    return AuditLog.entry(event).put("request_id", ctx.response().headers().get("X-Request-Id"))
        .put("principal", principal == null ? null : principal.name()).put("role", role == null ? null : role.id());
  }

  /** A state change, on disk in the audit log before the reply (blocking: on a worker). */
  void audit(RoutingContext ctx, String event, Proposal p, ObjectNode extra) {
    if (audit == null) {
      return;
    }
    ObjectNode entry = base(ctx, event).put("proposal_id", p.id()).put("action", p.action())
        .put("collection", p.source().collection()).put("path", p.source().path()).put("risk", p.risk())
        .put("proposed_by", p.proposedBy()).put("state", p.state());
    entry.set("argv", Json.MAPPER.valueToTree(p.argv()));
    entry.setAll(extra);
    audit.recordNow(entry);
  }
}
