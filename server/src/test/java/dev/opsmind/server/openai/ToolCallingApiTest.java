package dev.opsmind.server.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.opsmind.server.GeneratorServer;
import dev.opsmind.server.Sse;
import dev.opsmind.server.TestHttp;
import dev.opsmind.server.TestModels;
import dev.opsmind.server.config.ServerConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Function calling over HTTP on a random Qwen2 checkpoint (real Qwen2.5 chat template, which
 * shows the model the tools): a forced call comes back as tool_calls whatever the weights, plain
 * and streamed; auto leaves a text reply as text, streamed or not; tool turns in the history render.
 */
class ToolCallingApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  // enum parameters: a forced call's structure is fully determined, so it ends within a few tokens
  static final String TOOLS = "[{\"type\":\"function\",\"function\":{\"name\":\"restart_service\","
      + "\"description\":\"Restart a unit\",\"parameters\":{\"type\":\"object\",\"properties\":{"
      + "\"host\":{\"enum\":[\"web-1\",\"web-2\"]},\"now\":{\"type\":\"boolean\"}},\"required\":[\"host\",\"now\"],"
      + "\"additionalProperties\":false}}}]";
  static final String NAMED = ",\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"restart_service\"}}";

  @TempDir static Path tmp;
  static GeneratorServer served;
  static TestHttp http;
  static String model;

  @BeforeAll
  static void start() {
    served = GeneratorServer.start(TestModels.tinyQwen2Long(tmp), new ServerConfig.Limits(0, 0, 8, 64, 8192, 32), null);
    http = served.http();
    model = served.model();
  }

  @AfterAll
  static void stop() {
    served.close();
  }

  static String chat(String messages, String extra) {
    return "{\"model\":\"" + model + "\",\"messages\":" + messages + ",\"temperature\":0,\"max_tokens\":200" + extra + "}";
  }

  static final String ASK = "[{\"role\":\"user\",\"content\":\"restart nginx on web-1\"}]";

  @Test
  void aNamedToolChoiceAnswersWithOneCallOfThatFunction() throws Exception {
    JsonNode reply = http.post("/v1/chat/completions", chat(ASK, ",\"tools\":" + TOOLS + NAMED)).json();
    JsonNode choice = reply.get("choices").get(0);
    assertEquals("tool_calls", choice.get("finish_reason").asText(), reply.toString());
    JsonNode message = choice.get("message");
    assertTrue(message.get("content").isNull(), reply.toString());
    JsonNode call = message.get("tool_calls").get(0);
    assertTrue(call.get("id").asText().startsWith("call_"));
    assertEquals("function", call.get("type").asText());
    assertEquals("restart_service", call.get("function").get("name").asText());
    JsonNode arguments = JSON.readTree(call.get("function").get("arguments").asText());
    assertTrue(List.of("web-1", "web-2").contains(arguments.get("host").asText()), arguments.toString());
    assertTrue(arguments.get("now").isBoolean(), arguments.toString());

    // streamed: the role, then one delta holding the call, then the finish reason
    var streamed = http.post("/v1/chat/completions", chat(ASK, ",\"stream\":true,\"tools\":" + TOOLS + NAMED));
    List<JsonNode> events = Sse.events(streamed.body());
    JsonNode callDelta = null;
    String finish = null;
    for (JsonNode event : events) {
      for (JsonNode c : event.path("choices")) {
        if (c.path("delta").has("tool_calls")) {
          callDelta = c.path("delta").get("tool_calls").get(0);
        }
        if (c.hasNonNull("finish_reason")) {
          finish = c.get("finish_reason").asText();
        }
      }
    }
    assertEquals("tool_calls", finish);
    assertEquals(0, callDelta.get("index").asInt());
    assertEquals("restart_service", callDelta.get("function").get("name").asText());
    assertEquals(arguments, JSON.readTree(callDelta.get("function").get("arguments").asText()), "greedy: the same call");
  }

  /**
   * A forced call that max_tokens cuts short comes back as the call so far (tool_calls, arguments
   * as far as they came, finish_reason length), as OpenAI and vLLM answer it; it was the raw JSON
   * text as content.
   */
  @Test
  void aForcedCallCutByMaxTokensIsTheCallSoFar() throws Exception {
    JsonNode whole = http.post("/v1/chat/completions", chat(ASK, ",\"tools\":" + TOOLS + NAMED)).json();
    int tokens = whole.get("usage").get("completion_tokens").asInt();
    String arguments = whole.get("choices").get(0).get("message").get("tool_calls").get(0).get("function")
        .get("arguments").asText();
    String cutAt = ",\"max_tokens\":" + (tokens - 1);
    for (boolean stream : new boolean[] {false, true}) {
      String body = chat(ASK, ",\"tools\":" + TOOLS + NAMED + (stream ? ",\"stream\":true" : "")).replace(",\"max_tokens\":200", cutAt);
      var reply = http.post("/v1/chat/completions", body);
      assertEquals(200, reply.status(), reply.body());
      JsonNode call = null;
      String finish = null;
      StringBuilder content = new StringBuilder();
      List<JsonNode> choices = new java.util.ArrayList<>();
      if (stream) {
        Sse.events(reply.body()).forEach(e -> e.path("choices").forEach(choices::add));
      } else {
        choices.add(reply.json().get("choices").get(0));
      }
      for (JsonNode c : choices) {
        JsonNode message = stream ? c.get("delta") : c.get("message");
        if (message.has("tool_calls")) {
          call = message.get("tool_calls").get(0);
        }
        if (message.hasNonNull("content")) {
          content.append(message.get("content").asText());
        }
        if (c.hasNonNull("finish_reason")) {
          finish = c.get("finish_reason").asText();
        }
      }
      assertEquals("length", finish, reply.body());
      assertEquals("", content.toString(), reply.body());
      assertEquals("restart_service", call.get("function").get("name").asText(), reply.body());
      String cut = call.get("function").get("arguments").asText().replaceAll("\\s", "");
      assertTrue(!cut.isEmpty() && arguments.replaceAll("\\s", "").startsWith(cut), cut + " of " + arguments);
    }
  }

  @Test
  void autoLeavesATextReplyAsTextAndNoneHidesTheTools() {
    JsonNode plain = http.post("/v1/chat/completions", chat(ASK, "")).json();
    JsonNode auto = http.post("/v1/chat/completions", chat(ASK, ",\"tools\":" + TOOLS)).json();
    JsonNode none = http.post("/v1/chat/completions", chat(ASK, ",\"tools\":" + TOOLS + ",\"tool_choice\":\"none\"")).json();
    int plainPrompt = plain.get("usage").get("prompt_tokens").asInt();
    assertTrue(auto.get("usage").get("prompt_tokens").asInt() > plainPrompt + 20, "the template showed the tools");
    assertEquals(plainPrompt, none.get("usage").get("prompt_tokens").asInt(), "none: the prompt without them");
    JsonNode choice = auto.get("choices").get(0);
    // the random model writes no call: its text comes back as text
    assertTrue(List.of("stop", "length").contains(choice.get("finish_reason").asText()), auto.toString());
    assertTrue(choice.get("message").get("content").isTextual());
    assertTrue(!choice.get("message").has("tool_calls"));
    // streamed, the same text arrives (as it comes, unless it opens like a call)
    var streamed = http.post("/v1/chat/completions", chat(ASK, ",\"stream\":true,\"tools\":" + TOOLS));
    StringBuilder text = new StringBuilder();
    for (JsonNode event : Sse.events(streamed.body())) {
      for (JsonNode c : event.path("choices")) {
        text.append(c.path("delta").path("content").asText(""));
        assertTrue(!c.path("delta").has("tool_calls"));
      }
    }
    assertEquals(choice.get("message").get("content").asText(), text.toString());
  }

  @Test
  void historyWithToolCallsAndResultsRenders() {
    String messages = "[{\"role\":\"user\",\"content\":\"restart nginx on web-1\"},"
        + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\","
        + "\"function\":{\"name\":\"restart_service\",\"arguments\":\"{\\\"host\\\":\\\"web-1\\\",\\\"now\\\":true}\"}}]},"
        + "{\"role\":\"tool\",\"tool_call_id\":\"call_1\",\"content\":\"nginx restarted\"}]";
    var reply = http.post("/v1/chat/completions", chat(messages, ",\"tools\":" + TOOLS));
    assertEquals(200, reply.status(), reply.body());
    JsonNode without = http.post("/v1/chat/completions", chat(messages, "")).json();
    assertTrue(without.get("usage").get("prompt_tokens").asInt() > 20, "the call and its result are in the prompt");
    // OpenAI's deprecated "function" role is a tool result: the same prompt as "tool" with that name
    String asTool = messages.replace("{\"role\":\"tool\",\"tool_call_id\":\"call_1\"",
        "{\"role\":\"tool\",\"tool_call_id\":\"call_1\",\"name\":\"restart_service\"");
    String asFunction = messages.replace("{\"role\":\"tool\",\"tool_call_id\":\"call_1\"",
        "{\"role\":\"function\",\"name\":\"restart_service\"");
    assertEquals(http.post("/v1/chat/completions", chat(asTool, "")).json().get("usage").get("prompt_tokens"),
        http.post("/v1/chat/completions", chat(asFunction, "")).json().get("usage").get("prompt_tokens"));
  }

  /**
   * The deprecated {@code functions} / {@code function_call} (LangChain's bind_functions, 2023
   * scripts) work as OpenAI answers them: the call as {@code message.function_call}, finish_reason
   * {@code function_call}, streamed as a {@code function_call} delta; the same call and prompt as
   * the tools form (they were ignored: a text reply). A history's assistant {@code function_call}
   * renders as the tool call it is (it was dropped from the prompt).
   */
  @Test
  void deprecatedFunctionsAnswerAsOpenAiDid() throws Exception {
    String functions = ",\"functions\":[" + JSON.readTree(TOOLS).get(0).get("function") + "]";
    String named = ",\"function_call\":{\"name\":\"restart_service\"}";
    JsonNode reply = http.post("/v1/chat/completions", chat(ASK, functions + named)).json();
    JsonNode choice = reply.get("choices").get(0);
    assertEquals("function_call", choice.get("finish_reason").asText(), reply.toString());
    JsonNode message = choice.get("message");
    assertTrue(message.get("content").isNull(), reply.toString());
    assertTrue(!message.has("tool_calls"), reply.toString());
    assertEquals("restart_service", message.get("function_call").get("name").asText());
    JsonNode arguments = JSON.readTree(message.get("function_call").get("arguments").asText());
    JsonNode asTools = http.post("/v1/chat/completions", chat(ASK, ",\"tools\":" + TOOLS + NAMED)).json();
    assertEquals(asTools.get("usage").get("prompt_tokens"), reply.get("usage").get("prompt_tokens"), "the same prompt");
    assertEquals(JSON.readTree(asTools.get("choices").get(0).get("message").get("tool_calls").get(0).get("function")
        .get("arguments").asText()), arguments, "greedy: the same call");

    var streamed = http.post("/v1/chat/completions", chat(ASK, ",\"stream\":true" + functions + named));
    JsonNode callDelta = null;
    String finish = null;
    for (JsonNode event : Sse.events(streamed.body())) {
      for (JsonNode c : event.path("choices")) {
        assertTrue(!c.path("delta").has("tool_calls"), event.toString());
        if (c.path("delta").has("function_call")) {
          callDelta = c.path("delta").get("function_call");
        }
        if (c.hasNonNull("finish_reason")) {
          finish = c.get("finish_reason").asText();
        }
      }
    }
    assertEquals("function_call", finish);
    assertEquals("restart_service", callDelta.get("name").asText());
    assertEquals(arguments, JSON.readTree(callDelta.get("arguments").asText()));

    // function_call "none" hides them, as tool_choice "none" does
    assertEquals(http.post("/v1/chat/completions", chat(ASK, ",\"max_tokens\":1")).json().get("usage").get("prompt_tokens"),
        http.post("/v1/chat/completions", chat(ASK, functions + ",\"function_call\":\"none\",\"max_tokens\":1")).json()
            .get("usage").get("prompt_tokens"));

    // history: an assistant function_call and its function result, the same prompt as tool_calls + tool
    String legacy = "[{\"role\":\"user\",\"content\":\"restart nginx on web-1\"},"
        + "{\"role\":\"assistant\",\"content\":null,\"function_call\":{\"name\":\"restart_service\","
        + "\"arguments\":\"{\\\"host\\\":\\\"web-1\\\",\\\"now\\\":true}\"}},"
        + "{\"role\":\"function\",\"name\":\"restart_service\",\"content\":\"nginx restarted\"},"
        + "{\"role\":\"user\",\"content\":\"thanks\"}]";
    String modern = "[{\"role\":\"user\",\"content\":\"restart nginx on web-1\"},"
        + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\","
        + "\"function\":{\"name\":\"restart_service\",\"arguments\":\"{\\\"host\\\":\\\"web-1\\\",\\\"now\\\":true}\"}}]},"
        + "{\"role\":\"tool\",\"tool_call_id\":\"call_1\",\"name\":\"restart_service\",\"content\":\"nginx restarted\"},"
        + "{\"role\":\"user\",\"content\":\"thanks\"}]";
    var legacyReply = http.post("/v1/chat/completions", chat(legacy, ",\"max_tokens\":1"));
    assertEquals(200, legacyReply.status(), legacyReply.body());
    assertEquals(http.post("/v1/chat/completions", chat(modern, ",\"max_tokens\":1")).json().get("usage").get("prompt_tokens"),
        legacyReply.json().get("usage").get("prompt_tokens"));
  }

  @Test
  void badToolRequestsAre400s() {
    String[][] cases = {
      {chat(ASK, ",\"tool_choice\":\"required\""), "tool_choice"},
      {chat(ASK, ",\"tools\":" + TOOLS + ",\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"x\"}}"),
          "tool_choice.function.name"},
      {chat(ASK, ",\"tools\":[{\"type\":\"function\",\"function\":{}}]"), "tools[0].function.name"},
      {chat(ASK, ",\"tools\":" + TOOLS + NAMED + ",\"response_format\":{\"type\":\"json_object\"}"), "tool_choice"},
      {chat(ASK, ",\"function_call\":\"auto\""), "function_call"},
      {chat(ASK, ",\"functions\":[{\"name\":\"a b\"}]"), "functions[0].name"},
      {chat(ASK, ",\"functions\":[{\"name\":\"f\"}],\"function_call\":\"required\""), "function_call"},
      {chat(ASK, ",\"functions\":[{\"name\":\"f\"}],\"function_call\":{\"name\":\"g\"}"), "function_call.name"},
    };
    for (String[] c : cases) {
      var reply = http.post("/v1/chat/completions", c[0]);
      assertEquals(400, reply.status(), c[0] + " -> " + reply.body());
      assertEquals(c[1], reply.error().get("param").asText(), reply.body());
    }
  }
}
