package dev.opsmind.server.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opsmind.inference.generate.FinishReason;
import dev.opsmind.inference.generate.GenerationResult;
import dev.opsmind.inference.generate.sampling.SamplingParams;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Streaming with tools offered: text streams until a call may be starting; calls arrive in the final delta. */
class ToolCallStreamingTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Streams the deltas through a fresh choice; returns what went out, then the final delta. */
  private static Streamed stream(String... deltas) throws Exception {
    ToolCalls tools = ToolCalls.parse((ObjectNode) JSON.readTree("{\"tools\":" + ToolCallsTest.TOOLS + "}"));
    var choice = new Choice(0, 0, new int[] {1}, SamplingParams.defaults(), null, null, tools);
    List<String> out = new ArrayList<>();
    StringBuilder all = new StringBuilder();
    for (String d : deltas) {
      all.append(d);
      out.add(choice.next(d)); // as GenerationSession does with each token
    }
    choice.result = new GenerationResult(FinishReason.STOP, all.toString(), 1, 0, deltas.length, 0, 0);
    Reply.Settled settled = Policy.plain(choice);
    var last = JSON.valueToTree(new dev.opsmind.server.openai.protocol.ChatProtocol.Delta(null,
        settled.rest().isEmpty() ? null : settled.rest(),
        settled.calls().isEmpty() ? null : ToolCalls.wire(settled.calls(), true)));
    return new Streamed(out, last, settled.finishReason(), all.toString());
  }

  record Streamed(List<String> chunks, com.fasterxml.jackson.databind.JsonNode last, String finish, String text) {
    String streamedText() {
      return String.join("", chunks) + last.path("content").asText("");
    }
  }

  @Test
  void textBeforeAHermesCallStreamsAndTheCallComesLast() throws Exception {
    Streamed s = stream("Checking", " first.\n<tool", "_call>\n{\"name\": \"disk_usage\", \"arguments\": ",
        "{\"path\": \"/var\"}}\n</tool_call>");
    assertEquals(List.of("Checking", " first.\n", "", ""), s.chunks(), "the partial marker was held back");
    assertEquals("tool_calls", s.finish());
    assertEquals("disk_usage", s.last().get("tool_calls").get(0).get("function").get("name").asText());
    assertFalse(s.last().has("content"), "the text before the call already went out");
  }

  @Test
  void aTextReplyStreamsWhole() throws Exception {
    Streamed s = stream("The disk", " is <full>", " of logs; [1] rotate", " them.");
    assertEquals("stop", s.finish());
    assertEquals(s.text(), s.streamedText(), "every character exactly once");
    assertTrue(s.chunks().get(0).equals("The disk"), s.chunks().toString());
    assertFalse(s.last().has("tool_calls"));
  }

  @Test
  void aReplyOpeningLikeJsonIsHeldUntilTheEnd() throws Exception {
    Streamed call = stream(" {\"name\": \"disk_usage\",", " \"parameters\": {\"path\": \"/\"}}");
    assertEquals(List.of("", ""), call.chunks());
    assertEquals("tool_calls", call.finish());
    Streamed json = stream("{\"answer\"", ": 42}");
    assertEquals(List.of("", ""), json.chunks());
    assertEquals("stop", json.finish());
    assertEquals("{\"answer\": 42}", json.last().get("content").asText(), "not a call: the text, at the end");
    Streamed mistral = stream("[TOOL", "_CALLS] [{\"name\": \"disk_usage\", \"arguments\": {}}]");
    assertEquals(List.of("", ""), mistral.chunks());
    assertEquals("tool_calls", mistral.finish());
    Streamed list = stream("[1", "] see the runbook");
    assertEquals(list.text(), list.streamedText());
    assertEquals("[1", list.chunks().get(0), "a bracket followed by text is text");
  }
}
