package dev.opsmind.server.openai;

import dev.opsmind.server.auth.AuthHandler;
import dev.opsmind.server.http.Json;
import io.vertx.ext.web.RoutingContext;

/** GET and DELETE /v1/responses/{id}: the caller's stored responses ({@link ResponseStore}). */
public final class StoredResponsesHandler {
  private final ResponseStore store;

  public StoredResponsesHandler(ResponseStore store) {
    this.store = store;
  }

  /** A stored response, as it was answered. */
  public void get(RoutingContext ctx) {
    Json.reply(ctx, 200, store.get(ctx.pathParam("id"), AuthHandler.principal(ctx).name()));
  }

  /** Forgets a stored response. */
  public void delete(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    store.delete(id, AuthHandler.principal(ctx).name());
    Json.reply(ctx, 200, Json.object().put("id", id).put("object", "response").put("deleted", true));
  }
}
