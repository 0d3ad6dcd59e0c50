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
 * document uploaded to the new writer is found by a search on a replica; the killed node, started
 * again on its own (divergent) folder, catches up. Every wait is on a condition.
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
    // node-a first: alone, it becomes the writer and starts indexing; then the two replicas.
    startNode("node-a", 0);
    await("node-a becomes the index writer", 120, () -> "writer".equals(index("node-a").path("role").asText()));
    firstWriter = "node-a";
    Thread b = Thread.ofPlatform().start(() -> startQuietly("node-b", 1));
    Thread c = Thread.ofPlatform().start(() -> startQuietly("node-c", 2));
    b.join();
    c.join();
    assertTrue(nodes.containsKey("node-b") && nodes.containsKey("node-c"), "both replicas started");
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
    await("node-b copies a commit with part of the folder", 300, () -> documents("node-b").size() > 0);
    int copied = documents("node-b").size();
    JsonNode writerReady = http.get("node-a").get("/ready").json();
    assertTrue(copied < FILES && writerReady.path("files_indexed").asInt() < FILES,
        "the writer is still indexing when it is killed (replica has " + copied + ", writer "
            + writerReady.path("files_indexed") + " of " + FILES + ")");
    nodes.get("node-a").process().destroyForcibly().waitFor(30, TimeUnit.SECONDS); // kill -9
    nodes.remove("node-a");

    String newWriter = awaitValue("a survivor takes over as index writer", 120, () -> {
      for (String name : List.of("node-b", "node-c")) {
        if ("writer".equals(index(name).path("role").asText())) {
          return name;
        }
      }
      return null;
    });
    String replica = newWriter.equals("node-b") ? "node-c" : "node-b";
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
    String replica = writer.equals("node-b") ? "node-c" : "node-b";
    TestHttp onWriter = http.get(writer);
    var created = onWriter.post("/v1/collections", "{\"name\":\"notes\",\"readers\":[\"*\"]}");
    assertEquals(201, created.status(), created.body());
    var uploaded = onWriter.upload("/v1/collections/notes/documents", Map.of("zebra-fence.md",
        "# Zebra fence\n\nThe quuxfrobnicator daemon restarts the zebra fence controller.\n".getBytes(StandardCharsets.UTF_8)));
    assertEquals(200, uploaded.status(), uploaded.body());
    await("a search on the replica finds the uploaded document", 120, () -> {
      JsonNode found = http.get(replica).post("/v1/search",
          "{\"query\":\"quuxfrobnicator\",\"mode\":\"bm25\",\"collections\":[\"notes\"]}").json();
      return found.path("data").size() > 0
          && found.path("data").get(0).path("citation").toString().contains("zebra-fence.md");
    });
    var refused = http.get(replica).upload("/v1/collections/notes/documents",
        Map.of("other.md", "# Other\n\ntext\n".getBytes(StandardCharsets.UTF_8)));
    assertEquals(503, refused.status(), refused.body());
    assertEquals("index_replica", refused.error().path("code").asText());
  }

  @Test
  @Order(3)
  void theKilledWriterRestartsAsAReplicaAndCatchesUp() throws Exception {
    startNode("node-a", 0); // its folder holds commits of its own that no one copied
    Map<String, String> expected = documents(writerName());
    await("node-a catches up with the writer", 180, () -> {
      JsonNode index = index("node-a");
      return "replica".equals(index.path("role").asText()) && documents("node-a").equals(expected)
          && http.get("node-a").get("/v1/collections/notes").status() == 200;
    });
    assertNotEquals(firstWriter, writerName(), "the writer stays where it moved");
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
