package dev.opsmind.server.knowledge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.opsmind.server.OpsmindServer;
import dev.opsmind.server.TestHttp;
import dev.opsmind.server.TestRoots;
import dev.opsmind.server.auth.ApiKeys;
import dev.opsmind.server.config.ServerConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Collections, uploads and ACLs through raw HTTP on the real embedder, index and ingestion. */
class CollectionsApiTest {
  @TempDir static Path tmp;
  static OpsmindServer server;
  static TestHttp admin;
  static TestHttp bob;

  @BeforeAll
  static void start() {
    ServerConfig config = ServerConfig.defaults().withPort(0).withEmbedder("bge-small-zh-v1.5-q")
        .withIndex(tmp.resolve("index"))
        .withSources(List.of(new ServerConfig.Source("runbooks", TestRoots.sampleRunbooks(), List.of("*"))))
        .withApiKeys(List.of(
            new ServerConfig.ApiKeyEntry("alice", ApiKeys.sha256Hex("sk-admin"), true),
            new ServerConfig.ApiKeyEntry("bob", ApiKeys.sha256Hex("sk-bob"), false)));
    server = OpsmindServer.start(config);
    admin = new TestHttp(server.port(), "sk-admin");
    bob = new TestHttp(server.port(), "sk-bob");
    admin.awaitReady();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static List<String> ids(JsonNode list) {
    return StreamSupport.stream(list.get("data").spliterator(), false).map(n -> n.get("id").asText()).toList();
  }

  @Test
  void sampleRunbooksAreIndexedAtStartAndReadableByEveryone() {
    var reply = bob.get("/v1/collections");
    assertEquals(200, reply.status(), reply.body());
    JsonNode runbooks = reply.json().get("data").get(0);
    assertEquals("runbooks", runbooks.get("id").asText());
    assertTrue(runbooks.get("chunks").asLong() > 10, reply.body());
    var docs = bob.get("/v1/collections/runbooks/documents");
    assertTrue(ids(docs.json()).contains("disk-full.md"), docs.body());
  }

  @Test
  void collectionLifecycleWithUploadsAndAcls() {
    var forbidden = bob.post("/v1/collections", "{\"name\":\"team-a\"}");
    assertEquals(403, forbidden.status(), forbidden.body());
    assertEquals("permission_error", forbidden.error().get("type").asText());

    var created = admin.post("/v1/collections", "{\"name\":\"team-a\",\"readers\":[\"alice\"],\"description\":\"A\"}");
    assertEquals(201, created.status(), created.body());
    assertEquals("team-a", created.json().get("id").asText());
    assertFalse(ids(bob.get("/v1/collections").json()).contains("team-a"), "bob may not read team-a");
    var hidden = bob.get("/v1/collections/team-a");
    assertEquals(404, hidden.status());
    assertEquals("collection_not_found", hidden.error().get("code").asText());

    byte[] doc = "# Kafka consumer lag\n\nCheck the consumer group with kafka-consumer-groups --describe.\n"
        .getBytes(StandardCharsets.UTF_8);
    var uploaded = admin.upload("/v1/collections/team-a/documents", Map.of("notes/kafka.md", doc));
    assertEquals(201, uploaded.status(), uploaded.body());
    JsonNode outcome = uploaded.json().get("data").get(0);
    assertEquals("added", outcome.get("status").asText());
    assertTrue(outcome.get("chunks").asInt() >= 1);
    var again = admin.upload("/v1/collections/team-a/documents", Map.of("notes/kafka.md", doc));
    assertEquals("unchanged", again.json().get("data").get(0).get("status").asText());
    assertEquals(List.of("notes/kafka.md"), ids(admin.get("/v1/collections/team-a/documents").json()));
    assertEquals(403, bob.upload("/v1/collections/team-a/documents", Map.of("x.md", doc)).status());

    var deleted = admin.delete("/v1/collections/team-a/documents/notes/kafka.md");
    assertEquals(200, deleted.status(), deleted.body());
    assertEquals(404, admin.delete("/v1/collections/team-a/documents/notes/kafka.md").status());

    assertEquals(200, admin.delete("/v1/collections/team-a").status());
    assertEquals(404, admin.get("/v1/collections/team-a").status());
  }

  @Test
  void searchReturnsCitedHitsUnderTheCallersAcls() {
    var reply = bob.post("/v1/search", "{\"query\":\"disk is full on /var\",\"top_k\":3,\"collections\":[\"runbooks\"]}");
    assertEquals(200, reply.status(), reply.body());
    JsonNode hits = reply.json().get("data");
    assertEquals(3, hits.size(), reply.body());
    JsonNode top = hits.get(0);
    assertTrue(top.get("citation").get("path").asText().startsWith("disk-"), reply.body());
    assertTrue(top.get("citation").get("start_line").asInt() >= 1);
    assertEquals("runbooks", top.get("citation").get("collection").asText());
    assertFalse(top.get("snippet").asText().isBlank());

    var filtered = bob.post("/v1/search",
        "{\"query\":\"disk full\",\"mode\":\"bm25\",\"filters\":{\"path_prefix\":\"nginx\"}}");
    assertEquals(200, filtered.status(), filtered.body());
    for (JsonNode hit : filtered.json().get("data")) {
      assertTrue(hit.get("citation").get("path").asText().startsWith("nginx"), filtered.body());
    }

    admin.post("/v1/collections", "{\"name\":\"secret\",\"readers\":[]}");
    var denied = bob.post("/v1/search", "{\"query\":\"disk\",\"collections\":[\"secret\"]}");
    assertEquals(404, denied.status(), denied.body());
    assertEquals("collection_not_found", denied.error().get("code").asText());
    admin.delete("/v1/collections/secret");

    assertEquals(400, bob.post("/v1/search", "{\"query\":\"\"}").status());
    assertEquals("mode", bob.post("/v1/search", "{\"query\":\"x\",\"mode\":\"magic\"}").error().get("param").asText());
    assertEquals("top_k", bob.post("/v1/search", "{\"query\":\"x\",\"top_k\":0}").error().get("param").asText());
    // Fields inside filters are named with their path, as in the grounded chat's opsmind.filters.*.
    assertEquals("filters.path_prefix", bob.post("/v1/search",
        "{\"query\":\"x\",\"filters\":{\"path_prefix\":5}}").error().get("param").asText());
    assertEquals("filters.modified_after", bob.post("/v1/search",
        "{\"query\":\"x\",\"filters\":{\"modified_after\":\"yesterday\"}}").error().get("param").asText());
    assertEquals("filters.tags", bob.post("/v1/search",
        "{\"query\":\"x\",\"filters\":{\"tags\":[1]}}").error().get("param").asText());
  }

  /** The chat route exists (grounded chat) with no generator: malformed chats are still 400s naming the field. */
  @Test
  void chatWithoutAGeneratorValidatesBeforeAnswering404() {
    var noModel = bob.post("/v1/chat/completions", "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
    assertEquals(400, noModel.status(), noModel.body());
    assertEquals("model", noModel.error().get("param").asText());
    var unknown = bob.post("/v1/chat/completions", "{\"model\":\"gpt-4\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
    assertEquals(404, unknown.status(), unknown.body());
    assertEquals("model_not_found", unknown.error().get("code").asText());
    var noQuestion = bob.post("/v1/chat/completions",
        "{\"model\":\"opsmind-extractive\",\"messages\":[{\"role\":\"system\",\"content\":\"be brief\"}]}");
    assertEquals(400, noQuestion.status(), noQuestion.body());
    assertEquals("messages", noQuestion.error().get("param").asText());
    var topK = bob.post("/v1/chat/completions", "{\"model\":\"opsmind-extractive\",\"messages\":"
        + "[{\"role\":\"user\",\"content\":\"disk full\"}],\"opsmind\":{\"top_k\":0}}");
    assertEquals(400, topK.status(), topK.body());
    assertEquals("opsmind.top_k", topK.error().get("param").asText());
  }

  @Test
  void badUploadsAndNamesAre4xx() {
    assertEquals(201, admin.post("/v1/collections", "{\"name\":\"scratch\"}").status());
    var unsupported = admin.upload("/v1/collections/scratch/documents", Map.of("tool.exe", new byte[] {1, 2}));
    assertEquals(400, unsupported.status(), unsupported.body());
    unsupported.error();
    var noCollection = admin.upload("/v1/collections/nope/documents", Map.of("a.md", "# a".getBytes(StandardCharsets.UTF_8)));
    assertEquals(404, noCollection.status());
    var noFiles = admin.post("/v1/collections/scratch/documents", "{}");
    assertEquals(400, noFiles.status(), noFiles.body());
    var badName = admin.post("/v1/collections", "{\"name\":\"../etc\"}");
    assertEquals(400, badName.status());
    assertEquals("name", badName.error().get("param").asText());
  }

  /**
   * Issue 12 item 8: a collection a configured source keeps in step would lose uploads at the next
   * start (the sync deletes files not in the folder); such writes are 409s, naming the folder.
   */
  @Test
  void writesToASourceCollectionAre409() {
    byte[] doc = "# Kafka lag\n\nCheck the consumer group.".getBytes(StandardCharsets.UTF_8);
    var upload = admin.upload("/v1/collections/runbooks/documents", Map.of("kafka.md", doc));
    assertEquals(409, upload.status(), upload.body());
    assertEquals("collection_managed_by_source", upload.error().get("code").asText());
    assertEquals(409, admin.delete("/v1/collections/runbooks/documents/disk-full.md").status());
    assertEquals(409, admin.post("/v1/collections", "{\"name\":\"runbooks\",\"readers\":[\"bob\"]}").status());
    assertEquals(409, admin.delete("/v1/collections/runbooks").status());
    assertEquals(200, bob.get("/v1/collections/runbooks").status(), "nothing changed");
  }
}
