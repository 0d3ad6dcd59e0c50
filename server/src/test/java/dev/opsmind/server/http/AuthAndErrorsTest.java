package dev.opsmind.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.opsmind.server.OpsmindServer;
import dev.opsmind.server.TestHttp;
import dev.opsmind.server.auth.ApiKeys;
import dev.opsmind.server.config.ServerConfig;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Infrastructure through raw HTTP: open probes, API-key auth, OpenAI-shaped errors, metrics. */
class AuthAndErrorsTest {
  static OpsmindServer server;
  static TestHttp withKey;
  static TestHttp noKey;
  static TestHttp wrongKey;

  @BeforeAll
  static void start() {
    ServerConfig config = ServerConfig.defaults().withPort(0).withEmbedder("none")
        .withApiKeys(List.of(new ServerConfig.ApiKeyEntry("alice", ApiKeys.sha256Hex("sk-test"), true)));
    server = OpsmindServer.start(config);
    withKey = new TestHttp(server.port(), "sk-test");
    noKey = new TestHttp(server.port(), null);
    wrongKey = new TestHttp(server.port(), "sk-wrong");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void healthAndReadyAreOpen() {
    var health = noKey.get("/health");
    assertEquals(200, health.status());
    assertEquals("ok", health.json().get("status").asText());
    var ready = noKey.get("/ready");
    assertEquals(200, ready.status(), ready.body());
    assertEquals("ready", ready.json().get("status").asText());
  }

  @Test
  void missingOrWrongKeyIs401InvalidApiKey() {
    for (TestHttp client : List.of(noKey, wrongKey)) {
      var reply = client.get("/v1/models");
      assertEquals(401, reply.status(), reply.body() + reply.raw().headers());
      assertEquals("invalid_api_key", reply.error().get("code").asText());
    }
    var basic = noKey.send(noKey.builder("/v1/models").header("Authorization", "Basic abc").GET());
    assertEquals(401, basic.status());
  }

  @Test
  void unknownUrlIs404InOpenAiShape() {
    var reply = withKey.get("/v1/no-such-thing");
    assertEquals(404, reply.status(), reply.body());
    assertEquals("invalid_request_error", reply.error().get("type").asText());
    assertTrue(reply.error().get("message").asText().contains("/v1/no-such-thing"));
    var outside = noKey.get("/nowhere");
    assertEquals(404, outside.status());
    outside.error();
  }

  /** A path the router cannot decode is a 400 in OpenAI's shape too (it was Vert.x's plain "Bad Request"). */
  @Test
  void undecodablePathIs400InOpenAiShape() throws Exception {
    for (String path : List.of("/v1/models/%ZZ", "/health/%E0%A4%A")) {
      try (var socket = new java.net.Socket("127.0.0.1", server.port())) {
        socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer sk-test"
            + "\r\nConnection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        String response = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(response.startsWith("HTTP/1.1 400"), response);
        String body = response.substring(response.indexOf("\r\n\r\n") + 4);
        var error = dev.opsmind.server.http.Json.MAPPER.readTree(body).get("error");
        assertEquals("invalid_request_error", error.get("type").asText(), response);
        assertTrue(error.get("message").asText().contains(path), response);
      }
    }
  }

  @Test
  void metricsArePrometheusTextWithRequestsByRouteAndStatus() {
    noKey.get("/health");
    var reply = noKey.get("/metrics");
    assertEquals(200, reply.status());
    assertTrue(reply.raw().headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
    assertTrue(reply.body().contains("opsmind_http_requests_seconds_count{method=\"GET\",route=\"/health\",status=\"200\"}"),
        reply.body());
  }
}
