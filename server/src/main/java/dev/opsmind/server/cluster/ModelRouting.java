package dev.opsmind.server.cluster;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opsmind.server.http.ApiException;
import dev.opsmind.server.http.Json;
import dev.opsmind.server.models.Backends;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/**
 * The entry side of model requests: each is served here (the local routes, {@code ctx.next()})
 * when this node hosts its model, else sent to a node that does ({@link RemoteCall}). Generation
 * (chat, completions, responses) and vLLM's /tokenize and /detokenize go by {@link Placement}'s
 * load and prefix affinity; /v1/embeddings to a node announcing the embedder.
 */
final class ModelRouting {
  private final ClusterNode node;
  private final Backends local;
  private final SharedResponses responses;

  ModelRouting(ClusterNode node, Backends local, SharedResponses responses) {
    this.node = node;
    this.local = local;
    this.responses = responses;
  }

  /**
   * POST /v1/chat/completions, /v1/completions and /v1/responses: served here when this node is
   * the best host of the model (for the Responses API: whenever it hosts it), or no node hosts it
   * and this one has a local handler (model_not_found, grounded aliases); else routed to the
   * chosen node. A Responses API follow-up ({@code previous_response_id}) is served like any
   * request; where it is served, the stored response is first fetched from the shared map when
   * another node made it.
   */
  void generation(RoutingContext ctx) {
    boolean responsesApi = ctx.request().path().equals("/v1/responses");
    ObjectNode body = readable(ctx);
    String previous = responsesApi && body != null ? text(body, "previous_response_id") : null;
    String model = body == null ? null : text(body, "model");
    if (hop(ctx) || model == null || (responsesApi && local.generators().containsKey(model))) {
      responses.fetch(ctx, previous);
      return;
    }
    String key = Affinity.key(body);
    Destinations hosts = Destinations.hostsOf(node, model, key);
    NodeStatus target = hosts.next(Set.of());
    if (target == null && local.generators().isEmpty() && local.index().isEmpty()) {
      // no node hosts it, and this one has no chat or completions routes of its own
      throw ApiException.modelNotFound(model);
    }
    if (target == null || target.nodeId().equals(node.selfId())) {
      responses.fetch(ctx, previous);
      return;
    }
    new RemoteCall(node, ctx, hosts, ctx.body().buffer(), true).start(target);
  }

  /** POST /tokenize and /detokenize: with the tokenizer of a node hosting the named generator. */
  void tokenize(RoutingContext ctx) {
    ObjectNode body = body(ctx);
    String model = body == null ? null : text(body, "model");
    if (model == null || local.generators().containsKey(model)) {
      ctx.next(); // no model named: this node's only generator, or its error
      return;
    }
    Destinations hosts = Destinations.hostsOf(node, model, null);
    send(ctx, hosts.next(Set.of()), hosts);
  }

  /** POST /v1/embeddings: on a node that announces the embedder. */
  void embeddings(RoutingContext ctx) {
    ObjectNode body = body(ctx);
    String model = body == null ? null : text(body, "model");
    boolean here = local.embedders().map(set -> set.members().stream()
        .anyMatch(m -> m.embedder().name().equals(model))).orElse(false);
    if (model == null || here) {
      ctx.next();
      return;
    }
    String key = body.path("input").toString();
    Destinations hosts = new Destinations() {
      @Override
      public NodeStatus next(Set<String> tried) {
        return node.chooseEmbedder(model, key, tried);
      }

      @Override
      public String label() {
        return model;
      }

      @Override
      public ApiException unavailable(String why) {
        return Destinations.hostsOf(node, model, null).unavailable(why);
      }
    };
    send(ctx, hosts.next(Set.of()), hosts);
  }

  /** To {@code target}, or the local routes when it is this node or none (they answer model_not_found). */
  private void send(RoutingContext ctx, NodeStatus target, Destinations hosts) {
    if (target == null || target.nodeId().equals(node.selfId())) {
      ctx.next();
      return;
    }
    new RemoteCall(node, ctx, hosts, ctx.body().buffer(), true).start(target);
  }

  /** The JSON body of a request to route, or null: replayed here, empty or unreadable (the local handler says why). */
  private static ObjectNode body(RoutingContext ctx) {
    return hop(ctx) ? null : readable(ctx);
  }

  /** Whether another node routed this request here: it is served here, never routed again. */
  private static boolean hop(RoutingContext ctx) {
    return ctx.request().getHeader(ClusterNode.HOP_HEADER) != null;
  }

  /** The JSON body, or null when empty or unreadable. */
  private static ObjectNode readable(RoutingContext ctx) {
    if (ctx.body() == null || ctx.body().length() == 0) {
      return null;
    }
    try {
      return Json.body(ctx);
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static String text(ObjectNode body, String field) {
    return body.path(field).isTextual() ? body.path(field).asText() : null;
  }
}
