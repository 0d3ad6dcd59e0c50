package dev.opsmind.server.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.opsmind.server.GeneratorServer;
import dev.opsmind.server.Sse;
import dev.opsmind.server.TestHttp;
import dev.opsmind.server.TestModels;
import dev.opsmind.server.config.ServerConfig;
import dev.opsmind.server.http.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * POST /v1/responses on a random Qwen2 checkpoint: the same prompt and tokens as the equivalent
 * chat request, the response object's shape, its streamed events, function calls out and in,
 * and errors that name the Responses fields.
 */
class ResponsesApiTest {
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

  static String responses(String input, String extra) {
    return "{\"model\":\"" + model + "\",\"input\":" + input + ",\"temperature\":0" + extra + "}";
  }

  @Test
  void aResponseIsTheChatReplyInTheResponsesShape() {
    String extra = ",\"instructions\":\"You are terse.\",\"max_output_tokens\":6,\"metadata\":{\"ticket\":\"OPS-1\"}";
    JsonNode response = http.post("/v1/responses", responses("\"disk full on /var\"", extra)).json();
    JsonNode chat = http.post("/v1/chat/completions", "{\"model\":\"" + model + "\",\"messages\":["
        + "{\"role\":\"system\",\"content\":\"You are terse.\"},{\"role\":\"user\",\"content\":\"disk full on /var\"}],"
        + "\"temperature\":0,\"max_tokens\":6}").json();
    assertTrue(response.get("id").asText().startsWith("resp_"), response.toString());
    assertEquals("response", response.get("object").asText());
    assertEquals(model, response.get("model").asText());
    assertTrue(response.get("created_at").asLong() > 0);
    assertTrue(response.get("error").isNull());
    assertEquals("You are terse.", response.get("instructions").asText());
    assertEquals(6, response.get("max_output_tokens").asInt());
    assertEquals("OPS-1", response.get("metadata").get("ticket").asText());
    assertEquals("text", response.get("text").get("format").get("type").asText());
    assertEquals(0.0, response.get("temperature").asDouble());
    assertTrue(response.get("tools").isArray());
    assertEquals("auto", response.get("tool_choice").asText());
    String finish = chat.get("choices").get(0).get("finish_reason").asText();
    assertEquals(finish.equals("length") ? "incomplete" : "completed", response.get("status").asText());
    if (finish.equals("length")) {
      assertEquals("max_output_tokens", response.get("incomplete_details").get("reason").asText());
    }
    String content = chat.get("choices").get(0).get("message").get("content").asText();
    JsonNode output = response.get("output");
    if (content.isEmpty()) {
      assertEquals(0, output.size(), response.toString());
    } else {
      JsonNode message = output.get(0);
      assertEquals("message", message.get("type").asText());
      assertTrue(message.get("id").asText().startsWith("msg_"));
      assertEquals("assistant", message.get("role").asText());
      assertEquals(response.get("status").asText(), message.get("status").asText());
      assertEquals("output_text", message.get("content").get(0).get("type").asText());
      assertEquals(content, message.get("content").get(0).get("text").asText(), "the chat reply's text");
    }
    JsonNode usage = response.get("usage");
    assertEquals(chat.get("usage").get("prompt_tokens").asInt(), usage.get("input_tokens").asInt(), "same prompt");
    assertEquals(chat.get("usage").get("completion_tokens").asInt(), usage.get("output_tokens").asInt());
    assertEquals(usage.get("input_tokens").asInt() + usage.get("output_tokens").asInt(), usage.get("total_tokens").asInt());
    assertEquals(0, usage.get("output_tokens_details").get("reasoning_tokens").asInt());
  }

