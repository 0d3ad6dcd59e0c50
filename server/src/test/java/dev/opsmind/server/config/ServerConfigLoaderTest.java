package dev.opsmind.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.opsmind.server.auth.ApiKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerConfigLoaderTest {
  @TempDir Path dir;

  @Test
  void noFileGivesDefaults() {
    ServerConfig config = ServerConfigLoader.load(null, Map.of());
    assertEquals(8080, config.port());
    assertEquals(List.of(), config.models());
    assertEquals(ServerConfig.DEFAULT_EMBEDDERS, config.embedders());
    assertEquals(ServerConfig.Limits.DEFAULTS, config.limits());
    assertEquals(30, config.shutdownGraceSeconds());
    assertEquals(120.0, config.grounded().timeoutSeconds());
  }

  @Test
  void groundedTimeoutIsAFileKeyTheEnvironmentOverrides() throws Exception {
    Path file = Files.writeString(dir.resolve("grounded.yaml"), "grounded:\n  timeoutSeconds: 45.5\n");
    ServerConfig fromFile = ServerConfigLoader.load(file, Map.of());
    assertEquals(45.5, fromFile.grounded().timeoutSeconds());
    assertEquals(java.time.Duration.ofMillis(45_500), fromFile.grounded().timeout());

    ServerConfig overridden = ServerConfigLoader.load(file, Map.of("OPSMIND_GROUNDED_TIMEOUT_SECONDS", "2.5"));
    assertEquals(2.5, overridden.grounded().timeoutSeconds());
    assertEquals(9.0, ServerConfigLoader.load(null, Map.of("OPSMIND_GROUNDED_TIMEOUT_SECONDS", "9"))
        .grounded().timeoutSeconds(), "the variable works without a file");

    var notNumber = assertThrows(IllegalArgumentException.class,
        () -> ServerConfigLoader.load(null, Map.of("OPSMIND_GROUNDED_TIMEOUT_SECONDS", "soon")));
    assertTrue(notNumber.getMessage().contains("OPSMIND_GROUNDED_TIMEOUT_SECONDS"), notNumber.getMessage());
    Path zero = Files.writeString(dir.resolve("zero.yaml"), "grounded: {timeoutSeconds: 0}\n");
    var tooSmall = assertThrows(IllegalArgumentException.class, () -> ServerConfigLoader.load(zero, Map.of()));
    assertTrue(tooSmall.getMessage().contains("grounded.timeoutSeconds"), tooSmall.getMessage());
    Path typo = Files.writeString(dir.resolve("typo.yaml"), "grounded: {timeout: 5}\n");
    var unknown = assertThrows(IllegalArgumentException.class, () -> ServerConfigLoader.load(typo, Map.of()));
    assertTrue(unknown.getMessage().contains("'timeout'"), unknown.getMessage());
  }

  @Test
  void embeddersAreAListOfNamesOrNamesWithLanguagesAndTheOldSingleKeyStillWorks() throws Exception {
    Path file = Files.writeString(dir.resolve("embedders.yaml"), """
        embedders:
          - bge-small-en-v1.5-q
          - {name: bge-small-zh-v1.5, languages: [zh, en]}
        grounded: {minRelevance: 0.7}
        """);
    ServerConfig config = ServerConfigLoader.load(file, Map.of());
    assertEquals(List.of(new ServerConfig.EmbedderEntry("bge-small-en-v1.5-q", List.of()),
        new ServerConfig.EmbedderEntry("bge-small-zh-v1.5", List.of("zh", "en"))), config.embedders());
    assertEquals(0.7, config.grounded().minRelevance());
    ServerConfig env = ServerConfigLoader.load(file, Map.of("OPSMIND_EMBEDDERS", "all-minilm-l6-v2:en,/opt/bge-m3:zh+en",
        "OPSMIND_GROUNDED_MIN_RELEVANCE", "0.55"));
    assertEquals(List.of(new ServerConfig.EmbedderEntry("all-minilm-l6-v2", List.of("en")),
        new ServerConfig.EmbedderEntry("/opt/bge-m3", List.of("zh", "en"))), env.embedders());
    assertEquals(0.55, env.grounded().minRelevance());
    Path single = Files.writeString(dir.resolve("single.yaml"), "embedder: bge-small-zh-v1.5-q\n");
    assertEquals(List.of(new ServerConfig.EmbedderEntry("bge-small-zh-v1.5-q", List.of())),
        ServerConfigLoader.load(single, Map.of()).embedders());
    assertFalse(ServerConfigLoader.load(null, Map.of("OPSMIND_EMBEDDER", "none")).embedderEnabled());
    Path badLanguage = Files.writeString(dir.resolve("bad.yaml"), "embedders: [{name: x, languages: [fr]}]\n");
    var e = assertThrows(IllegalArgumentException.class, () -> ServerConfigLoader.load(badLanguage, Map.of()));
    assertTrue(e.getMessage().contains("'fr'"), e.getMessage());
    Path badRelevance = Files.writeString(dir.resolve("rel.yaml"), "grounded: {minRelevance: 2}\n");
    e = assertThrows(IllegalArgumentException.class, () -> ServerConfigLoader.load(badRelevance, Map.of()));
    assertTrue(e.getMessage().contains("grounded.minRelevance"), e.getMessage());
  }

  @Test
  void fileValuesAreReadAndEnvironmentOverridesThem() throws Exception {
    String hash = ApiKeys.sha256Hex("secret");
    Path file = Files.writeString(dir.resolve("opsmind.yaml"), """
        port: 9000
        models: [qwen-a, /opt/models/b]
        embedder: all-minilm-l6-v2
        index: /var/lib/opsmind/index
        sources:
          - {collection: runbooks, path: samples/runbooks}
        apiKeys:
          - {principal: alice, sha256: %s, admin: true}
        limits: {maxBatch: 4, maxQueue: 10, promptCacheTokens: 0, batchWindowMillis: 5}
        cors: {allowedOrigins: ["https://ops.example"]}
        """.formatted(hash));
    ServerConfig fromFile = ServerConfigLoader.load(file, Map.of());
    assertEquals(9000, fromFile.port());
    assertEquals(List.of("qwen-a", "/opt/models/b"), fromFile.models());
    assertEquals(Path.of("/var/lib/opsmind/index"), fromFile.index());
    assertEquals(new ServerConfig.Source("runbooks", Path.of("samples/runbooks"), null), fromFile.sources().get(0));
    assertEquals("alice", fromFile.apiKeys().get(0).principal());
    assertTrue(fromFile.apiKeys().get(0).admin());
    assertEquals(4, fromFile.limits().maxBatch());
    assertEquals(10, fromFile.limits().maxQueue());
    assertEquals(ServerConfig.Limits.DEFAULTS.kvBudgetTokens(), fromFile.limits().kvBudgetTokens());
    assertEquals(0, fromFile.limits().promptCacheTokens(), "0 turns the prompt cache off");
    assertEquals(4096, ServerConfig.Limits.DEFAULTS.promptCacheTokens());
    assertEquals(5, fromFile.limits().batchWindowMillis());
    assertEquals(20, ServerConfig.Limits.DEFAULTS.batchWindowMillis());
    assertEquals(List.of("https://ops.example"), fromFile.cors().allowedOrigins());

    ServerConfig overridden = ServerConfigLoader.load(file, Map.of(
        "OPSMIND_PORT", "9100",
        "OPSMIND_MODELS", "m1, m2",
        "OPSMIND_MAX_BATCH", "16",
        "OPSMIND_PROMPT_CACHE_TOKENS", "8192",
        "OPSMIND_BATCH_WINDOW_MILLIS", "0",
        "OPSMIND_API_KEYS", "bob:" + hash,
        "OPSMIND_METRICS_REQUIRE_KEY", "true"));
    assertEquals(9100, overridden.port());
    assertEquals(List.of("m1", "m2"), overridden.models());
    assertEquals(16, overridden.limits().maxBatch());
    assertEquals(8192, overridden.limits().promptCacheTokens());
    assertEquals(0, overridden.limits().batchWindowMillis());
    assertEquals(10, overridden.limits().maxQueue(), "keys the env does not name stay as in the file");
    assertEquals("bob", overridden.apiKeys().get(0).principal());
    assertFalse(overridden.apiKeys().get(0).admin());
    assertTrue(overridden.metricsRequireKey());
  }

  @Test
  void badValuesAreRejectedWithTheirName() throws Exception {
    Path unknown = Files.writeString(dir.resolve("unknown.yaml"), "prot: 80\n");
    var e1 = assertThrows(IllegalArgumentException.class, () -> ServerConfigLoader.load(unknown, Map.of()));
    assertTrue(e1.getMessage().contains("'prot'"), e1.getMessage());

    Path plainKey = Files.writeString(dir.resolve("key.yaml"),
        "apiKeys:\n  - {principal: alice, sha256: hunter2}\n");
    var e2 = assertThrows(IllegalArgumentException.class, () -> ServerConfigLoader.load(plainKey, Map.of()));
    assertTrue(e2.getMessage().contains("64 hex digits"), e2.getMessage());

    Path badPort = Files.writeString(dir.resolve("port.yaml"), "port: 70000\n");
    var e3 = assertThrows(IllegalArgumentException.class, () -> ServerConfigLoader.load(badPort, Map.of()));
    assertTrue(e3.getMessage().contains("port must be between 0 and 65535"), e3.getMessage());

    var e4 = assertThrows(IllegalArgumentException.class,
        () -> ServerConfigLoader.load(null, Map.of("OPSMIND_PORT", "eighty")));
    assertTrue(e4.getMessage().contains("OPSMIND_PORT"), e4.getMessage());

    var e5 = assertThrows(IllegalArgumentException.class,
        () -> ServerConfigLoader.load(dir.resolve("missing.yaml"), Map.of()));
    assertTrue(e5.getMessage().contains("does not exist"), e5.getMessage());
    var e6 = assertThrows(IllegalArgumentException.class,
        () -> ServerConfigLoader.load(null, Map.of("OPSMIND_PROMPT_CACHE_TOKENS", "-1")));
    assertTrue(e6.getMessage().contains("limits.promptCacheTokens must be >= 0"), e6.getMessage());
    var e7 = assertThrows(IllegalArgumentException.class,
        () -> ServerConfigLoader.load(null, Map.of("OPSMIND_BATCH_WINDOW_MILLIS", "60000")));
    assertTrue(e7.getMessage().contains("limits.batchWindowMillis must be between 0 (off) and 10000"), e7.getMessage());
  }
}
