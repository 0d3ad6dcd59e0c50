package dev.opsmind.server.cluster;

import dev.opsmind.server.http.RouteTable;
import dev.opsmind.server.models.Backends;
import io.vertx.core.http.HttpMethod;

/**
 * A member's routes, mounted before the local ones: chat, completions and responses requests (the
 * latter without previous_response_id, for a model not hosted here) go to the node
 * that hosts their model (or on to the local routes, {@code ctx.next()}), index writes on a replica
 * go to the index writer ({@link IndexWrites}), a stored response another node made is fetched
 * first ({@link SharedResponses}), and /v1/models lists every node's models with the
 * nodes that serve them.
 */
public final class ClusterRoutes {
  private ClusterRoutes() {}

  /** {@code maxUploadBytes}: the largest index write body forwarded to the writer (limits.maxUploadBytes). */
  public static void mount(RouteTable routes, ClusterNode node, Backends backends,
      dev.opsmind.server.openai.ResponseStore stored, long maxUploadBytes) {
    ClusterModels listing = new ClusterModels(node, backends);
    routes.plain(HttpMethod.GET, "/v1/models", listing::list);
    routes.plain(HttpMethod.GET, "/v1/models/:id", listing::get);
    SharedResponses responses = new SharedResponses(node.hazelcast(), node.sealer(), stored);
    routes.plain(HttpMethod.GET, "/v1/responses/:id", ctx -> responses.fetch(ctx, ctx.pathParam("id")));
    routes.plain(HttpMethod.DELETE, "/v1/responses/:id", ctx -> responses.fetch(ctx, ctx.pathParam("id")));
    ModelRouting models = new ModelRouting(node, backends, responses);
    routes.json(HttpMethod.POST, "/v1/chat/completions", models::generation);
    routes.json(HttpMethod.POST, "/v1/completions", models::generation);
    routes.json(HttpMethod.POST, "/v1/responses", models::generation);
    routes.json(HttpMethod.POST, "/v1/embeddings", models::embeddings);
    // Outside /v1, so keyed here: the caller is authenticated and counted once, on this node, and
    // travels with the request (the serving node trusts it; a request has one principal however
    // many guards it passes).
    routes.keyedJson(HttpMethod.POST, "/tokenize", models::tokenize);
    routes.keyedJson(HttpMethod.POST, "/detokenize", models::tokenize);
    if (backends.index().isPresent()) {
      // index writes on a replica go to the writer (raw bodies: no body handler before these)
      IndexWrites writes = new IndexWrites(node, maxUploadBytes);
      routes.plain(HttpMethod.POST, "/v1/collections", writes::route);
      routes.plain(HttpMethod.DELETE, "/v1/collections/:collection", writes::route);
      routes.plain(HttpMethod.POST, "/v1/collections/:collection/documents", writes::route);
      routes.plain(HttpMethod.DELETE, "/v1/collections/:collection/documents/*", writes::route);
    }
  }
}
