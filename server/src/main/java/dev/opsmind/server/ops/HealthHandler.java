package dev.opsmind.server.ops;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opsmind.server.http.Json;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Supplier;

/**
 * GET /health (the process answers: always 200, its body says "indexing N/M files" while the
 * start-up indexing runs), GET /ready (models loaded, index open, start-up indexing done: 503 until
 * then, with the same progress), GET /metrics.
 */
public final class HealthHandler {
  private final Supplier<Readiness> readiness;
  private final Metrics metrics;

  /**
   * What /ready reports: ready only when everything configured is loaded, the start-up indexing is
   * done and the server is not draining. {@code progress} is "indexing N/M files" while the start-up
   * indexing runs, else null.
   */
  public record Readiness(boolean ready, String progress, ObjectNode detail) {}

  public HealthHandler(Supplier<Readiness> readiness, Metrics metrics) {
    this.readiness = readiness;
    this.metrics = metrics;
  }

  public void alive(RoutingContext ctx) {
    String progress = readiness.get().progress();
    ObjectNode body = Json.object().put("status", progress == null ? "ok" : "indexing");
    if (progress != null) {
      body.put("message", progress);
    }
    Json.reply(ctx, 200, body);
  }

  public void ready(RoutingContext ctx) {
    Readiness state = readiness.get();
    ObjectNode body = Json.object().put("status", state.ready() ? "ready" : "not_ready");
    if (state.progress() != null) {
      body.put("message", state.progress());
    }
    body.setAll(state.detail());
    Json.reply(ctx, state.ready() ? 200 : 503, body);
  }

  public void metrics(RoutingContext ctx) {
    ctx.response()
        .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
        .end(metrics.scrape());
  }
}
