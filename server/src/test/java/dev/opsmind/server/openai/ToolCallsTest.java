package dev.opsmind.server.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opsmind.server.http.InvalidRequestException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** tools / tool_choice parsing and the tool calls found in replies of the common formats. */
class ToolCallsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String TOOLS = "[{\"type\":\"function\",\"function\":{\"name\":\"restart_service\","
      + "\"description\":\"Restart a systemd unit\",\"parameters\":{\"type\":\"object\",\"properties\":{"
      + "\"host\":{\"$ref\":\"#/$defs/host\"},\"unit\":{\"type\":\"string\"}},\"required\":[\"host\",\"unit\"],"
      + "\"$defs\":{\"host\":{\"enum\":[\"web-1\",\"web-2\"]}}}}},"
      + "{\"type\":\"function\",\"function\":{\"name\":\"disk_usage\",\"parameters\":{\"type\":\"object\","
      + "\"properties\":{\"path\":{\"type\":\"string\"}}}}}]";

  private static ToolCalls parse(String extra) throws Exception {
    return ToolCalls.parse((ObjectNode) JSON.readTree("{\"tools\":" + TOOLS + extra + "}"));
  }

  @Test
  void choicesAndTheirDefaults() throws Exception {
    ToolCalls auto = parse("");
    assertEquals("auto", auto.choice());
    assertTrue(auto.offered() && !auto.forced());
    assertNull(auto.schema());
    assertEquals(2, auto.templateValue().size());
    assertTrue(parse(",\"tool_choice\":\"required\"").forced());
    ToolCalls none = parse(",\"tool_choice\":\"none\"");
    assertTrue(!none.offered() && !none.forced());
    ToolCalls named = parse(",\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"restart_service\"}}");
    assertEquals("restart_service", named.forcedName());
    assertNull(ToolCalls.parse((ObjectNode) JSON.readTree("{\"tool_choice\":\"none\"}")), "no tools, none: fine");
  }

  /**
   * parallel_tool_calls: false (LangChain's structured output sends it) keeps a reply to one call,
   * the first, as OpenAI's replies are; true or absent keeps every call (false kept them all too).
   */
  @Test
  void parallelToolCallsFalseKeepsTheFirstCall() throws Exception {
    String reply = "<tool_call>{\"name\":\"disk_usage\",\"arguments\":{\"path\":\"/\"}}</tool_call>\n"
        + "<tool_call>{\"name\":\"restart_service\",\"arguments\":{\"host\":\"web-1\",\"unit\":\"nginx\"}}</tool_call>";
    String chat = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"tools\":" + TOOLS;
    for (String parallel : new String[] {"", ",\"parallel_tool_calls\":true"}) {
      var request = ChatCompletionRequest.read((ObjectNode) JSON.readTree(chat + parallel + "}"));
      assertEquals(2, request.tools().parse(reply).calls().size(), parallel);
    }
    var one = ChatCompletionRequest.read((ObjectNode) JSON.readTree(chat + ",\"parallel_tool_calls\":false}"));
    List<ToolCalls.Call> calls = one.tools().parse(reply).calls();
    assertEquals(1, calls.size());
    assertEquals("disk_usage", calls.get(0).name());
    var e = assertThrows(InvalidRequestException.class,
        () -> ChatCompletionRequest.read((ObjectNode) JSON.readTree(chat + ",\"parallel_tool_calls\":\"no\"}")));
    assertEquals("parallel_tool_calls", e.param());
  }

  /** A forced call cut short by max_tokens is the call so far; nothing before its name is out, or unforced. */
  @Test
  void aForcedCallCutShortIsTheCallSoFar() throws Exception {
    ToolCalls named = parse(",\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"restart_service\"}}");
    var cut = named.cutCall("{ \"name\" :\t\"restart_service\",\n \"arguments\": {\"host\": \"we");
    assertEquals(1, cut.calls().size());
    assertEquals("restart_service", cut.calls().get(0).name());
    assertEquals("{\"host\": \"we", cut.calls().get(0).arguments());
    assertNull(cut.content());
    assertEquals("", named.cutCall("{\"name\":\"restart_service\", \"argu").calls().get(0).arguments());
    assertTrue(named.cutCall("{\"name\":\"restart_se").calls().isEmpty());
    assertTrue(parse(",\"tool_choice\":\"required\"").cutCall("{\"name\":\"disk_usage\",\"arguments\":{").calls().size() == 1);
    assertTrue(parse("").cutCall("{\"name\":\"disk_usage\",\"arguments\":{").calls().isEmpty(), "auto: not forced");
  }

  @Test
  void badToolsAreRefusedNamingTheField() {
    String[][] cases = {
      {"{\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"a b\"}}]}", "tools[0].function.name"},
      {"{\"tools\":[{\"type\":\"function\"}]}", "tools[0].function"},
      {"{\"tools\":[{\"type\":\"retrieval\"}]}", "tools[0].type"},
      {"{\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"a\",\"parameters\":[1]}}]}", "tools[0].function.parameters"},
      {"{\"tools\":" + TOOLS + ",\"tool_choice\":\"always\"}", "tool_choice"},
      {"{\"tools\":" + TOOLS + ",\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"reboot\"}}}", "tool_choice.function.name"},
      {"{\"tool_choice\":\"required\"}", "tool_choice"},
      {"{\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"a\",\"parameters\":{\"type\":\"object\","
          + "\"properties\":{\"x\":{\"$ref\":\"http://example.com/s\"}}}}}],\"tool_choice\":\"required\"}", "tools"},
    };
    for (String[] c : cases) {
      var e = assertThrows(InvalidRequestException.class, () -> ToolCalls.parse((ObjectNode) JSON.readTree(c[0])), c[0]);
      assertEquals(c[1], e.param(), c[0] + " -> " + e.getMessage());
    }
  }

  @Test
  void callsAreFoundInTheCommonReplyFormats() throws Exception {
    ToolCalls tools = parse("");
    ToolCalls.Parsed hermes = tools.parse("Checking first.\n<tool_call>\n{\"name\": \"disk_usage\", \"arguments\": "
        + "{\"path\": \"/var\"}}\n</tool_call>\n<tool_call>{\"name\":\"restart_service\",\"arguments\":"
        + "{\"host\":\"web-1\",\"unit\":\"nginx\"}}</tool_call>");
    assertEquals(List.of("disk_usage", "restart_service"), hermes.calls().stream().map(ToolCalls.Call::name).toList());
    assertEquals("{\"path\":\"/var\"}", hermes.calls().get(0).arguments());
    assertEquals("Checking first.", hermes.content());
    assertTrue(hermes.calls().get(0).id().startsWith("call_"));

    ToolCalls.Parsed llama = tools.parse(" {\"name\": \"disk_usage\", \"parameters\": {\"path\": \"/\"}} ");
    assertEquals("{\"path\":\"/\"}", llama.calls().get(0).arguments());
    assertNull(llama.content());

    ToolCalls.Parsed mistral = tools.parse("[TOOL_CALLS] [{\"name\": \"disk_usage\", \"arguments\": \"{\\\"path\\\": \\\"/tmp\\\"}\"}]");
    assertEquals("{\"path\": \"/tmp\"}", mistral.calls().get(0).arguments(), "arguments sent as text stay text");

    for (String text : new String[] {"The disk is full.", "{\"name\": \"format_disk\", \"arguments\": {}}",
        "<tool_call>not json</tool_call>", "{\"answer\": 42}"}) {
      ToolCalls.Parsed plain = tools.parse(text);
      assertTrue(plain.calls().isEmpty(), text);
      assertEquals(text, plain.content());
    }
  }

  @Test
  void aForcedCallIsShapedByItsParameters() throws Exception {
    ToolCalls named = parse(",\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"restart_service\"}}");
    var schema = named.schema();
    String call = "{\"name\":\"restart_service\",\"arguments\":{\"host\":\"web-2\",\"unit\":\"nginx\"}}";
    assertTrue(schema.accepts(call), "a call of the named function with valid arguments");
    assertTrue(!schema.accepts("{\"name\":\"disk_usage\",\"arguments\":{}}"), "another function");
    assertTrue(!schema.accepts("{\"name\":\"restart_service\",\"arguments\":{\"host\":\"db-1\",\"unit\":\"x\"}}"),
        "a host outside the $defs enum");
    var any = parse(",\"tool_choice\":\"required\"").schema();
    assertTrue(any.accepts("{\"name\":\"disk_usage\",\"arguments\":{\"anything\":[1]}}"), "several tools: any arguments");
  }
}
