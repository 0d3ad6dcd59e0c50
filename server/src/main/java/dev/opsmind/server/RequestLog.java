package dev.opsmind.server;

import dev.opsmind.server.audit.AuditLog;
import dev.opsmind.server.auth.AuthHandler;
import dev.opsmind.server.http.RouteTable;
import dev.opsmind.server.ops.Metrics;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Metrics and the audit entry of every request, in front of every route; names each request with
 * an {@code X-Request-Id} (echoed in the audit log, so a client's report can be found there).
 */
final class RequestLog implements Handler<RoutingContext> {
  private static final AtomicLong REQUESTS = new AtomicLong();
  private static final String BOOT = Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);

  private final Metrics metrics;
  private final AuditLog audit;

  /** {@code audit}: null = nowhere. */
  RequestLog(Metrics metrics, AuditLog audit) {
    this.metrics = metrics;
    this.audit = audit;
  }

  @Override
  public void handle(RoutingContext ctx) {
    long start = System.nanoTime();
    String requestId = "req_" + BOOT + "_" + Long.toString(REQUESTS.incrementAndGet(), 36);
    ctx.response().putHeader("X-Request-Id", requestId);
    ctx.addEndHandler(done -> {
      String route = RouteTable.routeOf(ctx);
      long nanos = System.nanoTime() - start;
      int status = ctx.response().getStatusCode();
      metrics.recordRequest(route == null ? "unmatched" : route, ctx.request().method().name(), status, nanos);
      if (audit != null) {
        var principal = AuthHandler.principalOrNull(ctx);
        var role = AuthHandler.role(ctx);
        String method = ctx.request().method().name();
        audit.record(AuditLog.entry("request")
            .put("request_id", requestId)
            .put("principal", principal == null ? null : principal.name())
            .put("role", role == null ? null : role.id())
            .put("method", method.length() > 16 ? method.substring(0, 16) + "…" : method)
            .put("route", route == null ? "unmatched" : route)
            .put("path", pathOf(ctx))
            .put("status", status)
            .put("bytes", ctx.response().bytesWritten())
            .put("latency_ms", Math.round(nanos / 1e4) / 100.0)
            .put("remote", ctx.request().remoteAddress() == null ? null : ctx.request().remoteAddress().hostAddress()));
      }
    });
    ctx.next();
  }

  /** The request path without its query (which could hold anything), at most 200 characters. */
  private static String pathOf(RoutingContext ctx) {
    String path = ctx.request().path();
    return path == null || path.length() <= 200 ? path : path.substring(0, 200) + "…";
  }
}
