package dev.opsmind.server.cluster;

import dev.opsmind.server.http.RouteTable;
import dev.opsmind.server.models.Backends;
import io.vertx.core.http.HttpMethod;

/**
 * A member's routes, mounted before the local ones: chat, completions and responses requests (the
 * latter without previous_response_id, for a model not hosted here) go to the node
 * that hosts their model (or on to the local routes, {@code ctx.next()}), and /v1/models lists
 * every node's models with the nodes that serve them.
 */
public final class ClusterRoutes {
  private ClusterRoutes() {}

  public static void mount(RouteTable routes, ClusterNode node, Backends backends) {
    ClusterModels models = new ClusterModels(node, backends);
    routes.plain(HttpMethod.GET, "/v1/models", models::list);
    routes.plain(HttpMethod.GET, "/v1/models/:id", models::get);
    routes.json(HttpMethod.POST, "/v1/chat/completions", ctx -> node.route(ctx, backends));
    routes.json(HttpMethod.POST, "/v1/completions", ctx -> node.route(ctx, backends));
    routes.json(HttpMethod.POST, "/v1/responses", ctx -> node.route(ctx, backends));
  }
}
