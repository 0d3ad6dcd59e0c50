package dev.opsmind.server.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.opsmind.server.GeneratorServer;
import dev.opsmind.server.TestHttp;
import dev.opsmind.server.TestModels;
import dev.opsmind.server.config.ServerConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** POST /tokenize and /detokenize in vLLM's and llama-server's shapes, against the served model's tokenizer. */
class TokenizeApiTest {
  static final String KEY = "sk-tokenize";
  @TempDir static Path tmp;
  static GeneratorServer served;
  static TestHttp http;
  static String model;

  @BeforeAll
  static void start() {
    served = GeneratorServer.start(TestModels.tinyQwen2(tmp), new ServerConfig.Limits(0, 0, 4, 16, 4096, 8), KEY);
    http = served.http();
    model = served.model();
  }

  @AfterAll
  static void stop() {
    served.close();
  }

  @Test
  void textRoundTripsAndCountsMatchTheTokenizer() {
    String text = "disk full on /var — 磁盘已满";
    JsonNode vllm = http.post("/tokenize", "{\"model\":\"" + model + "\",\"prompt\":\"" + text + "\"}").json();
    int[] expected = served.server().backends().generators().get(model).tokenizer().encode(text, true);
    assertEquals(expected.length, vllm.get("count").asInt());
    assertEquals(expected.length, vllm.get("tokens").size());
    assertEquals(expected[0], vllm.get("tokens").get(0).asInt());
    assertEquals(256, vllm.get("max_model_len").asInt());
    JsonNode llama = http.post("/tokenize", "{\"content\":\"" + text + "\"}").json(); // one model: no name needed
    assertEquals(vllm.get("tokens"), llama.get("tokens"));
    JsonNode back = http.post("/detokenize", "{\"tokens\":" + vllm.get("tokens") + "}").json();
    assertEquals(text, back.get("prompt").asText());
    assertEquals(text, back.get("content").asText());
  }

  @Test
  void messagesCountAsAChatRequestsPromptDoes() {
    String messages = "[{\"role\":\"system\",\"content\":\"be brief\"},{\"role\":\"user\",\"content\":\"nginx 502\"}]";
    int counted = http.post("/tokenize", "{\"model\":\"" + model + "\",\"messages\":" + messages + "}").json()
        .get("count").asInt();
    JsonNode chat = http.post("/v1/chat/completions", "{\"model\":\"" + model + "\",\"messages\":" + messages
        + ",\"max_tokens\":1}").json();
    assertEquals(chat.get("usage").get("prompt_tokens").asInt(), counted);
  }

  @Test
  void badRequestsAreOpenAiErrorsAndAKeyIsNeeded() {
    String[][] cases = {
      {"/tokenize", "{\"model\":\"" + model + "\"}", "prompt"},
      {"/detokenize", "{\"model\":\"" + model + "\"}", "tokens"},
      {"/detokenize", "{\"tokens\":[1,99999]}", "tokens[1]"},
      {"/detokenize", "{\"tokens\":[\"a\"]}", "tokens[0]"},
    };
    for (String[] c : cases) {
      var reply = http.post(c[0], c[1]);
      assertEquals(400, reply.status(), c[1] + " -> " + reply.body());
      assertEquals(c[2], reply.error().get("param").asText());
    }
    assertEquals(404, http.post("/tokenize", "{\"model\":\"gpt-4o\",\"prompt\":\"x\"}").status());
    var anonymous = new TestHttp(served.server().port(), null).post("/tokenize", "{\"prompt\":\"x\"}");
    assertEquals(401, anonymous.status());
    assertTrue(anonymous.body().contains("invalid_api_key"), anonymous.body());
  }

  /** Issue 12 item 1: a text far past the context is refused before the native tokenizer sees it. */
  @Test
  void aTextPastTheCharacterCapIsRefusedBeforeTokenizing() {
    long cap = served.server().backends().generators().get(model).maxInputChars();
    String text = "x".repeat((int) cap + 1);
    var reply = http.post("/tokenize", "{\"model\":\"" + model + "\",\"prompt\":\"" + text + "\"}");
    assertEquals(400, reply.status(), reply.body().substring(0, Math.min(300, reply.body().length())));
    assertEquals("context_length_exceeded", reply.error().get("code").asText());
    assertEquals("prompt", reply.error().get("param").asText());
    var chat = http.post("/v1/chat/completions", "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\","
        + "\"content\":\"" + text + "\"}]}");
    assertEquals(400, chat.status());
    assertEquals("context_length_exceeded", chat.error().get("code").asText());
  }
}
