package dev.opsmind.server.ops;

import dev.opsmind.server.audit.AuditLog;
import dev.opsmind.server.http.RouteTable;
import io.vertx.core.http.HttpMethod;

/** The operations routes: liveness, readiness, Prometheus metrics, and the audit log's read API. */
public final class OpsRoutes {
  private OpsRoutes() {}

  /**
   * @param audit the audit log (null: none, and no /v1/audit)
   * @param metricsRequireKey whether /metrics needs an API key (config {@code metricsRequireKey})
   */
  public static void mount(RouteTable routes, HealthHandler health, AuditLog audit, boolean metricsRequireKey) {
    routes.open(HttpMethod.GET, "/health", health::alive);
    routes.open(HttpMethod.GET, "/ready", health::ready);
    if (metricsRequireKey) {
      routes.keyed(HttpMethod.GET, "/metrics", health::metrics);
    } else {
      routes.open(HttpMethod.GET, "/metrics", health::metrics);
    }
    if (audit != null) {
      routes.plain(HttpMethod.GET, "/v1/audit", new AuditHandler(audit.file())::list);
    }
  }
}
