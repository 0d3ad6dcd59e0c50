package dev.opsmind.server.grounded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.opsmind.server.OpsmindServer;
import dev.opsmind.server.TestHttp;
import dev.opsmind.server.TestRoots;
import dev.opsmind.server.config.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** POST /v1/feedback: validation, durability across a restart, and re-ranking of a similar question. */
class FeedbackApiTest {
  @TempDir Path tmp;

  static final String QUESTION = "Node disk full: the node has no free disk space left, what should I do?";
  static final String ASK = "{\"model\":\"opsmind-extractive\",\"messages\":[{\"role\":\"user\",\"content\":\""
      + QUESTION + "\"}],\"opsmind\":{\"collections\":[\"runbooks\"]}}";

  private ServerConfig config() {
    return ServerConfig.defaults().withPort(0).withEmbedder("bge-small-zh-v1.5")
        .withIndex(tmp.resolve("data").resolve("index"))
        .withSources(List.of(new ServerConfig.Source("runbooks", TestRoots.sampleRunbooks(), List.of("*"))));
  }

  /** Every field name in the tree is snake_case (the API's convention, as in POST /v1/feedback). */
  static void assertSnakeCase(JsonNode node) {
    if (node.isObject()) {
      node.fieldNames().forEachRemaining(name -> {
        assertTrue(name.matches("[a-z0-9_]+"), "field '" + name + "' is not snake_case in " + node);
        assertSnakeCase(node.get(name));
      });
    } else if (node.isArray()) {
      node.forEach(FeedbackApiTest::assertSnakeCase);
    }
  }

  @Test
  void feedbackIsStoredDurablySurvivesARestartAndReranksTheSameQuestion() throws Exception {
    String responseId;
    String firstTop;
    try (OpsmindServer server = OpsmindServer.start(config())) {
      TestHttp http = new TestHttp(server.port(), null);
      http.awaitReady();
      JsonNode answer = http.post("/v1/chat/completions", ASK).json();
      responseId = answer.get("id").asText();
      firstTop = answer.get("opsmind").get("citations").get(0).get("path").asText();
      assertEquals("disk-full.md", firstTop, answer.toString());

      assertEquals(404, http.post("/v1/feedback", "{\"response_id\":\"chatcmpl-unknown\",\"rating\":1}").status());
      var zero = http.post("/v1/feedback", "{\"response_id\":\"" + responseId + "\",\"rating\":0}");
      assertEquals(400, zero.status(), zero.body());
      assertEquals("rating", zero.error().get("param").asText());
      assertEquals(400, http.post("/v1/feedback", "{\"response_id\":\"" + responseId + "\"}").status());
      assertEquals(400, http.post("/v1/feedback", "{\"response_id\":\"" + responseId
          + "\",\"rating\":1,\"correct_source\":7}").status());

      var stored = http.post("/v1/feedback", "{\"response_id\":\"" + responseId + "\",\"rating\":-1,"
          + "\"comment\":\"wrong runbook: it is the inodes\","
          + "\"correct_source\":{\"collection\":\"runbooks\",\"path\":\"disk-inodes-exhausted.zh.md\"}}");
      assertEquals(201, stored.status(), stored.body());
      assertEquals(-1.0, stored.json().get("weight").asDouble());
    }
    Path file = tmp.resolve("data").resolve("feedback").resolve(FeedbackStore.FILE);
    assertEquals(1, Files.readAllLines(file).size(), "one JSON line per rating");

    try (OpsmindServer restarted = OpsmindServer.start(config())) {
      TestHttp http = new TestHttp(restarted.port(), null);
      http.awaitReady();
      JsonNode records = http.get("/v1/feedback").json().get("data");
      assertEquals(1, records.size(), records.toString());
      JsonNode record = records.get(0);
      assertEquals("feedback", record.get("object").asText());
      assertEquals(responseId, record.get("response_id").asText());
      assertEquals(QUESTION, record.get("question").asText());
      assertEquals(-1, record.get("rating").asInt());
      assertEquals("wrong runbook: it is the inodes", record.get("comment").asText());
      assertEquals("runbooks:disk-inodes-exhausted.zh.md", record.get("correct_source").asText());
      assertTrue(record.get("retrieval_query").asText().contains("disk"), record.toString());
      assertTrue(record.get("citations").size() > 0);
      JsonNode citation = record.get("citations").get(0);
      assertEquals(firstTop, citation.get("path").asText());
      assertTrue(citation.has("start_line") && citation.has("end_line") && citation.has("heading_path"),
          citation.toString());
      assertSnakeCase(record);

      JsonNode again = http.post("/v1/chat/completions", ASK).json();
      String top = again.get("opsmind").get("citations").get(0).get("path").asText();
      assertNotEquals(firstTop, top, again.toString());
      assertEquals("disk-inodes-exhausted.zh.md", top, "the source named as correct now comes first");
    }
  }
}
