package dev.opsmind.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.opsmind.server.config.ServerConfig;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Start-up (embedder, generator and index loading, indexing the configured sources) and one
 * request of every kind that touches a model, the index or files: none of that work may run on
 * an event loop, and ingestion may not hold the shared worker pool ({@link EventLoopWatch}).
 */
class OffEventLoopTest {
  @TempDir Path tmp;

  @Test
  void startUpAndRequestsKeepModelIndexAndFileWorkOffTheEventLoop() {
    Path model = TestModels.tinyQwen2(tmp);
    String name = model.getFileName().toString();
    ServerConfig config = ServerConfig.defaults().withPort(0).withEmbedder("bge-small-zh-v1.5-q")
        .withIndex(tmp.resolve("data").resolve("index"))
        .withModels(List.of(model.toString()))
        .withLimits(new ServerConfig.Limits(0, 0, 4, 16, 4096, 8))
        .withSources(List.of(new ServerConfig.Source("runbooks", TestRoots.sampleRunbooks(), List.of("*"))));
    try (EventLoopWatch watch = EventLoopWatch.start()) {
      try (OpsmindServer server = OpsmindServer.start(config)) {
        TestHttp http = new TestHttp(server.port(), null);
        http.awaitReady();
        ok(http.post("/v1/embeddings", "{\"model\":\"bge-small-zh-v1.5-q\",\"input\":[\"disk full\",\"磁盘已满\"]}"));
        ok(http.post("/v1/search", "{\"query\":\"disk is full on /var\",\"top_k\":3}"));
        ok(http.post("/v1/collections", "{\"name\":\"scratch\",\"readers\":[\"*\"]}"));
        ok(http.upload("/v1/collections/scratch/documents", Map.of("notes/kafka.md",
            "# Kafka consumer lag\n\nCheck the group with kafka-consumer-groups --describe.\n"
                .getBytes(StandardCharsets.UTF_8))));
        ok(http.get("/v1/collections"));
        ok(http.get("/v1/collections/runbooks/documents"));
        ok(http.delete("/v1/collections/scratch/documents/notes/kafka.md"));
        ok(http.delete("/v1/collections/scratch"));
        var grounded = http.post("/v1/chat/completions", "{\"model\":\"opsmind-extractive\",\"messages\":"
            + "[{\"role\":\"user\",\"content\":\"The disk on node-3 is full, what do I do?\"}]}");
        ok(grounded);
        ok(http.post("/v1/feedback", "{\"response_id\":\"" + grounded.json().get("id").asText() + "\",\"rating\":1}"));
        ok(http.get("/v1/feedback"));
        ok(http.post("/v1/chat/completions", "{\"model\":\"" + name + "\",\"max_tokens\":4,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"disk full?\"}]}"));
        ok(http.post("/v1/completions", "{\"model\":\"" + name + "\",\"max_tokens\":4,\"prompt\":\"disk\",\"logprobs\":3}"));
        ok(http.post("/v1/responses", "{\"model\":\"" + name + "\",\"max_output_tokens\":4,\"input\":\"disk\"}"));
        ok(http.post("/tokenize", "{\"model\":\"" + name + "\",\"prompt\":\"disk\"}"));
        // Log-probabilities need token texts from the tokenizer.
        ok(http.post("/v1/chat/completions", "{\"model\":\"" + name + "\",\"max_tokens\":4,\"logprobs\":true,"
            + "\"top_logprobs\":5,\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"disk full?\"}]}"));
        // A grounded prompt does not fit this model's context: prepared on a worker, then the fallback.
        ok(http.post("/v1/chat/completions", "{\"model\":\"" + name + "+opsmind\",\"max_tokens\":4,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"The disk on node-3 is full, what do I do?\"}]}"));
      }
      assertTrue(watch.eventLoopSamples() > 0, "the watch saw no event-loop thread");
      assertEquals(List.of(), watch.findings(), () -> String.join("\n\n",
          watch.findings().stream().map(EventLoopWatch.Finding::toString).toList()));
    }
  }

  /** Loading models and opening the index from an event loop is refused outright. */
  @Test
  void startingFromAnEventLoopIsRefused() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      CompletableFuture<Throwable> refused = new CompletableFuture<>();
      vertx.runOnContext(v -> {
        try (OpsmindServer server = OpsmindServer.start(ServerConfig.defaults().withPort(0).withEmbedder("none"))) {
          refused.complete(null);
        } catch (Throwable e) {
          refused.complete(e);
        }
      });
      Throwable error = refused.get(1, TimeUnit.MINUTES);
      assertTrue(error instanceof IllegalStateException, String.valueOf(error));
      assertTrue(error.getMessage().contains("event loop"), error.getMessage());
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(1, TimeUnit.MINUTES);
    }
  }

  /** The watch itself: file reads on an event loop are reported with the thread and the frame. */
  @Test
  void theWatchCatchesFileReadsOnAnEventLoop() throws Exception {
    Path file = Files.writeString(tmp.resolve("f.txt"), "x".repeat(4096));
    Vertx vertx = Vertx.vertx();
    try (EventLoopWatch watch = EventLoopWatch.start()) {
      CompletableFuture<Void> done = new CompletableFuture<>();
      vertx.runOnContext(v -> {
        // Read until the watch has seen it (bounded, so a broken watch fails instead of hanging).
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        try {
          while (watch.findings().isEmpty() && System.nanoTime() < giveUp) {
            Files.readAllBytes(file);
          }
          done.complete(null);
        } catch (Exception e) {
          done.completeExceptionally(e);
        }
      });
      done.get(2, TimeUnit.MINUTES);
      List<EventLoopWatch.Finding> findings = watch.findings();
      assertFalse(findings.isEmpty(), "a file read on the event loop went unseen");
      EventLoopWatch.Finding first = findings.get(0);
      assertTrue(first.thread().startsWith("vert.x-eventloop-thread-"), first.toString());
      assertTrue(first.frame().startsWith("java.nio.file.Files.") || first.frame().startsWith("sun.nio.ch."),
          first.toString());
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(1, TimeUnit.MINUTES);
    }
  }

  private static void ok(TestHttp.Reply reply) {
    assertTrue(reply.status() / 100 == 2, () -> reply.status() + " " + reply.body());
  }
}
