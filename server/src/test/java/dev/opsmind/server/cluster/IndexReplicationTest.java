package dev.opsmind.server.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.opsmind.server.ChildServer;
import dev.opsmind.server.TestHttp;
import dev.opsmind.server.TestRoots;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster's knowledge index across three JVMs: one node writes (it indexes the configured
 * folder), the others copy its commits. The writer is killed (-9) mid-ingest; another node takes
 * over from its last copied commit and finishes, and no chunk is lost or doubled on any node; a
 * document uploaded to the new writer is found by a search on a replica, and one uploaded to (then
 * deleted through) a replica is forwarded to the writer and found (then gone) everywhere; the killed node, started
 * again on its own (divergent) folder, catches up. Then that node is killed right after feedback
 * it acknowledged: another node's disk holds the feedback and a verifiable copy of its audit
 * chain, and the survivors follow up a response it stored and serve a read-only copy of a proposal it
 * approved. Every wait is on a condition.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IndexReplicationTest {
  static final String SECRET = "test-cluster-secret-0123456789";
  /** Enough files that the writer is still indexing when a replica has copied its first commits. */
  static final int FILES = 160;
  @TempDir static Path tmp;
  static final Map<String, ChildServer> nodes = new ConcurrentHashMap<>();
  static final Map<String, TestHttp> http = new ConcurrentHashMap<>();
  static String members;
  static int[] ports;
  static Path sources;
  static String firstWriter;

  @BeforeAll
  static void start() throws Exception {
    sources = Files.createDirectories(tmp.resolve("runbooks"));
    List<Path> samples;
    try (Stream<Path> files = Files.list(TestRoots.sampleRunbooks())) {
      samples = files.filter(f -> f.toString().endsWith(".md")).sorted().toList();
    }
    for (int i = 0; i < FILES; i++) {
      Path sample = samples.get(i % samples.size());
      Files.writeString(sources.resolve(i + "-" + sample.getFileName()),
          "# Copy " + i + "\n\nHost group hg" + i + "x.\n\n" + Files.readString(sample));
    }
    ports = ClusterRoutingTest.freePorts(3);
    members = "127.0.0.1:" + ports[0] + ",127.0.0.1:" + ports[1] + ",127.0.0.1:" + ports[2];
    // Started together: the writer is elected once all three are members (or after 16 s), so the
    // replicas are there from its first commits on.
    List<Thread> starting = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      int which = i;
      starting.add(Thread.ofPlatform().start(() -> startQuietly(NAMES.get(which), which)));
    }
    for (Thread t : starting) {
      t.join();
    }
    assertEquals(3, nodes.size(), "all three nodes started");
    firstWriter = awaitValue("a node becomes the index writer", 180, IndexReplicationTest::writerOrNull);
  }

  static final List<String> NAMES = List.of("node-a", "node-b", "node-c");

  static String writerOrNull() {
    for (String name : nodes.keySet()) {
      if ("writer".equals(index(name).path("role").asText())) {
        return name;
      }
    }
    return null;
  }

  static List<String> others(String name) {
    return NAMES.stream().filter(n -> !n.equals(name)).toList();
  }

  static void startNode(String name, int i) throws Exception {
    Path home = Files.createDirectories(tmp.resolve(name));
    ChildServer child = ChildServer.start(home, IndexNodeChild.class, name, Integer.toString(ports[i]), members, SECRET,
        home.resolve("index").toString(), sources.toString());
    nodes.put(name, child);
    http.put(name, new TestHttp(child.port(), null));
  }

  static void startQuietly(String name, int i) {
    try {
      startNode(name, i);
    } catch (Exception e) {
      throw new IllegalStateException(name + " did not start", e);
    }
  }

  @AfterAll
  static void stop() {
    nodes.values().forEach(n -> n.process().destroyForcibly());
  }

  @Test
  @Order(1)
  void killingTheWriterMidIngestLosesAndDoublesNoChunk() throws Exception {
    // A replica has copied some of the writer's commits, and the writer is still indexing.
    String watcher = others(firstWriter).getFirst();
    await(watcher + " copies a commit with part of the folder", 300, () -> documents(watcher).size() > 0);
    int copied = documents(watcher).size();
    JsonNode writerReady = http.get(firstWriter).get("/ready").json();
    assertTrue(copied < FILES && writerReady.path("files_indexed").asInt() < FILES,
        "the writer is still indexing when it is killed (replica has " + copied + ", writer "
            + writerReady.path("files_indexed") + " of " + FILES + ")");
    long killed = System.nanoTime();
    nodes.get(firstWriter).process().destroyForcibly().waitFor(30, TimeUnit.SECONDS); // kill -9
    nodes.remove(firstWriter);

    // Until a survivor takes over, an index write sent to one is answered at once: forwarded to a
    // writer, or 503 index_writer_unavailable with Retry-After (never a hang, never a 5xx of another kind).
    String asked = others(firstWriter).getFirst();
    int unavailable = 0;
    while (writerOrNull() == null) {
      var write = http.get(asked).delete("/v1/collections/ghost-" + System.nanoTime());
      if (write.status() == 503) {
        assertEquals("index_writer_unavailable", write.error().path("code").asText(), write.body());
        assertTrue(write.raw().headers().firstValue("Retry-After").isPresent(), "503 says when to retry");
        unavailable++;
      } else {
        assertEquals(404, write.status(), "forwarded to a writer, which has no such collection: " + write.body());
      }
      assertTrue(System.nanoTime() - killed < TimeUnit.SECONDS.toNanos(120), "a survivor takes over within 120 s");
      Thread.sleep(250);
    }
    String newWriter = awaitValue("a survivor takes over as index writer", 120, IndexReplicationTest::writerOrNull);
    // Reported, not asserted (timings belong to bench/): failureSeconds is 8 here.
    System.out.printf("index writer failover: %s took over %d ms after the kill -9 of %s (replica had %d of %d files; "
        + "%d writes meanwhile answered 503 index_writer_unavailable)%n",
        newWriter, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed), firstWriter, copied, FILES, unavailable);
    String replica = others(firstWriter).stream().filter(n -> !n.equals(newWriter)).findFirst().orElseThrow();
    await(newWriter + " finishes indexing the folder", 600,
        () -> http.get(newWriter).get("/ready").status() == 200 && documents(newWriter).size() == FILES);
    Map<String, String> expected = documents(newWriter);
    await(replica + " copies the final commit", 120, () -> documents(replica).equals(expected));
    for (String name : List.of(newWriter, replica)) {
      JsonNode collection = http.get(name).get("/v1/collections/runbooks").json();
      long chunks = collection.path("chunks").asLong();
      long listed = documents(name).values().stream().mapToLong(v -> Long.parseLong(v.split(" ")[1])).sum();
      assertEquals(listed, chunks, name + ": the index holds exactly the chunks its documents list (none doubled)");
      assertTrue(chunks >= FILES, name + ": every document has its chunks (" + chunks + ")");
    }
    // Same files, same content: the copies of one sample file have the same number of chunks.
    Map<String, String> bySample = new TreeMap<>();
    expected.forEach((path, value) -> {
      String sample = path.substring(path.indexOf('-') + 1);
      String chunks = value.split(" ")[1];
      String before = bySample.putIfAbsent(sample, chunks);
      assertTrue(before == null || before.equals(chunks), "every copy of " + sample + " has the same chunks: "
          + before + " vs " + chunks + " (" + path + ")");
    });
  }

  @Test
  @Order(2)
  void aDocumentUploadedToTheWriterIsFoundOnAReplica() throws Exception {
    String writer = writerName();
    String replica = others(firstWriter).stream().filter(n -> !n.equals(writer)).findFirst().orElseThrow();
    TestHttp onWriter = http.get(writer);
    var created = onWriter.post("/v1/collections", "{\"name\":\"notes\",\"readers\":[\"*\"]}");
    assertEquals(201, created.status(), created.body());
    var uploaded = onWriter.upload("/v1/collections/notes/documents", Map.of("zebra-fence.md",
        "# Zebra fence\n\nThe quuxfrobnicator daemon restarts the zebra fence controller.\n".getBytes(StandardCharsets.UTF_8)));
    assertEquals(201, uploaded.status(), uploaded.body());
    var action = onWriter.upload("/v1/collections/notes/documents", Map.of("zebra-gate.md", """
        # Zebra gate

        ```opsmind-action
        name: open-zebra-gate
        run: ["/bin/true", "{{gate}}"]
        params:
          gate: {pattern: "^[a-z]{1,16}$"}
        risk: low
        ```
        """.getBytes(StandardCharsets.UTF_8)));
    assertEquals(201, action.status(), action.body());
    await("a search on the replica finds the uploaded document", 120, () -> {
      JsonNode found = http.get(replica).post("/v1/search",
          "{\"query\":\"quuxfrobnicator\",\"mode\":\"bm25\",\"collections\":[\"notes\"]}").json();
      return found.path("data").size() > 0
          && found.path("data").get(0).path("citation").toString().contains("zebra-fence.md");
    });
    // Writes sent to a replica are forwarded to the writer: found on every node, then deleted everywhere.
    var forwarded = http.get(replica).upload("/v1/collections/notes/documents", Map.of("yak-shaver.md",
        "# Yak shaver\n\nThe plumbozoid relay shaves the yak before midnight.\n".getBytes(StandardCharsets.UTF_8)));
    assertEquals(201, forwarded.status(), forwarded.body());
    for (String name : List.of(writer, replica)) {
      await("the upload sent to " + replica + " is found on " + name, 120, () -> found(name, "plumbozoid", "yak-shaver.md"));
    }
    var deleted = http.get(replica).delete("/v1/collections/notes/documents/yak-shaver.md");
    assertEquals(200, deleted.status(), deleted.body());
    for (String name : List.of(writer, replica)) {
      await("the delete sent to " + replica + " reaches " + name, 120, () -> !found(name, "plumbozoid", "yak-shaver.md"));
    }
  }

  static boolean found(String node, String word, String file) {
    JsonNode found = http.get(node).post("/v1/search",
        "{\"query\":\"" + word + "\",\"mode\":\"bm25\",\"collections\":[\"notes\"]}").json();
    return found.path("data").size() > 0 && found.path("data").get(0).path("citation").toString().contains(file);
  }

  @Test
  @Order(3)
  void theKilledWriterRestartsAsAReplicaAndCatchesUp() throws Exception {
    startNode(firstWriter, NAMES.indexOf(firstWriter)); // its folder holds commits of its own no one copied
    Map<String, String> expected = documents(writerName());
    await(firstWriter + " catches up with the writer", 180, () -> {
      JsonNode index = index(firstWriter);
      return "replica".equals(index.path("role").asText()) && documents(firstWriter).equals(expected)
          && http.get(firstWriter).get("/v1/collections/notes").status() == 200;
    });
    assertNotEquals(firstWriter, writerName(), "the writer stays where it moved");
  }

  @Test
  @Order(4)
  void acknowledgedFeedbackAndTheAuditChainSurviveTheLossOfTheirNode() throws Exception {
    String lost = firstWriter; // a replica now, restarted in the test before
    TestHttp onA = http.get(lost);
    var answer = onA.post("/v1/chat/completions", "{\"model\":\"opsmind-extractive\",\"messages\":[{\"role\":"
        + "\"user\",\"content\":\"The disk on node-3 is full, what do I do?\"}]}");
    assertEquals(200, answer.status(), answer.body());
    String marker = "kept-elsewhere-" + System.nanoTime();
    var feedback = onA.post("/v1/feedback", "{\"response_id\":\"" + answer.json().path("id").asText()
        + "\",\"rating\":1,\"comment\":\"" + marker + "\"}");
    assertEquals(201, feedback.status(), feedback.body()); // acknowledged: on its disk and another node's
    // A stored response, and a proposal with its decision, made on the node about to be lost.
    var stored = onA.post("/v1/responses", "{\"model\":\"opsmind-extractive\",\"store\":true,"
        + "\"input\":\"The disk on node-3 is full, what do I do?\"}");
    assertEquals(200, stored.status(), stored.body());
    String responseId = stored.json().path("id").asText();
    var proposed = onA.post("/v1/actions/proposals", "{\"action\":\"open-zebra-gate\",\"arguments\":{\"gate\":"
        + "\"north\"},\"rationale\":\"the zebras wait\"}");
    assertEquals(201, proposed.status(), proposed.body());
    String proposalId = proposed.json().path("id").asText();
    var approved = onA.post("/v1/actions/proposals/" + proposalId + "/approve", "{\"comment\":\"go\"}");
    assertEquals(200, approved.status(), approved.body());
    nodes.get(lost).process().destroyForcibly().waitFor(30, TimeUnit.SECONDS); // kill -9
    nodes.remove(lost);

    int copiesServed = 0;
    List<Path> copies = new ArrayList<>();
    for (String other : others(lost)) {
      Path copy = tmp.resolve(other).resolve("peers").resolve(lost).resolve("feedback").resolve("feedback.jsonl");
      if (Files.isRegularFile(copy) && Files.readString(copy).contains(marker)) {
        copies.add(copy);
      }
    }
    assertEquals(1, copies.size(), "exactly cluster.journalCopies (1) other node holds the acknowledged feedback");

    // The audit entries the lost node wrote are copied line for line: the copy is the same hash chain.
    Path origin = tmp.resolve(lost).resolve("audit").resolve("audit.jsonl");
    List<String> own = Files.readAllLines(origin);
    int checked = 0;
    for (String other : others(lost)) {
      Path copy = tmp.resolve(other).resolve("peers").resolve(lost).resolve("audit").resolve("audit.jsonl");
      if (!Files.isRegularFile(copy)) {
        continue;
      }
      var verified = dev.opsmind.server.audit.AuditChain.verify(copy, true);
      assertTrue(verified.ok(), other + "'s copy of " + lost + "'s audit chain: " + verified.broken());
      for (String line : Files.readAllLines(copy)) {
        assertTrue(own.contains(line), "a copied audit line is the lost node's own, byte for byte: " + line);
        checked++;
      }
    }
    assertTrue(checked > 0, lost + "'s audit entries were copied to another node");
    assertTrue(dev.opsmind.server.audit.AuditChain.verify(origin).ok(), lost + "'s own chain holds after kill -9");

    for (String other : others(lost)) {
      // The stored response is followed up, and read, on the survivors.
      var followUp = http.get(other).post("/v1/responses", "{\"model\":\"opsmind-extractive\",\"previous_response_id\":\""
          + responseId + "\",\"input\":\"And if it fills up again?\"}");
      assertEquals(200, followUp.status(), other + ": " + followUp.body());
      assertEquals(200, http.get(other).get("/v1/responses/" + responseId).status(), other);
      // The approved proposal is served read-only from the copy of the lost node's journal.
      var copy = http.get(other).get("/v1/actions/proposals/" + proposalId);
      if (copy.status() == 200) {
        assertEquals("approved", copy.json().path("state").asText(), copy.body());
        assertEquals(lost, copy.json().path("opsmind_copy_of").asText(), copy.body());
        copiesServed++;
      }
    }
    assertEquals(1, copiesServed, "the node holding the copy of " + lost + "'s proposals serves it");
  }

  // ------------------------------------------------------------------ helpers

  static String writerName() {
    for (String name : nodes.keySet()) {
      if ("writer".equals(index(name).path("role").asText())) {
        return name;
      }
    }
    throw new AssertionError("no node is the index writer");
  }

  static JsonNode index(String name) {
    try {
      return http.get(name).get("/ready").json().path("cluster").path("index");
    } catch (AssertionError | RuntimeException e) {
      return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }
  }

  /** Documents of collection runbooks on a node: path → "content_hash chunks". */
  static Map<String, String> documents(String name) {
    Map<String, String> out = new TreeMap<>();
    var reply = http.get(name).get("/v1/collections/runbooks/documents");
    if (reply.status() != 200) {
      return out;
    }
    for (JsonNode doc : reply.json().path("data")) {
      out.put(doc.path("id").asText(), doc.path("content_hash").asText() + " " + doc.path("chunks").asInt());
    }
    return out;
  }

  static void await(String what, int seconds, BooleanSupplier condition) throws InterruptedException {
    awaitValue(what, seconds, () -> condition.getAsBoolean() ? Boolean.TRUE : null);
  }

  static <T> T awaitValue(String what, int seconds, Supplier<T> value) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    List<String> states = new ArrayList<>();
    while (true) {
      T got;
      try {
        got = value.get();
      } catch (AssertionError | RuntimeException e) {
        got = null;
      }
      if (got != null) {
        return got;
      }
      if (System.nanoTime() > deadline) {
        nodes.keySet().forEach(n -> states.add(n + ": " + index(n)));
        throw new AssertionError("timed out after " + seconds + " s waiting until " + what + "; " + states);
      }
      Thread.sleep(250);
    }
  }
}
