package dev.opsmind.server.actions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.opsmind.inference.checkpoint.ModelShapes;
import dev.opsmind.inference.checkpoint.RandomCheckpoint;
import dev.opsmind.inference.model.DecoderConfig;
import dev.opsmind.server.OpsmindServer;
import dev.opsmind.server.Sse;
import dev.opsmind.server.TestHttp;
import dev.opsmind.server.audit.AuditChain;
import dev.opsmind.server.audit.AuditLog;
import dev.opsmind.server.auth.ApiKeys;
import dev.opsmind.server.config.ServerConfig;
import dev.opsmind.server.http.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A generator requests a runbook action through function calling: a random-initialised model,
 * held by constrained decoding to one call of propose_action (tool_choice names it), and the
 * request only becomes a pending proposal, validated as POST /v1/actions/proposals validates: an
 * enum-like pattern makes the call valid, a free pattern the random model cannot meet is refused
 * with nothing stored. Real index, keys, journal and audit log.
 */
class ModelRequestedActionTest {
  @TempDir Path tmp;

  static final String FORCED = ",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"propose_action\"}}],"
      + "\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"propose_action\"}}";

  static String ask(String question, String collection, String extra) {
    return "{\"model\":\"tiny-long\",\"messages\":[{\"role\":\"user\",\"content\":\"" + question + "\"}],"
        + "\"max_tokens\":400,\"temperature\":0,\"opsmind\":{\"collections\":[\"" + collection + "\"]}" + extra + "}";
  }

