package dev.opsmind.server.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.opsmind.server.OpsmindServer;
import dev.opsmind.server.TestHttp;
import dev.opsmind.server.TestModels;
import dev.opsmind.server.config.ServerConfig;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Queue limits (429), cancellation on disconnect and graceful drain, on a batch of one. */
class SchedulingApiTest {
  @TempDir static Path tmp;
  static Path modelDir;
  static OpsmindServer server;
  static TestHttp http;
  static String model;

  @BeforeAll
  static void start() {
    modelDir = TestModels.tinyQwen2Long(tmp);
    model = modelDir.getFileName().toString();
    server = OpsmindServer.start(config());
    http = new TestHttp(server.port(), null);
  }

  static ServerConfig config() {
    return ServerConfig.defaults().withPort(0).withEmbedder("none").withModels(List.of(modelDir.toString()))
        .withLimits(new ServerConfig.Limits(0, 0, 1, 1, 8192, 16));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** A completion that runs its full length whatever the random model says (ignore_eos). */
  static String completion(int maxTokens, boolean stream) {
    return "{\"model\":\"" + model + "\",\"prompt\":\"kubectl get pods\",\"max_tokens\":" + maxTokens
        + ",\"temperature\":0,\"ignore_eos\":true" + (stream ? ",\"stream\":true" : "") + "}";
  }

  /** Opens a streamed completion and returns once its first token is out: it holds a batch slot. */
  static BufferedReader streamRunning(TestHttp client, String body) throws Exception {
    HttpResponse<InputStream> stream = client.client().send(client.builder("/v1/completions")
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofInputStream());
    assertEquals(200, stream.statusCode());
    BufferedReader reader = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8));
    assertTrue(reader.readLine().startsWith("data: "));
    return reader;
  }

  static CompletableFuture<HttpResponse<String>> postAsync(TestHttp client, String body) {
    return client.client().sendAsync(client.builder("/v1/completions").header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  static double metric(TestHttp client, String name, String labels) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{[^}]*" + Pattern.quote(labels) + "[^}]*\\} (\\S+)$")
        .matcher(client.get("/metrics").body());
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }

  /** Polls a condition (bounded), for state changes on the server's threads. */
  static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("gave up waiting for " + what);
      }
      Thread.sleep(20);
    }
  }

  @Test
  void aFullQueueAnswers429WithRetryAfter() throws Exception {
    // The batch's one slot is held by a long stream (1900 tokens) until this test lets it go, so
    // the ten requests below meet a full batch however fast or slow this machine is.
    BufferedReader holder = streamRunning(http, completion(1900, true));
    List<CompletableFuture<HttpResponse<String>>> replies = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      replies.add(postAsync(http, completion(4, false)));
    }
    await("nine of the ten to be answered", () -> replies.stream().filter(CompletableFuture::isDone).count() >= 9);
    holder.close(); // cancels the holder; the queued request runs
    int ok = 0;
    int limited = 0;
    for (var reply : replies) {
      HttpResponse<String> response = reply.get();
      if (response.statusCode() == 429) {
        limited++;
        assertEquals("1", response.headers().firstValue("Retry-After").orElse(""));
        assertTrue(response.body().contains("\"code\":\"queue_full\""), response.body());
      } else {
        assertEquals(200, response.statusCode(), response.body());
        ok++;
      }
    }
    assertEquals(1, ok, "a queue of one lets one request wait");
    assertEquals(9, limited, "the rest are turned away");
  }

  @Test
  void aClientThatGoesAwayCancelsItsSequence() throws Exception {
    double cancelledBefore = metric(http, "opsmind_generations_total", "reason=\"cancelled\"");
    streamRunning(http, completion(1900, true)).close();
    await("the cancelled sequence to leave the batch",
        () -> metric(http, "opsmind_generations_total", "reason=\"cancelled\"") > cancelledBefore);
  }

  @Test
  void shutdownDrainsInFlightRequests() throws Exception {
    // its own data folder: the class's server holds the default one's audit log
    OpsmindServer draining = OpsmindServer.start(config().withIndex(
        java.nio.file.Files.createTempDirectory("opsmind-drain").resolve("data").resolve("index")));
    TestHttp client = new TestHttp(draining.port(), null);
    var inFlight = postAsync(client, completion(240, false));
    await("the request to run", () -> metric(client, "opsmind_batch_running", "model=\"" + model + "\"") >= 1);
    draining.close();
    HttpResponse<String> response = inFlight.get();
    assertEquals(200, response.statusCode(), response.body());
    assertTrue(response.body().contains("\"finish_reason\""));
  }
}
