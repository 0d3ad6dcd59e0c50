package dev.opsmind.server.ops;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opsmind.server.http.Json;
import dev.opsmind.server.http.Metrics;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Supplier;

/** GET /health (the process answers), GET /ready (models loaded, index open), GET /metrics. */
public final class HealthHandler {
  private final Supplier<Readiness> readiness;
  private final Metrics metrics;

  /** What /ready reports: ready only when everything configured is loaded and not draining. */
  public record Readiness(boolean ready, ObjectNode detail) {}

  public HealthHandler(Supplier<Readiness> readiness, Metrics metrics) {
    this.readiness = readiness;
    this.metrics = metrics;
  }

  public void alive(RoutingContext ctx) {
    Json.reply(ctx, 200, Json.object().put("status", "ok"));
  }

  public void ready(RoutingContext ctx) {
    Readiness state = readiness.get();
    ObjectNode body = Json.object().put("status", state.ready() ? "ready" : "not_ready");
    body.setAll(state.detail());
    Json.reply(ctx, state.ready() ? 200 : 503, body);
  }

  public void metrics(RoutingContext ctx) {
    ctx.response()
        .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
        .end(metrics.scrape());
  }
}
