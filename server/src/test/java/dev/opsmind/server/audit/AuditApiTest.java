package dev.opsmind.server.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.opsmind.server.OpsmindServer;
import dev.opsmind.server.TestHttp;
import dev.opsmind.server.auth.ApiKeys;
import dev.opsmind.server.config.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every request and failed authentication is audited (never keys or bodies); GET /v1/audit filters them. */
class AuditApiTest {
  @TempDir Path tmp;

  @Test
  void requestsAndFailedAuthenticationsAreAuditedAndListedToAdminsOnly() throws Exception {
    ServerConfig config = ServerConfig.defaults().withPort(0).withEmbedder("none")
        .withIndex(tmp.resolve("data").resolve("index"))
        .withApiKeys(List.of(
            new ServerConfig.ApiKeyEntry("root", ApiKeys.sha256Hex("sk-root-secret"), true),
            new ServerConfig.ApiKeyEntry("bob", ApiKeys.sha256Hex("sk-bob-secret"), false)));
    try (OpsmindServer server = OpsmindServer.start(config)) {
      TestHttp root = new TestHttp(server.port(), "sk-root-secret");
      TestHttp bob = new TestHttp(server.port(), "sk-bob-secret");
      TestHttp wrong = new TestHttp(server.port(), "sk-guessed-secret");
      var models = bob.get("/v1/models");
      String requestId = models.raw().headers().firstValue("X-Request-Id").orElseThrow();
      assertEquals(401, wrong.get("/v1/models").status());
      assertEquals(403, bob.get("/v1/audit").status(), "readers cannot read the audit log");
      Thread.sleep(300); // request entries are written just after the response

      JsonNode failed = root.get("/v1/audit?event=auth_failed").json().get("data");
      assertEquals(1, failed.size(), failed.toString());
      assertEquals("unknown_key", failed.get(0).get("reason").asText());
      JsonNode bobs = root.get("/v1/audit?principal=bob&event=request").json().get("data");
      assertEquals(2, bobs.size(), bobs.toString());
      JsonNode first = bobs.get(0);
      assertEquals(requestId, first.get("request_id").asText());
      assertEquals("reader", first.get("role").asText());
      assertEquals("/v1/models", first.get("route").asText());
      assertEquals(200, first.get("status").asInt());
      assertTrue(first.get("bytes").asLong() > 0 && first.has("latency_ms") && first.has("time"), first.toString());
      assertEquals(0, root.get("/v1/audit?until=2000-01-01T00:00:00Z").json().get("data").size());
      assertEquals(400, root.get("/v1/audit?since=yesterday").status());
      var page = root.get("/v1/audit?limit=1").json();
      assertEquals(1, page.get("data").size());
      assertTrue(page.get("has_more").asBoolean());
    }
    Path file = tmp.resolve("data").resolve("audit").resolve(AuditLog.FILE);
    String text = Files.readString(file);
    assertFalse(text.contains("secret"), "no key, plain or hashed, is ever written");
    assertFalse(text.contains(ApiKeys.sha256Hex("sk-bob-secret")));
    assertTrue(AuditChain.verify(file).ok());
    assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
  }
}
