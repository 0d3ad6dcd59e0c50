package dev.opsmind.server.auth;

import dev.opsmind.retrieval.Principal;
import dev.opsmind.server.http.ApiErrors;
import dev.opsmind.server.http.ApiException;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * Bearer-key authentication: puts the caller's {@link Principal} into the routing context, or
 * answers 401 (code invalid_api_key). In open local mode every caller is {@link #LOCAL}.
 */
public final class AuthHandler implements Handler<RoutingContext> {
  /** The caller in open local mode (no keys configured): an admin. */
  public static final Principal LOCAL = new Principal("local", true);
  private static final String PRINCIPAL = "opsmind.principal";
  private final ApiKeys keys;

  public AuthHandler(ApiKeys keys) {
    this.keys = keys;
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (keys.openMode()) {
      ctx.put(PRINCIPAL, LOCAL);
      ctx.next();
      return;
    }
    String header = ctx.request().getHeader("Authorization");
    if (header == null || header.isBlank()) {
      ApiErrors.send(ctx, ApiException.invalidApiKey(
          "You didn't provide an API key. Send it as 'Authorization: Bearer YOUR_KEY'."));
      return;
    }
    if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      ApiErrors.send(ctx, ApiException.invalidApiKey(
          "The Authorization header must be 'Bearer YOUR_KEY'."));
      return;
    }
    var principal = keys.authenticate(header.substring(7).trim());
    if (principal.isEmpty()) {
      ApiErrors.send(ctx, ApiException.invalidApiKey("Incorrect API key provided."));
      return;
    }
    ctx.put(PRINCIPAL, principal.get());
    ctx.next();
  }

  /** The authenticated caller (set by this handler before any API handler runs). */
  public static Principal principal(RoutingContext ctx) {
    Principal principal = ctx.get(PRINCIPAL);
    if (principal == null) {
      throw new IllegalStateException("no principal: the route is missing the AuthHandler");
    }
    return principal;
  }

  /** Admin-only operations (ingestion, deletes): 403 for other principals. */
  public static Principal requireAdmin(RoutingContext ctx) {
    Principal principal = principal(ctx);
    if (!principal.admin()) {
      throw ApiException.forbidden("Principal '" + principal.name() + "' is not an admin");
    }
    return principal;
  }
}
