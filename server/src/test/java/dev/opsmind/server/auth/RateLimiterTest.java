package dev.opsmind.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.opsmind.server.OpsmindServer;
import dev.opsmind.server.TestHttp;
import dev.opsmind.server.config.ServerConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Per-principal token buckets: a burst, then 429 with Retry-After; other principals unaffected. */
class RateLimiterTest {
  @TempDir Path tmp;

  @Test
  void aBucketRefillsAtTheConfiguredRate() {
    AtomicLong now = new AtomicLong();
    RateLimiter limiter = new RateLimiter(60, 3, now::get); // one a second, three at once
    for (int i = 0; i < 3; i++) {
      assertEquals(0, limiter.acquire("alice"));
    }
    assertEquals(1, limiter.acquire("alice"));
    assertEquals(0, limiter.acquire("bob"), "each principal has its own bucket");
    now.addAndGet(1_000_000_000L);
    assertEquals(0, limiter.acquire("alice"));
    now.addAndGet(10_000_000_000L);
    limiter.forgetIdle();
    assertEquals(0, limiter.tracked(), "refilled buckets are dropped");
  }

  @Test
  void overTheRateIs429WithRetryAfterForThatPrincipalOnly() {
    ServerConfig config = ServerConfig.defaults().withPort(0).withEmbedder("none")
        .withIndex(tmp.resolve("data").resolve("index"))
        .withQuotas(new ServerConfig.Quotas(6, 3, null, null))
        .withApiKeys(List.of(new ServerConfig.ApiKeyEntry("alice", ApiKeys.sha256Hex("sk-a"), false),
            new ServerConfig.ApiKeyEntry("bob", ApiKeys.sha256Hex("sk-b"), false)));
    try (OpsmindServer server = OpsmindServer.start(config)) {
      TestHttp alice = new TestHttp(server.port(), "sk-a");
      for (int i = 0; i < 3; i++) {
        assertEquals(200, alice.get("/v1/models").status());
      }
      var limited = alice.get("/v1/models");
      assertEquals(429, limited.status(), limited.body());
      assertEquals("rate_limit_exceeded", limited.error().get("code").asText());
      int retryAfter = Integer.parseInt(limited.raw().headers().firstValue("Retry-After").orElseThrow());
      assertTrue(retryAfter >= 1 && retryAfter <= 10, "Retry-After " + retryAfter);
      assertEquals(200, new TestHttp(server.port(), "sk-b").get("/v1/models").status());
    }
  }
}
