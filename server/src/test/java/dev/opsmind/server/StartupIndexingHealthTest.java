package dev.opsmind.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.opsmind.server.config.ServerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * While the configured sources' first sync runs, /health answers 200 saying "indexing N/M files",
 * /ready answers 503 with the same progress, and {@link OpsmindServer#ready()} is pending; once the
 * sync is over, /health says "ok", /ready 200 with every file counted, and ready() completes.
 */
class StartupIndexingHealthTest {
  @TempDir Path tmp;

  @Test
  void healthAndReadySayIndexingUntilTheStartUpSyncIsOver() throws Exception {
    // Forty distinct files: seconds of embedding, so the first requests meet the sync in progress.
    Path sources = Files.createDirectories(tmp.resolve("runbooks"));
    List<Path> samples;
    try (Stream<Path> files = Files.list(TestRoots.sampleRunbooks())) {
      samples = files.filter(f -> f.toString().endsWith(".md")).sorted().toList();
    }
    int total = 40;
    for (int i = 0; i < total; i++) {
      Path sample = samples.get(i % samples.size());
      Files.writeString(sources.resolve(i + "-" + sample.getFileName()),
          "# Copy " + i + "\n\nHost group " + i + ".\n\n" + Files.readString(sample));
    }
    ServerConfig config = ServerConfig.defaults().withPort(0).withEmbedder("bge-small-zh-v1.5-q")
        .withIndex(tmp.resolve("index")).withModels(List.of())
        .withSources(List.of(new ServerConfig.Source("runbooks", sources, List.of("*"))));

    try (OpsmindServer server = OpsmindServer.start(config)) {
      TestHttp http = new TestHttp(server.port(), null);
      var health = http.get("/health");
      var ready = http.get("/ready");
      assertFalse(server.sourcesSynced(), "forty files take longer than two requests");
      assertEquals(200, health.status(), "the process answers while it indexes");
      assertEquals("indexing", health.json().get("status").asText(), health.body());
      assertTrue(health.json().get("message").asText().matches("indexing \\d+/\\d+ files"), health.body());
      assertEquals(503, ready.status(), ready.body());
      assertEquals("not_ready", ready.json().get("status").asText());
      assertTrue(ready.json().get("message").asText().matches("indexing \\d+/\\d+ files"), ready.body());
      assertFalse(ready.json().get("sources_indexed").asBoolean());
      assertFalse(server.ready().isComplete());

      server.ready().toCompletionStage().toCompletableFuture().get(2, TimeUnit.MINUTES);
      assertTrue(server.sourcesSynced());
      health = http.get("/health");
      assertEquals("ok", health.json().get("status").asText(), health.body());
      assertNull(health.json().get("message"), health.body());
      ready = http.get("/ready");
      assertEquals(200, ready.status(), ready.body());
      assertEquals("ready", ready.json().get("status").asText());
      assertEquals(total, ready.json().get("files_indexed").asInt(), ready.body());
      assertEquals(total, ready.json().get("files_planned").asInt(), ready.body());
    }
  }

  @Test
  void withoutSourcesTheServerIsReadyAtOnce() throws IOException {
    ServerConfig config = ServerConfig.defaults().withPort(0).withEmbedder("none").withIndex(tmp.resolve("index"))
        .withModels(List.of()).withSources(List.of());
    try (OpsmindServer server = OpsmindServer.start(config)) {
      assertTrue(server.ready().isComplete());
      TestHttp http = new TestHttp(server.port(), null);
      assertEquals("ok", http.get("/health").json().get("status").asText());
      assertEquals(200, http.get("/ready").status());
    }
  }
}
