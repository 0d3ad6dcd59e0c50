package dev.opsmind.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.opsmind.server.OpsmindServer;
import dev.opsmind.server.TestHttp;
import dev.opsmind.server.config.ConfigWatch;
import dev.opsmind.server.config.ServerConfig;
import dev.opsmind.server.config.ServerConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Roles, key expiry, and keys added and revoked by reloading the config without a restart. */
class RolesAndKeysTest {
  @TempDir Path tmp;

  static ServerConfig.ApiKeyEntry key(String principal, String key, String role, String expires) {
    return new ServerConfig.ApiKeyEntry(principal, ApiKeys.sha256Hex(key), false, role, expires);
  }

  private ServerConfig config(List<ServerConfig.ApiKeyEntry> keys) {
    return ServerConfig.defaults().withPort(0).withEmbedder("none").withIndex(tmp.resolve("data").resolve("index"))
        .withApiKeys(keys);
  }

  @Test
  void rolesGateAdminRoutesAndExpiredKeysAre401() throws Exception {
    var keys = List.of(key("root", "sk-root", "admin", null), key("olga", "sk-olga", "operator", "2999-12-31"),
        key("rita", "sk-rita", null, null), key("old", "sk-old", "admin", "2020-01-31"));
    try (OpsmindServer server = OpsmindServer.start(config(keys))) {
      int port = server.port();
      assertEquals(200, new TestHttp(port, "sk-root").get("/v1/audit").status());
      assertEquals(403, new TestHttp(port, "sk-olga").get("/v1/audit").status(), "operators are not admins");
      assertEquals(403, new TestHttp(port, "sk-rita").get("/v1/audit").status());
      assertEquals(200, new TestHttp(port, "sk-rita").get("/v1/models").status());
      var expired = new TestHttp(port, "sk-old").get("/v1/models");
      assertEquals(401, expired.status());
      assertTrue(expired.error().get("message").asText().contains("expired"), expired.body());
      Thread.sleep(300);
      JsonNode failed = new TestHttp(port, "sk-root").get("/v1/audit?event=auth_failed").json().get("data");
      assertEquals("expired", failed.get(0).get("reason").asText());
      assertEquals("old", failed.get(0).get("principal").asText());
      JsonNode olga = new TestHttp(port, "sk-root").get("/v1/audit?principal=olga").json().get("data");
      assertEquals("operator", olga.get(0).get("role").asText());
    }
    var bad = assertThrows(IllegalArgumentException.class, () -> key("x", "k", "superuser", null));
    assertTrue(bad.getMessage().contains("reader, operator or admin"));
    assertThrows(IllegalArgumentException.class, () -> key("x", "k", "reader", "next tuesday"));
  }

  @Test
  void keysAreAddedAndRevokedByReloadingTheConfig() throws Exception {
    Path file = tmp.resolve("opsmind.yaml");
    Files.writeString(file, yaml(Map.of("root", "sk-root", "rita", "sk-rita")));
    var load = (java.util.function.Supplier<ServerConfig>) () -> ServerConfigLoader.load(file, Map.of())
        .withPort(0).withEmbedder("none").withIndex(tmp.resolve("data").resolve("index"));
    try (OpsmindServer server = OpsmindServer.start(load.get());
        ConfigWatch watch = new ConfigWatch(file, load, server::reload, 100)) {
      int port = server.port();
      assertEquals(200, new TestHttp(port, "sk-rita").get("/v1/models").status());
      assertEquals(401, new TestHttp(port, "sk-nina").get("/v1/models").status());

      Thread.sleep(1100); // a new modification time
      Files.writeString(file, yaml(Map.of("root", "sk-root", "nina", "sk-nina")));
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (new TestHttp(port, "sk-nina").get("/v1/models").status() != 200 && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertEquals(200, new TestHttp(port, "sk-nina").get("/v1/models").status(), "added without a restart");
      assertEquals(401, new TestHttp(port, "sk-rita").get("/v1/models").status(), "revoked without a restart");

      String refused = server.reload(load.get().withApiKeys(List.of()));
      assertTrue(refused.startsWith("refused"), refused);
      assertEquals(200, new TestHttp(port, "sk-root").get("/v1/models").status());
      Thread.sleep(300);
      JsonNode reloads = new TestHttp(port, "sk-root").get("/v1/audit?event=config_reloaded").json().get("data");
      assertEquals("rita", reloads.get(0).get("principals_removed").get(0).asText(), reloads.toString());
      assertEquals("nina", reloads.get(0).get("principals_added").get(0).asText());
    }
  }

  private static String yaml(Map<String, String> keys) {
    StringBuilder out = new StringBuilder("apiKeys:\n");
    new java.util.TreeMap<>(keys).forEach((principal, key) -> out.append("  - {principal: ").append(principal)
        .append(", sha256: ").append(ApiKeys.sha256Hex(key)).append(", role: ")
        .append(principal.equals("root") ? "admin" : "reader").append("}\n"));
    return out.toString();
  }
}
