package dev.opsmind.server.grounded;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.opsmind.server.OpsmindServer;
import dev.opsmind.server.TestHttp;
import dev.opsmind.server.TestRoots;
import dev.opsmind.server.auth.ApiKeys;
import dev.opsmind.server.config.ServerConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12 items 6 and 7: feedback stays with the principal who asked, names only sources its
 * poster may read, and a reader taken out of {@code sources[].readers} loses access at the next start.
 */
class FeedbackOwnershipTest {
  @TempDir Path tmp;

  static final String ASK = "{\"model\":\"opsmind-extractive\",\"messages\":[{\"role\":\"user\",\"content\":"
      + "\"Node disk full: no free disk space left, what should I do?\"}]}";

  private ServerConfig config(List<String> readers) {
    return ServerConfig.defaults().withPort(0).withEmbedder("bge-small-zh-v1.5-q")
        .withIndex(tmp.resolve("data").resolve("index"))
        .withSources(List.of(new ServerConfig.Source("runbooks", TestRoots.sampleRunbooks(), readers)))
        .withApiKeys(List.of(
            new ServerConfig.ApiKeyEntry("root", ApiKeys.sha256Hex("sk-root"), true),
            new ServerConfig.ApiKeyEntry("alice", ApiKeys.sha256Hex("sk-alice"), false),
            new ServerConfig.ApiKeyEntry("mallory", ApiKeys.sha256Hex("sk-mallory"), false)));
  }

  @Test
  void feedbackIsTheAskersOwnAndNamesOnlyReadableSources() {
    try (OpsmindServer server = OpsmindServer.start(config(List.of("*")))) {
      TestHttp root = new TestHttp(server.port(), "sk-root");
      TestHttp alice = new TestHttp(server.port(), "sk-alice");
      TestHttp mallory = new TestHttp(server.port(), "sk-mallory");
      root.awaitReady();
      assertEquals(201, root.post("/v1/collections", "{\"name\":\"secret\",\"readers\":[\"alice\"]}").status());

      var answer = alice.post("/v1/chat/completions", ASK);
      assertEquals(200, answer.status(), answer.body());
      String id = answer.json().get("id").asText();

      var foreign = mallory.post("/v1/feedback", "{\"response_id\":\"" + id + "\",\"rating\":-1}");
      assertEquals(404, foreign.status(), "another principal's reply is as unknown as a wrong id: " + foreign.body());
      assertEquals("response_not_found", foreign.error().get("code").asText());

      var mine = mallory.post("/v1/chat/completions", ASK).json().get("id").asText();
      var unreadable = mallory.post("/v1/feedback", "{\"response_id\":\"" + mine + "\",\"rating\":-1,"
          + "\"correct_source\":{\"collection\":\"secret\",\"path\":\"plan.md\"}}");
      assertEquals(404, unreadable.status(), unreadable.body());
      assertEquals("collection_not_found", unreadable.error().get("code").asText());
      var bare = mallory.post("/v1/feedback", "{\"response_id\":\"" + mine + "\",\"rating\":-1,"
          + "\"correct_source\":\"plan.md\"}");
      assertEquals(201, bare.status(), bare.body());
      assertEquals("runbooks:plan.md", root.get("/v1/feedback").json().get("data").get(0).get("correct_source").asText(),
          "a bare path is qualified with a collection the poster can read");

      var tooLong = mallory.post("/v1/feedback", "{\"response_id\":\"" + mine + "\",\"rating\":1,"
          + "\"correct_source\":\"runbooks:" + "a/".repeat(600) + "x.md\"}");
      assertEquals(400, tooLong.status(), "correct_source is bounded like comment");

      var own = alice.post("/v1/feedback", "{\"response_id\":\"" + id + "\",\"rating\":1,"
          + "\"correct_source\":\"secret:plan.md\"}");
      assertEquals(201, own.status(), own.body());
    }
  }

  @Test
  void aReaderTakenOutOfTheConfigLosesAccessAtTheNextStart() {
    try (OpsmindServer server = OpsmindServer.start(config(List.of("alice")))) {
      TestHttp alice = new TestHttp(server.port(), "sk-alice");
      alice.awaitReady();
      assertEquals(200, alice.get("/v1/collections/runbooks").status());
    }
    try (OpsmindServer server = OpsmindServer.start(config(List.of("mallory")))) {
      TestHttp alice = new TestHttp(server.port(), "sk-alice");
      assertEquals(404, alice.get("/v1/collections/runbooks").status(), "revoked before the first request");
      assertEquals(200, new TestHttp(server.port(), "sk-mallory").get("/v1/collections/runbooks").status());
    }
  }
}
