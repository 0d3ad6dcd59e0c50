package dev.opsmind.server.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.PlatformHandler;
import java.util.Locale;

/**
 * The kinds of route the API has, as each feature's sub-router adds them: open (no key), keyed
 * outside /v1, /v1 JSON, /v1 without a body, multipart upload. Each route is named for metrics and
 * the audit log ({@link #routeOf}); bodies are read up to the configured limits. Under /v1 the
 * key is checked by the guard the route table puts in front of every /v1 path.
 */
public final class RouteTable {
  private static final String ROUTE = "opsmind.route";

  private final Router router;
  private final Handler<RoutingContext> auth;
  private final long maxBodyBytes;
  private final long maxUploadBytes;
  private final String uploadsDir;

  /**
   * @param auth the API-key guard (for keyed routes outside /v1)
   * @param uploadsDir where multipart files land while their request runs
   */
  public RouteTable(Router router, Handler<RoutingContext> auth, long maxBodyBytes, long maxUploadBytes,
      String uploadsDir) {
    this.router = router;
    this.auth = auth;
    this.maxBodyBytes = maxBodyBytes;
    this.maxUploadBytes = maxUploadBytes;
    this.uploadsDir = uploadsDir;
  }

  /** The route that answered a request (its path pattern), or null before one matched. */
  public static String routeOf(RoutingContext ctx) {
    return ctx.get(ROUTE);
  }

  /** A route anyone may call. */
  public void open(HttpMethod method, String path, Handler<RoutingContext> handler) {
    router.route(method, path).handler(tag(path)).handler(handler);
  }

  /** A route that needs an API key (outside /v1, where the /v1 guard does not apply). */
  public void keyed(HttpMethod method, String path, Handler<RoutingContext> handler) {
    router.route(method, path).handler(tag(path)).handler(auth).handler(handler);
  }

  /**
   * A JSON route outside /v1 that needs an API key: the key is checked by a route of its own
   * first, as the /v1 guard does (Vert.x wants the body handler before any user handler).
   */
  public void keyedJson(HttpMethod method, String path, Handler<RoutingContext> handler) {
    router.route(method, path).handler(auth);
    json(method, path, handler);
  }

  /** A /v1 JSON route: authenticated by the /v1 guard, body read up to the configured limit. */
  public void json(HttpMethod method, String path, Handler<RoutingContext> handler) {
    router.route(method, path)
        .handler(tag(path))
        .handler(JSON_BODY)
        .handler(BodyHandler.create(false).setBodyLimit(maxBodyBytes))
        .handler(handler);
  }

  /** A /v1 route without a body (GET, DELETE). */
  public void plain(HttpMethod method, String path, Handler<RoutingContext> handler) {
    router.route(method, path).handler(tag(path)).handler(handler);
  }

  /** A /v1 multipart upload route: files go to the uploads folder, deleted when the request ends. */
  public void upload(HttpMethod method, String path, Handler<RoutingContext> handler) {
    router.route(method, path)
        .handler(tag(path))
        .handler(uploadBody())
        .handler(handler);
  }

  /** A /v1 route taking a JSON body or a multipart upload, up to the upload limit. */
  public void jsonOrUpload(HttpMethod method, String path, Handler<RoutingContext> handler) {
    router.route(method, path)
        .handler(tag(path))
        .handler(JSON_BODY)
        .handler(uploadBody())
        .handler(handler);
  }

  private BodyHandler uploadBody() {
    return BodyHandler.create(uploadsDir).setBodyLimit(maxUploadBytes).setDeleteUploadedFilesOnEnd(true);
  }

  /**
   * The body of a JSON route is JSON whatever its Content-Type says: {@code curl -d} labels it
   * a form, and Vert.x would decode a form (and fail on a long "field") instead of keeping the bytes.
   */
  private static final Handler<RoutingContext> JSON_BODY = new JsonBody();

  private static final class JsonBody implements PlatformHandler {
    @Override
    public void handle(RoutingContext ctx) {
      String type = ctx.request().getHeader("Content-Type");
      if (type != null && type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
        ctx.request().headers().remove("Content-Type");
      }
      ctx.next();
    }
  }

  /** Names the route for metrics; a platform handler, so Vert.x lets it run before the body handler. */
  private static Handler<RoutingContext> tag(String path) {
    return new RouteTag(path);
  }

  private record RouteTag(String path) implements PlatformHandler {
    @Override
    public void handle(RoutingContext ctx) {
      ctx.put(ROUTE, path);
      ctx.next();
    }
  }
}
