package dev.opsmind.server.grounded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.opsmind.inference.checkpoint.ModelShapes;
import dev.opsmind.inference.checkpoint.RandomCheckpoint;
import dev.opsmind.inference.model.DecoderConfig;
import dev.opsmind.server.OpsmindServer;
import dev.opsmind.server.Sse;
import dev.opsmind.server.TestHttp;
import dev.opsmind.server.TestRoots;
import dev.opsmind.server.config.ServerConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A generator that does not finish within the grounded timeout: the extractive answer is sent instead. */
class GroundedTimeoutApiTest {
  @TempDir Path tmp;

  @Test
  void aGeneratorPastTheTimeoutGivesTheExtractiveAnswer() {
    DecoderConfig t = ModelShapes.get("tiny-qwen2");
    DecoderConfig shape = new DecoderConfig(t.modelType(), t.vocabSize(), t.hiddenSize(), t.numLayers(), t.numHeads(),
        t.numKvHeads(), t.headDim(), t.intermediateSize(), t.ropeTheta(), null, t.rmsNormEps(), 16384, true, true, 0);
    Path model = tmp.resolve("tiny-long");
    RandomCheckpoint.write(model, shape, RandomCheckpoint.Options.defaults(7), line -> {});
    ServerConfig config = ServerConfig.defaults().withPort(0).withEmbedder("bge-small-zh-v1.5")
        .withIndex(tmp.resolve("data").resolve("index")).withModels(List.of(model.toString()))
        .withLimits(new ServerConfig.Limits(0, 0, 4, 16, 65536, 16))
        .withSources(List.of(new ServerConfig.Source("runbooks", TestRoots.sampleRunbooks(), List.of("*"))))
        // 1 ms: prefilling a grounded prompt of thousands of tokens takes far longer.
        .withGrounded(new ServerConfig.Grounded(0.001));
    try (OpsmindServer server = OpsmindServer.start(config)) {
      TestHttp http = new TestHttp(server.port(), null);
      http.awaitReady();
      String ask = "{\"model\":\"tiny-long+opsmind\",\"max_tokens\":200,\"messages\":[{\"role\":\"user\",\"content\":\""
          + GroundedChatApiTest.DISK + "\"}]";
      var reply = http.post("/v1/chat/completions", ask + "}");
      assertEquals(200, reply.status(), reply.body());
      JsonNode ext = reply.json().get("opsmind");
      assertEquals("extractive", ext.get("mode").asText(), reply.body());
      assertTrue(ext.get("fallback_reason").asText().startsWith("generator_timeout"), ext.toString());
      assertTrue(ext.get("citations").size() > 0);

      var streamed = http.post("/v1/chat/completions", ask + ",\"stream\":true}");
      JsonNode last = Sse.events(streamed.body()).getLast();
      assertEquals("extractive", last.get("opsmind").get("mode").asText());
      assertTrue(last.get("opsmind").get("fallback_reason").asText().startsWith("generator_timeout"));
    }
  }
}
