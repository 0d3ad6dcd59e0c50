package dev.opsmind.server.web;

import dev.opsmind.server.http.ApiException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * Serves the operator page: {@code GET /} (the HTML, {@code no-cache} with an ETag) and {@code GET
 * /assets/{hashed name}} (scripts and styles, cached for a year as immutable). Both are open: the
 * page holds no data; everything it shows comes from the /v1 API with the operator's key. Every
 * reply carries a Content-Security-Policy that allows only this origin (no CDN, no inline script,
 * no remote font or image), so the page works air-gapped and injected markup could not run.
 */
public final class WebRoutes {
  /** Allows this origin only; data: images for the favicon; no inline scripts or styles, no frames, no forms elsewhere. */
  static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
      + "connect-src 'self'; font-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'self'; "
      + "frame-ancestors 'none'";
  static final String IMMUTABLE = "public, max-age=31536000, immutable";

  /** How the route table adds an open route (it names the route for metrics and the audit log). */
  @FunctionalInterface
  public interface Mount {
    void route(HttpMethod method, String path, Handler<RoutingContext> handler);
  }

  private final WebAssets assets;

  private WebRoutes(WebAssets assets) {
    this.assets = assets;
  }

  /** Loads the page's files (blocking, at start) and adds its two routes. */
  public static void mount(Mount open) {
    WebRoutes web = new WebRoutes(WebAssets.load());
    open.route(HttpMethod.GET, "/", web::index);
    open.route(HttpMethod.GET, "/assets/:name", web::asset);
  }

  void index(RoutingContext ctx) {
    HttpServerResponse response = secured(ctx.response())
        .putHeader("Cache-Control", "no-cache")
        .putHeader("ETag", assets.indexTag());
    String match = ctx.request().getHeader("If-None-Match");
    if (assets.indexTag().equals(match)) {
      response.setStatusCode(304).end();
      return;
    }
    response.putHeader("Content-Type", WebAssets.contentType("index.html")).end(assets.index());
  }

  void asset(RoutingContext ctx) {
    String name = ctx.pathParam("name");
    WebAssets.Asset asset = assets.asset(name);
    if (asset == null) {
      // An old page asking for an asset of a previous build: a clean 404 (it reloads the page).
      throw ApiException.notFound("asset_not_found", "No asset named '" + name + "' in this build of the page");
    }
    secured(ctx.response())
        .putHeader("Content-Type", asset.contentType())
        .putHeader("Cache-Control", IMMUTABLE)
        .end(asset.bytes());
  }

  private static HttpServerResponse secured(HttpServerResponse response) {
    return response.putHeader("Content-Security-Policy", CSP)
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Referrer-Policy", "no-referrer")
        .putHeader("X-Frame-Options", "DENY");
  }
}
