package dev.opsmind.server.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.opsmind.server.ChildServer;
import dev.opsmind.server.Sse;
import dev.opsmind.server.TestHttp;
import dev.opsmind.server.TestModels;
import dev.opsmind.server.http.Json;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three members in their own JVMs on localhost: node-a and node-c host a tiny random model (node-a
 * also an embedder), node-b hosts nothing and is the one every request goes to. Then node loss: the serving node is
 * killed (-9) mid-stream, and finally the last host too.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterRoutingTest {
  static final String SECRET = "test-cluster-secret-0123456789";
  /** Hosted by node-a only: /v1/embeddings through node-b goes there. */
  static final String EMBEDDER = "bge-small-zh-v1.5-q";
  @TempDir static Path tmp;
  static final Map<String, ChildServer> nodes = new java.util.concurrent.ConcurrentHashMap<>();
  static String model;
  static TestHttp entry;

  @BeforeAll
  static void start() throws Exception {
    Path modelDir = TestModels.tinyQwen2Long(tmp);
    model = modelDir.getFileName().toString();
    int[] ports = freePorts(3);
    String members = "127.0.0.1:" + ports[0] + ",127.0.0.1:" + ports[1] + ",127.0.0.1:" + ports[2];
    List<CompletableFuture<Void>> starting = new ArrayList<>();
    String[] names = {"node-a", "node-b", "node-c"};
    for (int i = 0; i < 3; i++) {
      String name = names[i];
      int port = ports[i];
      Path home = Files.createDirectories(tmp.resolve(name));
      List<String> args = new ArrayList<>(List.of(name, Integer.toString(port), members, SECRET));
      if (!name.equals("node-b")) {
        args.add(modelDir.toString());
      }
      if (name.equals("node-a")) {
        args.add(EMBEDDER);
      }
      starting.add(CompletableFuture.runAsync(() -> {
        try {
          nodes.put(name, ChildServer.start(home, ClusterChild.class, args.toArray(String[]::new)));
        } catch (Exception e) {
          throw new IllegalStateException(name + " did not start", e);
        }
      }));
    }
    CompletableFuture.allOf(starting.toArray(CompletableFuture[]::new)).get(3, TimeUnit.MINUTES);
    entry = new TestHttp(nodes.get("node-b").port(), null);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (hostsOf(model).size() < 2) {
      assertTrue(System.nanoTime() < deadline, "node-b never saw both hosts: " + entry.get("/ready").body());
      Thread.sleep(200);
    }
  }

  @AfterAll
  static void stop() throws InterruptedException {
    for (ChildServer node : nodes.values()) {
      node.process().destroyForcibly();
    }
    for (ChildServer node : nodes.values()) {
      node.process().waitFor(30, TimeUnit.SECONDS);
    }
  }

  /**
   * {@code n} distinct ports that are free now, below the kernel's ephemeral range (32768 and up on
   * Linux): a port the kernel handed out and took back could be given again to another child's
   * outgoing connection or port-0 listener before its owner binds it, and the child would not start.
   */
  static int[] freePorts(int n) throws Exception {
    java.util.Random random = new java.util.Random();
    Set<Integer> chosen = new java.util.LinkedHashSet<>();
    while (chosen.size() < n) {
      int port = 20000 + random.nextInt(12000);
      try (ServerSocket socket = new ServerSocket()) {
        socket.setReuseAddress(false);
        socket.bind(new java.net.InetSocketAddress("127.0.0.1", port));
        chosen.add(port);
      } catch (java.io.IOException inUse) {
        // taken: draw another
      }
    }
    return chosen.stream().mapToInt(Integer::intValue).toArray();
  }

  /** The nodes node-b's /v1/models says serve {@code id}. */
  static Set<String> hostsOf(String id) {
    var reply = entry.get("/v1/models");
    assertEquals(200, reply.status(), reply.body());
    Set<String> hosts = new TreeSet<>();
    for (JsonNode card : reply.json().get("data")) {
      if (card.get("id").asText().equals(id)) {
        card.get("opsmind_nodes").forEach(n -> hosts.add(n.asText()));
      }
    }
    return hosts;
  }

  static String chat(String system, int maxTokens, boolean stream) {
    return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"system\",\"content\":\"" + system + "\"},"
        + "{\"role\":\"user\",\"content\":\"why is the disk full?\"}],\"max_tokens\":" + maxTokens
        + ",\"temperature\":0,\"ignore_eos\":true" + (stream ? ",\"stream\":true" : "") + "}";
  }

  @Test
  @Order(1)
  void modelsAndReadySayWhichNodeServesWhat() {
    assertEquals(Set.of("node-a", "node-c"), hostsOf(model));
    JsonNode ready = entry.get("/ready").json();
    assertEquals("node-b", ready.at("/cluster/node").asText());
    Map<String, JsonNode> members = new java.util.TreeMap<>();
    ready.at("/cluster/members").forEach(m -> members.put(m.get("node").asText(), m));
    assertEquals(Set.of("node-a", "node-b", "node-c"), members.keySet());
    assertEquals(0, members.get("node-b").get("models").size());
    assertEquals(model, members.get("node-a").at("/models/0/id").asText());
    assertTrue(members.get("node-a").at("/models/0/free_slots").asInt() > 0, members.toString());
    String metrics = entry.get("/metrics").body();
    assertTrue(metrics.contains("opsmind_cluster_members 3.0"), metrics);
  }

  @Test
  @Order(2)
  void aNodeWithoutTheModelAnswersThroughOneThatHasIt() {
    var whole = entry.post("/v1/chat/completions", chat("You are terse.", 8, false));
    assertEquals(200, whole.status(), whole.body());
    String servedBy = whole.raw().headers().firstValue("X-Opsmind-Node").orElseThrow();
    assertTrue(Set.of("node-a", "node-c").contains(servedBy), servedBy);
    assertTrue(whole.raw().headers().firstValue("X-Opsmind-Routed-Request-Id").orElseThrow().startsWith("req_"),
        "the serving node's request id, for its audit log");
    assertEquals(8, whole.json().at("/usage/completion_tokens").asInt(), whole.body());
    assertEquals("chat.completion", whole.json().get("object").asText());

    var response = entry.post("/v1/responses", "{\"model\":\"" + model + "\",\"input\":\"why is the disk full?\","
        + "\"max_output_tokens\":6,\"temperature\":0}");
    assertEquals(200, response.status(), response.body());
    assertTrue(Set.of("node-a", "node-c").contains(response.raw().headers().firstValue("X-Opsmind-Node").orElseThrow()),
        "a Responses API request for a model node-b lacks is routed like chat");
    assertEquals("response", response.json().get("object").asText(), response.body());
    // The stored response is answered only once the shared map has it: a follow-up right after,
    // through node-b (routed like the first turn) and straight on the host that did not make it
    // (which must fetch it from the map), finds it at first try.
    String maker = response.raw().headers().firstValue("X-Opsmind-Node").orElseThrow();
    assertFollowedUpAtOnce(response.json().get("id").asText(), maker);
    // Streamed, the last event (and the end) comes once the shared map has it.
    var responseStream = entry.post("/v1/responses", "{\"model\":\"" + model + "\",\"input\":\"why is the disk full?\","
        + "\"max_output_tokens\":6,\"temperature\":0,\"stream\":true}");
    assertEquals(200, responseStream.status(), responseStream.body());
    JsonNode last = Sse.namedEvents(responseStream.body()).getLast();
    assertTrue(Set.of("response.completed", "response.incomplete").contains(last.path("type").asText()),
        responseStream.body());
    assertFollowedUpAtOnce(last.at("/response/id").asText(),
        responseStream.raw().headers().firstValue("X-Opsmind-Node").orElseThrow());

    var streamed = entry.post("/v1/chat/completions", chat("You are terse.", 12, true));
    assertEquals(200, streamed.status(), streamed.body());
    assertTrue(streamed.raw().headers().firstValue("Content-Type").orElseThrow().startsWith("text/event-stream"));
    List<JsonNode> events = Sse.events(streamed.body());
    long content = events.stream().filter(e -> e.at("/choices/0/delta/content").isTextual()
        && !e.at("/choices/0/delta/content").asText().isEmpty()).count();
    assertTrue(content >= 2, "token-by-token chunks relayed: " + streamed.body());
    assertEquals("length", events.getLast().at("/choices/0/finish_reason").asText(), streamed.body());
    // prefix affinity: with equal (idle) loads the same system prompt goes to the same node
    assertEquals(servedBy, streamed.raw().headers().firstValue("X-Opsmind-Node").orElseThrow());

    var completion = entry.post("/v1/completions", "{\"model\":\"" + model + "\",\"prompt\":\"df -h\",\"max_tokens\":4,"
        + "\"ignore_eos\":true}");
    assertEquals(200, completion.status(), completion.body());
    assertEquals("text_completion", completion.json().get("object").asText());

    var invalid = entry.post("/v1/chat/completions", "{\"model\":\"" + model + "\",\"messages\":[],\"max_tokens\":4}");
    assertEquals(400, invalid.status(), "the serving node's validation answers: " + invalid.body());
    invalid.error();

    // Embeddings go to the node announcing the embedder; tokenize to a host of the generator.
    var embedded = entry.post("/v1/embeddings", "{\"model\":\"" + EMBEDDER + "\",\"input\":[\"disk full\"]}");
    assertEquals(200, embedded.status(), embedded.body());
    assertEquals("node-a", embedded.raw().headers().firstValue("X-Opsmind-Node").orElseThrow());
    assertEquals(512, embedded.json().at("/data/0/embedding").size(), "bge-small's 512 dimensions");
    var tokens = entry.post("/tokenize", "{\"model\":\"" + model + "\",\"prompt\":\"df -h\"}");
    assertEquals(200, tokens.status(), tokens.body());
    assertTrue(tokens.json().path("tokens").size() > 0, tokens.body());
    var text = entry.post("/detokenize", "{\"model\":\"" + model + "\",\"tokens\":" + tokens.json().path("tokens") + "}");
    assertEquals(200, text.status(), text.body());
  }

  @Test
  @Order(3)
  void aClientLeavingARoutedStreamCancelsTheGenerationOnTheServingNode() throws Exception {
    HttpRequest request = entry.builder("/v1/chat/completions").header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(chat("You ramble.", 1800, true))).build();
    HttpResponse<java.io.InputStream> response = entry.client().send(request, HttpResponse.BodyHandlers.ofInputStream());
    assertEquals(200, response.statusCode());
    String servedBy = response.headers().firstValue("X-Opsmind-Node").orElseThrow();
    TestHttp host = new TestHttp(nodes.get(servedBy).port(), null);
    var reader = new java.io.BufferedReader(new java.io.InputStreamReader(response.body(), java.nio.charset.StandardCharsets.UTF_8));
    String line;
    while ((line = reader.readLine()) != null && !line.contains("\"content\":\"\"")) {
      // until the first chunk
    }
    response.body().close(); // the client goes away mid-stream
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!host.get("/metrics").body().contains("reason=\"cancelled\"")) {
      assertTrue(System.nanoTime() < deadline, "the serving node never cancelled the generation");
      Thread.sleep(100);
    }
  }

  @Test
  @Order(4)
  void killingTheServingNodeMidStreamEndsTheStreamWithAnErrorEventAndTheOtherHostTakesOver() throws Exception {
    HttpRequest request = entry.builder("/v1/chat/completions").header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(chat("You are long-winded.", 1800, true))).build();
    HttpResponse<Stream<String>> response = entry.client().send(request, HttpResponse.BodyHandlers.ofLines());
    assertEquals(200, response.statusCode());
    String servedBy = response.headers().firstValue("X-Opsmind-Node").orElseThrow();
    String survivor = servedBy.equals("node-a") ? "node-c" : "node-a";
    CompletableFuture<TestHttp.Reply> sentAtTheKill = new CompletableFuture<>();
    CompletableFuture<List<String>> rest = CompletableFuture.supplyAsync(() -> {
      List<String> lines = new ArrayList<>();
      var it = response.body().iterator();
      boolean killed = false;
      while (it.hasNext()) {
        String line = it.next();
        lines.add(line);
        if (!killed && line.contains("\"content\":\"") && !line.contains("\"content\":\"\"")) {
          nodes.get(servedBy).process().destroyForcibly(); // SIGKILL after the first token
          killed = true;
          // Sent before any membership change: placed on the killed node (same prompt), so it
          // has to be retried on the other host.
          CompletableFuture.supplyAsync(() -> entry.post("/v1/chat/completions", chat("You are long-winded.", 6, false)))
              .whenComplete((reply, error) -> {
                if (error != null) {
                  sentAtTheKill.completeExceptionally(error);
                } else {
                  sentAtTheKill.complete(reply);
                }
              });
        }
      }
      return lines;
    });
    long sent = System.nanoTime();
    List<String> lines = rest.get(60, TimeUnit.SECONDS); // never a hang
    System.out.printf("cluster: the cut stream ended %d ms after it started%n",
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent));
    List<String> data = lines.stream().filter(l -> l.startsWith("data: ")).toList();
    assertEquals("data: [DONE]", data.getLast(), "the stream ends with [DONE]");
    JsonNode error = Json.MAPPER.readTree(data.get(data.size() - 2).substring(6)).path("error");
    assertEquals("node_lost", error.path("code").asText(), "an OpenAI error event before [DONE]: " + data.getLast());
    assertTrue(error.has("message") && error.has("type") && error.has("param"), error.toString());
    long tokens = data.stream().filter(l -> l.contains("\"content\":\"") && !l.contains("\"content\":\"\"")).count();
    assertTrue(tokens < 1800, "cut midway, after " + tokens + " chunks");

    TestHttp.Reply retried = sentAtTheKill.get(60, TimeUnit.SECONDS);
    assertEquals(200, retried.status(), retried.body());
    assertEquals(survivor, retried.raw().headers().firstValue("X-Opsmind-Node").orElseThrow());
    assertTrue(entry.get("/metrics").body().lines().anyMatch(l -> l.startsWith("opsmind_cluster_retried_total")
        && !l.endsWith(" 0.0")), "the request sent at the kill was retried on the other host");

    // The very next request is served by the survivor: retried there if it was sent before the
    // membership event arrived, routed there directly after.
    long lostAt = System.nanoTime();
    var next = entry.post("/v1/chat/completions", chat("You are long-winded.", 6, false));
    assertEquals(200, next.status(), next.body());
    assertEquals(survivor, next.raw().headers().firstValue("X-Opsmind-Node").orElseThrow());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (hostsOf(model).contains(servedBy)) {
      assertTrue(System.nanoTime() < deadline, "the lost node is still listed: " + hostsOf(model));
      Thread.sleep(100);
    }
    System.out.printf("cluster: stream cut after %d chunks; the lost node left /v1/models %d ms after the next "
        + "request started%n", tokens, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lostAt));
    assertEquals(Set.of(survivor), hostsOf(model));

    // And with no host left, a clean OpenAI 404, not a hang.
    nodes.get(survivor).process().destroyForcibly();
    nodes.get(survivor).process().waitFor(30, TimeUnit.SECONDS);
    long killed = System.nanoTime();
    deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    TestHttp.Reply last;
    do {
      last = entry.post("/v1/chat/completions", chat("You are terse.", 4, false));
      assertTrue(System.nanoTime() < deadline, "never a clean failure: " + last.body());
    } while (last.status() == 200);
    System.out.printf("cluster: with the last host killed, a request failed cleanly (%d) after %d ms%n", last.status(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed));
    assertTrue(last.status() == 404 || last.status() == 503, last.body());
    assertFalse(last.error().path("code").asText().isEmpty(), last.body());
    assertNotEquals(200, last.status());
    assertEquals(Set.of(), hostsOf(model).stream().collect(Collectors.toSet()));
  }

  /** A follow-up of response {@code id}, made by {@code maker}, succeeds at first try through node-b and on the other host. */
  private static void assertFollowedUpAtOnce(String id, String maker) {
    String followUp = "{\"model\":\"" + model + "\",\"previous_response_id\":\"" + id
        + "\",\"input\":\"and the inodes?\",\"max_output_tokens\":4,\"temperature\":0}";
    String other = maker.equals("node-a") ? "node-c" : "node-a";
    TestHttp.Reply there = new TestHttp(nodes.get(other).port(), null).post("/v1/responses", followUp);
    assertEquals(200, there.status(), other + " (" + maker + " made " + id + "): " + there.body());
    assertEquals(other, there.raw().headers().firstValue("X-Opsmind-Node").orElse(other), "served where it was sent");
    TestHttp.Reply routed = entry.post("/v1/responses", followUp);
    assertEquals(200, routed.status(), routed.body());
    assertEquals("response", routed.json().get("object").asText(), routed.body());
  }
}
