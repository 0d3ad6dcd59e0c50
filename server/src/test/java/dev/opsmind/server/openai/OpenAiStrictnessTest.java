package dev.opsmind.server.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.opsmind.server.GeneratorServer;
import dev.opsmind.server.TestHttp;
import dev.opsmind.server.TestModels;
import dev.opsmind.server.config.ServerConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12 item 11: OpenAI's cross-field rules and value ranges, as its API enforces them (400
 * naming the field, never a 5xx), and the values it accepts that this server used to refuse.
 */
class OpenAiStrictnessTest {
  @TempDir static Path tmp;
  static GeneratorServer served;
  static TestHttp http;
  static String model;

  @BeforeAll
  static void start() {
    served = GeneratorServer.start(TestModels.tinyQwen2(tmp), new ServerConfig.Limits(0, 0, 4, 16, 4096, 4), null);
    http = served.http();
    model = served.model();
  }

  @AfterAll
  static void stop() {
    served.close();
  }

  private String chat(String extra, String messages) {
    return "{\"model\":\"" + model + "\",\"max_tokens\":2,\"messages\":" + messages + extra + "}";
  }

  private static final String HI = "[{\"role\":\"user\",\"content\":\"hi\"}]";

  private void refused(String path, String body, String param) {
    var reply = http.post(path, body);
    assertEquals(400, reply.status(), body + " -> " + reply.body());
    assertEquals(param, reply.error().get("param").asText(), reply.body());
  }

  @Test
  void streamOptionsNeedStream() {
    refused("/v1/chat/completions", chat(",\"stream_options\":{\"include_usage\":true}", HI), "stream_options");
    refused("/v1/chat/completions", chat(",\"stream\":false,\"stream_options\":{\"include_usage\":true}", HI),
        "stream_options");
    refused("/v1/completions", "{\"model\":\"" + model + "\",\"prompt\":\"x\",\"max_tokens\":1,"
        + "\"stream_options\":{\"include_usage\":true}}", "stream_options");
    assertEquals(200, http.post("/v1/chat/completions",
        chat(",\"stream\":true,\"stream_options\":{\"include_usage\":true}", HI)).status());
  }

  @Test
  void topPZeroIsAcceptedAsTheMostProbableTokenAlone() {
    var greedy = http.post("/v1/chat/completions", chat(",\"temperature\":0", HI)).json();
    var topP0 = http.post("/v1/chat/completions", chat(",\"temperature\":1,\"top_p\":0,\"seed\":3", HI));
    assertEquals(200, topP0.status(), topP0.body());
    assertEquals(greedy.get("choices").get(0).get("message").get("content").asText(),
        topP0.json().get("choices").get(0).get("message").get("content").asText());
  }

  @Test
  void toolTurnsMustAnswerCalls() {
    refused("/v1/chat/completions", chat(",\"parallel_tool_calls\":true", HI), "parallel_tool_calls");
    refused("/v1/chat/completions", chat("", "[{\"role\":\"user\",\"content\":\"hi\"},"
        + "{\"role\":\"tool\",\"content\":\"42\"}]"), "messages[1].tool_call_id");
    refused("/v1/chat/completions", chat("", "[{\"role\":\"user\",\"content\":\"hi\"},"
        + "{\"role\":\"tool\",\"tool_call_id\":\"c1\",\"content\":\"42\"}]"), "messages[1].role");
    String call = "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"c1\",\"type\":\"function\","
        + "\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]}";
    refused("/v1/chat/completions", chat("", "[{\"role\":\"user\",\"content\":\"hi\"}," + call
        + ",{\"role\":\"user\",\"content\":\"and?\"}]"), "messages[1].tool_calls");
    var answered = http.post("/v1/chat/completions", chat("", "[{\"role\":\"user\",\"content\":\"hi\"}," + call
        + ",{\"role\":\"tool\",\"tool_call_id\":\"c1\",\"content\":\"42\"},{\"role\":\"user\",\"content\":\"and?\"}]"));
    assertEquals(200, answered.status(), answered.body());
  }

  @Test
  void completionsBestOfAndSuffix() {
    String base = "{\"model\":\"" + model + "\",\"prompt\":\"x\",\"max_tokens\":1";
    refused("/v1/completions", base + ",\"n\":2,\"best_of\":1}", "best_of");
    refused("/v1/completions", base + ",\"best_of\":2,\"n\":2,\"stream\":true}", "best_of");
    refused("/v1/completions", base + ",\"best_of\":21}", "best_of");
    refused("/v1/completions", base + ",\"suffix\":\"end\"}", "suffix");
    assertEquals(200, http.post("/v1/completions", base + ",\"best_of\":1}").status());
  }
}