  @Test
  void aForcedCallOnlyCreatesAPendingProposalAndABadOneCreatesNothing() throws Exception {
    Path out = tmp.resolve("argv.json");
    String run = Json.write(Json.MAPPER.valueToTree(ActionRunnerTest.recorder(out, "{{unit}}")));
    Path web = Files.createDirectories(tmp.resolve("web"));
    Files.writeString(web.resolve("web-restart.md"), """
        # Restart the web server

        When the nginx web server stops answering requests, restart its systemd unit.

        ```opsmind-action
        name: restart-web
        description: Restart the web server's systemd unit
        run: %s
        params:
          unit: {pattern: "^(nginx|haproxy)\\\\.service$", description: "the unit"}
        risk: medium
        ```
        """.formatted(run));
    // two actions sharing a parameter: the call's unit is held to the values of both, so it may
    // name one action with the other's value, which its own pattern then refuses
    Path mixed = Files.createDirectories(tmp.resolve("mixed"));
    Files.writeString(mixed.resolve("cache-flush.md"), """
        # Flush the page cache

        When the page cache serves stale pages, flush the cache key of the stale page, or evict it from the second tier.

        ```opsmind-action
        name: flush-key
        description: Flush one cache key
        run: %s
        params:
          unit: {pattern: "^(key-0001|key-0002)$", description: "the cache key"}
        risk: low
        ```

        ```opsmind-action
        name: evict-key
        description: Evict one key of the second tier
        run: %s
        params:
          unit: {pattern: "^(key-0002|key-0003)$", description: "the second tier's key"}
        risk: low
        ```
        """.formatted(run, run));
    DecoderConfig tiny = ModelShapes.get("tiny-qwen2");
    Path model = tmp.resolve("models").resolve("tiny-long");
    RandomCheckpoint.write(model, new DecoderConfig(tiny.modelType(), tiny.vocabSize(), tiny.hiddenSize(),
        tiny.numLayers(), tiny.numHeads(), tiny.numKvHeads(), tiny.headDim(), tiny.intermediateSize(),
        tiny.ropeTheta(), tiny.ropeScaling(), tiny.rmsNormEps(), 8192, tiny.tieWordEmbeddings(),
        tiny.attentionBias(), tiny.slidingWindow()), RandomCheckpoint.Options.defaults(7), line -> {});
    ServerConfig config = ServerConfig.defaults().withPort(0).withEmbedder("bge-small-zh-v1.5-q")
        .withIndex(tmp.resolve("data").resolve("index"))
        .withModels(List.of(model.toString()))
        .withSources(List.of(new ServerConfig.Source("web", web, List.of("*")),
            new ServerConfig.Source("mixed", mixed, List.of("*"))))
        .withApiKeys(List.of(
            new ServerConfig.ApiKeyEntry("olga", ApiKeys.sha256Hex("sk-olga"), false, "operator", null),
            new ServerConfig.ApiKeyEntry("rita", ApiKeys.sha256Hex("sk-rita"), false, "reader", null)))
        .withActions(new ServerConfig.Actions(List.of(ActionRunnerTest.JAVA), null, null, tmp, null, null, null));
    String proposalId;
    try (OpsmindServer server = OpsmindServer.start(config)) {
      TestHttp rita = new TestHttp(server.port(), "sk-rita");
      TestHttp olga = new TestHttp(server.port(), "sk-olga");
      rita.awaitReady();

      // tool_choice names propose_action: the random model can only write a call, and the
      // enum-like pattern holds the unit to a valid value
      var reply = rita.post("/v1/chat/completions", ask(
          "The nginx web server stops answering requests: how do I restart its systemd unit?", "web", FORCED));
      assertEquals(200, reply.status(), reply.body());
      JsonNode ext = reply.json().get("opsmind");
      assertEquals("forced", ext.path("action_tool").asText(), reply.body());
      JsonNode requested = null;
      for (JsonNode item : ext.path("proposed_actions")) {
        if (item.path("requested_by_model").asBoolean()) {
          requested = item;
        }
      }
      assertNotNull(requested, reply.body());
      assertEquals("restart-web", requested.get("action").asText(), requested.toString());
      assertFalse(requested.has("error"), requested.toString());
      String unit = requested.get("arguments").get("unit").asText();
      assertTrue(List.of("nginx.service", "haproxy.service").contains(unit), unit);
      proposalId = requested.get("proposal_id").asText();
      // the reply tells no tool call to the client: the server took it, as a proposal
      JsonNode message = reply.json().get("choices").get(0).get("message");
      assertFalse(message.has("tool_calls"), message.toString());
      assertFalse(message.path("content").asText().isBlank(), "the sources still answer: " + message);

      JsonNode mine = rita.get("/v1/actions/proposals").json().get("data");
      assertEquals(1, mine.size(), mine.toString());
      JsonNode p = mine.get(0);
      assertEquals(proposalId, p.get("id").asText());
      assertEquals("pending", p.get("state").asText(), "only proposed: nothing runs without approval");
      assertEquals("assistant", p.get("origin").asText());
      assertEquals("rita", p.get("proposed_by").asText());
      assertEquals(unit, p.get("argv").get(p.get("argv").size() - 1).asText());
      assertTrue(p.path("run").isMissingNode() || p.path("run").isNull(), p.toString());
      assertFalse(Files.exists(out), "the recorder never ran");

      // streamed: the call is never shown as text; the sources' answer streams, and the last
      // chunk's extension lists the request's pending proposal
      var streamed = rita.post("/v1/chat/completions", ask(
          "The nginx web server stops answering requests: how do I restart its systemd unit?", "web",
          FORCED + ",\"stream\":true"));
      assertEquals(200, streamed.status(), streamed.body());
      StringBuilder text = new StringBuilder();
      JsonNode streamedExt = null;
      for (JsonNode event : Sse.events(streamed.body())) {
        if (event.has("opsmind")) {
          streamedExt = event.get("opsmind");
        }
        for (JsonNode choice : event.path("choices")) {
          text.append(choice.path("delta").path("content").asText(""));
        }
      }
      assertFalse(text.toString().contains(dev.opsmind.server.grounded.ActionProposer.TOOL), text.toString());
      assertFalse(text.toString().isBlank());
      assertNotNull(streamedExt, streamed.body());
      JsonNode streamedCall = streamedExt.get("proposed_actions").get(0);
      assertTrue(streamedCall.get("requested_by_model").asBoolean(), streamedCall.toString());
      assertEquals("pending", streamedCall.get("proposal").get("state").asText());
      assertEquals(2, rita.get("/v1/actions/proposals").json().get("data").size());

      // sampled calls (seeded) over the shared parameter: each valid one is a pending proposal,
      // each that fails its action's pattern is refused naming the parameter, with nothing stored
      int stored = 2;
      int refusedCalls = 0;
      for (int seed = 1; seed <= 12 && (refusedCalls == 0 || stored < 3); seed++) {
        var sampled = rita.post("/v1/chat/completions", ask(
            "The page cache serves stale pages: how do I flush the cache key of the stale page?", "mixed", FORCED)
            .replace("\"temperature\":0", "\"temperature\":1,\"seed\":" + seed));
        assertEquals(200, sampled.status(), sampled.body());
        JsonNode call = null;
        for (JsonNode item : sampled.json().get("opsmind").path("proposed_actions")) {
          if (item.path("requested_by_model").asBoolean()) {
            call = item;
          }
        }
        assertNotNull(call, sampled.body());
        String action = call.get("action").asText();
        String value = call.get("arguments").get("unit").asText();
        boolean valid = action.equals("flush-key") ? !value.equals("key-0003") : !value.equals("key-0001");
        assertTrue(List.of("flush-key", "evict-key").contains(action), call.toString());
        if (valid) {
          stored++;
          assertEquals("pending", call.get("proposal").get("state").asText(), call.toString());
        } else {
          refusedCalls++;
          assertTrue(call.get("proposal_id").isNull(), call.toString());
          assertEquals("arguments.unit", call.get("error").get("param").asText(), call.toString());
        }
        assertEquals(stored, olga.get("/v1/actions/proposals").json().get("data").size(), call.toString());
      }
      assertTrue(refusedCalls > 0, "some sampled call named one action with the other's value");

      // a forced call cut off by max_tokens requests nothing, and its JSON is not shown as the answer
      var cut = rita.post("/v1/chat/completions", ask(
          "The nginx web server stops answering requests: how do I restart its systemd unit?", "web", FORCED)
          .replace("\"max_tokens\":400", "\"max_tokens\":3"));
      assertEquals(200, cut.status(), cut.body());
      JsonNode cutExt = cut.json().get("opsmind");
      assertTrue(cutExt.path("fallback_reason").asText().startsWith("action_call_incomplete"), cut.body());
      assertEquals("extractive", cutExt.get("mode").asText());
      assertFalse(cut.json().get("choices").get(0).get("message").get("content").asText().startsWith("{"), cut.body());
      assertEquals(stored, olga.get("/v1/actions/proposals?state=pending").json().get("data").size(), cut.body());

      // without propose_action in tools, a generated answer offers no function
      var plain = rita.post("/v1/chat/completions", ask(
          "The nginx web server stops answering requests: how do I restart its systemd unit?", "web", ""));
      assertEquals(200, plain.status(), plain.body());
      assertFalse(plain.json().get("opsmind").has("action_tool"), plain.body());
    }
    Path audit = tmp.resolve("data").resolve("audit").resolve(AuditLog.FILE);
    assertTrue(AuditChain.verify(audit).ok());
    String log = Files.readString(audit);
    assertTrue(log.lines().anyMatch(l -> l.contains("\"event\":\"action_proposed\"") && l.contains(proposalId)
        && l.contains("\"via\":\"function_call\"")), log);
    assertTrue(log.lines().anyMatch(l -> l.contains("\"event\":\"action_refused\"")
        && l.contains("\"operation\":\"assistant_propose\"")), log);
  }
}