  @Test
  void aStreamedResponseSendsTypedEventsThatAddUpToTheWholeOne() {
    String input = "[{\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"nginx 502\"}]}]";
    // ignore_eos: the random model writes all 8 tokens, so there is text to stream
    String extra = ",\"max_output_tokens\":8,\"ignore_eos\":true";
    JsonNode whole = http.post("/v1/responses", responses(input, extra)).json();
    var streamed = http.post("/v1/responses", responses(input, extra + ",\"stream\":true"));
    assertEquals(200, streamed.status(), streamed.body());
    assertTrue(streamed.raw().headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
    assertFalse(streamed.body().contains("[DONE]"), "the Responses API ends without [DONE]");
    List<JsonNode> events = Sse.namedEvents(streamed.body());
    List<String> types = new ArrayList<>();
    StringBuilder deltas = new StringBuilder();
    for (int i = 0; i < events.size(); i++) {
      JsonNode event = events.get(i);
      assertEquals(i, event.get("sequence_number").asInt(), "sequence numbers count from 0");
      String type = event.get("type").asText();
      if (!type.equals("response.output_text.delta") || types.isEmpty()
          || !types.get(types.size() - 1).equals(type)) {
        types.add(type);
      }
      if (type.equals("response.output_text.delta")) {
        deltas.append(event.get("delta").asText());
      }
    }
    assertEquals(List.of("response.created", "response.in_progress", "response.output_item.added",
        "response.content_part.added", "response.output_text.delta", "response.output_text.done",
        "response.content_part.done", "response.output_item.done", "response.incomplete"), types);
    assertEquals("in_progress", events.get(0).get("response").get("status").asText());
    String text = whole.get("output").get(0).get("content").get(0).get("text").asText();
    assertEquals(text, deltas.toString(), "the deltas add up to the whole response's text");
    JsonNode last = events.get(events.size() - 1).get("response");
    assertEquals(text, last.get("output").get(0).get("content").get(0).get("text").asText());
    assertEquals(whole.get("usage").get("output_tokens"), last.get("usage").get("output_tokens"));
    assertEquals(8, last.get("usage").get("output_tokens").asInt());
    assertEquals("incomplete", last.get("status").asText());
  }

  static final String TOOLS = "[{\"type\":\"function\",\"name\":\"restart_service\",\"description\":\"Restart a unit\","
      + "\"parameters\":{\"type\":\"object\",\"properties\":{\"host\":{\"enum\":[\"web-1\",\"web-2\"]},"
      + "\"now\":{\"type\":\"boolean\"}},\"required\":[\"host\",\"now\"],\"additionalProperties\":false}}]";
  static final String NAMED = ",\"tool_choice\":{\"type\":\"function\",\"name\":\"restart_service\"}";

  @Test
  void aForcedFunctionCallComesBackAsAFunctionCallItem() throws Exception {
    String extra = ",\"max_output_tokens\":200,\"tools\":" + TOOLS + NAMED;
    JsonNode response = http.post("/v1/responses", responses("\"restart nginx on web-1\"", extra)).json();
    assertEquals("completed", response.get("status").asText(), response.toString());
    JsonNode call = response.get("output").get(0);
    assertEquals("function_call", call.get("type").asText(), response.toString());
    assertEquals("restart_service", call.get("name").asText());
    assertTrue(call.get("call_id").asText().startsWith("call_"));
    assertTrue(call.get("id").asText().startsWith("fc_"));
    JsonNode arguments = Json.MAPPER.readTree(call.get("arguments").asText());
    assertTrue(List.of("web-1", "web-2").contains(arguments.get("host").asText()), arguments.toString());
    assertEquals("restart_service", response.get("tools").get(0).get("name").asText(), "tools echoed as sent");

    var streamed = http.post("/v1/responses", responses("\"restart nginx on web-1\"", extra + ",\"stream\":true"));
    List<JsonNode> events = Sse.namedEvents(streamed.body());
    JsonNode argumentsDone = events.stream()
        .filter(e -> e.get("type").asText().equals("response.function_call_arguments.done")).findFirst().orElseThrow();
    assertEquals(call.get("arguments").asText(), argumentsDone.get("arguments").asText(), "greedy: the same call");
    JsonNode completed = events.get(events.size() - 1);
    assertEquals("response.completed", completed.get("type").asText());
    JsonNode item = completed.get("response").get("output").get(0);
    assertEquals(argumentsDone.get("item_id").asText(), item.get("id").asText());
    assertTrue(events.stream().noneMatch(e -> e.get("type").asText().equals("response.output_text.delta")),
        "a reply that is one call streams no text");
  }

  @Test
  void functionCallItemsAndTheirOutputsRenderLikeChatToolTurns() {
    String input = "[{\"role\":\"user\",\"content\":\"restart nginx on web-1\"},"
        + "{\"type\":\"function_call\",\"call_id\":\"call_1\",\"name\":\"restart_service\","
        + "\"arguments\":\"{\\\"host\\\":\\\"web-1\\\",\\\"now\\\":true}\"},"
        + "{\"type\":\"function_call_output\",\"call_id\":\"call_1\",\"output\":\"restarted\"}]";
    JsonNode response = http.post("/v1/responses", responses(input, ",\"max_output_tokens\":2,\"tools\":" + TOOLS))
        .json();
    JsonNode chat = http.post("/v1/chat/completions", "{\"model\":\"" + model + "\",\"temperature\":0,\"max_tokens\":2,"
        + "\"tools\":" + ToolCallingApiTest.TOOLS + ",\"messages\":[{\"role\":\"user\",\"content\":\"restart nginx on web-1\"},"
        + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\",\"function\":"
        + "{\"name\":\"restart_service\",\"arguments\":\"{\\\"host\\\":\\\"web-1\\\",\\\"now\\\":true}\"}}]},"
        + "{\"role\":\"tool\",\"tool_call_id\":\"call_1\",\"content\":\"restarted\"}]}").json();
    assertEquals(chat.get("usage").get("prompt_tokens").asInt(), response.get("usage").get("input_tokens").asInt(),
        response.toString());
  }

  @Test
  void aFollowUpContinuesTheStoredConversation() {
    String first = responses("\"restart nginx on web-1\"", ",\"instructions\":\"You are terse.\","
        + "\"max_output_tokens\":3,\"ignore_eos\":true");
    JsonNode r1 = http.post("/v1/responses", first).json();
    String id = r1.get("id").asText();
    assertTrue(r1.get("store").asBoolean());
    assertEquals(r1, http.get("/v1/responses/" + id).json(), "GET gives the response as it was answered");
    String said = r1.get("output").get(0).get("content").get(0).get("text").asText();

    JsonNode r2 = http.post("/v1/responses", responses("\"and on web-2?\"", ",\"previous_response_id\":\"" + id
        + "\",\"max_output_tokens\":2")).json();
    assertEquals(id, r2.get("previous_response_id").asText());
    // the same prompt as the chat that spells the conversation out; instructions are not inherited
    JsonNode chat = http.post("/v1/chat/completions", "{\"model\":\"" + model + "\",\"max_tokens\":2,\"messages\":["
        + "{\"role\":\"user\",\"content\":\"restart nginx on web-1\"},"
        + "{\"role\":\"assistant\",\"content\":" + Json.MAPPER.valueToTree(said) + "},"
        + "{\"role\":\"user\",\"content\":\"and on web-2?\"}]}").json();
    assertEquals(chat.get("usage").get("prompt_tokens").asInt(), r2.get("usage").get("input_tokens").asInt(),
        r2.toString());

    var gone = http.delete("/v1/responses/" + id);
    assertEquals(200, gone.status(), gone.body());
    assertTrue(gone.json().get("deleted").asBoolean());
    assertEquals(404, http.get("/v1/responses/" + id).status());
    JsonNode unstored = http.post("/v1/responses", responses("\"x\"", ",\"store\":false,\"max_output_tokens\":1"))
        .json();
    assertFalse(unstored.get("store").asBoolean());
    assertEquals(404, http.get("/v1/responses/" + unstored.get("id").asText()).status(), "store: false keeps nothing");
  }

  @Test
  void badRequestsAreRefusedNamingTheResponsesField() {
    String[][] cases = {
        {"{\"model\":\"" + model + "\"}", "input"},
        {responses("[]", ""), "input"},
        {responses("\"x\"", ",\"previous_response_id\":7"), "previous_response_id"},
        {responses("\"x\"", ",\"conversation\":\"conv_1\""), "conversation"},
        {responses("\"x\"", ",\"background\":true"), "background"},
        {responses("\"x\"", ",\"max_output_tokens\":0"), "max_output_tokens"},
        {responses("[{\"role\":\"user\",\"content\":[{\"type\":\"input_image\",\"image_url\":\"x\"}]}]", ""),
            "input[0].content[0]"},
        {responses("[{\"role\":\"robot\",\"content\":\"x\"}]", ""), "input[0].role"},
        {responses("[{\"type\":\"computer_call\"}]", ""), "input[0].type"},
        {responses("\"x\"", ",\"tools\":[{\"type\":\"web_search\"}]"), "tools[0].type"},
        {responses("\"x\"", ",\"tools\":" + TOOLS + ",\"tool_choice\":{\"type\":\"function\",\"name\":\"nope\"}"),
            "tool_choice.name"},
        {responses("\"x\"", ",\"text\":{\"format\":{\"type\":\"json_schema\",\"name\":\"x\"}}"), "text.format.schema"},
        {responses("\"x\"", ",\"temperature\":3"), "temperature"},
    };
    for (String[] c : cases) {
      var reply = http.post("/v1/responses", c[0]);
      assertEquals(400, reply.status(), c[0] + " -> " + reply.body());
      assertEquals(c[1], reply.json().get("error").get("param").asText(), reply.body());
    }
    var forgotten = http.post("/v1/responses", responses("\"x\"", ",\"previous_response_id\":\"resp_1\""));
    assertEquals(404, forgotten.status(), forgotten.body());
    assertEquals("response_not_found", forgotten.json().get("error").get("code").asText());
    var unknown = http.post("/v1/responses", "{\"model\":\"nope\",\"input\":\"x\"}");
    assertEquals(404, unknown.status());
    assertEquals("model_not_found", unknown.json().get("error").get("code").asText());
  }
}
