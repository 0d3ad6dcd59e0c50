package dev.opsmind.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.opsmind.server.OpsmindServer;
import dev.opsmind.server.TestHttp;
import dev.opsmind.server.config.ServerConfig;
import dev.opsmind.server.config.ServerConfigLoader;
import java.net.http.HttpRequest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** CORS from the config, and /metrics behind a key when metricsRequireKey is set. */
class CorsAndMetricsKeyTest {
  @Test
  void corsPreflightAndKeyedMetrics() {
    ServerConfig config = ServerConfigLoader.load(null, Map.of(
        "OPSMIND_PORT", "0",
        "OPSMIND_EMBEDDER", "none",
        "OPSMIND_CORS_ORIGINS", "https://ops.example",
        "OPSMIND_METRICS_REQUIRE_KEY", "true",
        "OPSMIND_API_KEYS", "grafana:" + dev.opsmind.server.auth.ApiKeys.sha256Hex("sk-metrics")));
    try (OpsmindServer server = OpsmindServer.start(config)) {
      TestHttp anonymous = new TestHttp(server.port(), null);
      var preflight = anonymous.send(anonymous.builder("/v1/models")
          .header("Origin", "https://ops.example")
          .header("Access-Control-Request-Method", "GET")
          .header("Access-Control-Request-Headers", "authorization")
          .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
      assertTrue(preflight.status() == 200 || preflight.status() == 204, "preflight: " + preflight.status());
      assertEquals("https://ops.example",
          preflight.raw().headers().firstValue("Access-Control-Allow-Origin").orElse(""));

      // The OpenAI JS SDK in a browser asks for its x-stainless-* headers too: all are allowed.
      String asked = "authorization,content-type,x-stainless-os,x-stainless-lang,x-stainless-retry-count,openai-beta";
      var sdkPreflight = anonymous.send(anonymous.builder("/v1/chat/completions")
          .header("Origin", "https://ops.example")
          .header("Access-Control-Request-Method", "POST")
          .header("Access-Control-Request-Headers", asked)
          .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
      assertTrue(sdkPreflight.status() == 200 || sdkPreflight.status() == 204, "preflight: " + sdkPreflight.status());
      java.util.Set<String> allowed = new java.util.HashSet<>();
      for (String h : sdkPreflight.raw().headers().firstValue("Access-Control-Allow-Headers").orElse("").split(",")) {
        allowed.add(h.trim().toLowerCase(java.util.Locale.ROOT));
      }
      for (String h : asked.split(",")) {
        assertTrue(allowed.contains(h), h + " allowed: " + allowed);
      }

      assertEquals(401, anonymous.get("/metrics").status());
      var metrics = new TestHttp(server.port(), "sk-metrics").get("/metrics");
      assertEquals(200, metrics.status());
      assertTrue(metrics.body().contains("opsmind_http_requests_seconds"));
      assertEquals(200, anonymous.get("/health").status(), "probes stay open");
    }
  }
}
