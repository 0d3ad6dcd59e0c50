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
      assertEquals(responseId, record.get("responseId").asText());
      assertEquals(QUESTION, record.get("question").asText());
      assertEquals("runbooks:disk-inodes-exhausted.zh.md", record.get("correctSource").asText());
      assertTrue(record.get("citations").size() > 0);
      assertEquals(firstTop, record.get("citations").get(0).get("path").asText());

      JsonNode again = http.post("/v1/chat/completions", ASK).json();
      String top = again.get("opsmind").get("citations").get(0).get("path").asText();
      assertNotEquals(firstTop, top, again.toString());
      assertEquals("disk-inodes-exhausted.zh.md", top, "the source named as correct now comes first");
    }
  }
}
