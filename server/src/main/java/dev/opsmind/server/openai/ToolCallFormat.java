package dev.opsmind.server.openai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Chat choices when the request offers tools: a reply with calls is answered as {@code
 * tool_calls} (finish_reason "tool_calls"), anything else as the text it was. Streamed, text goes out as {@link ToolCallHold} lets it, and the final delta brings the calls
 * (and any text left).
 */
final class ToolCallFormat implements ChoiceFormat {
  private final ChoiceFormat chat;
  private final ToolCalls tools;
  /** Each choice's reply parsed once (call ids must not change between the delta and the reply). */
  private final Map<GenerationSession.Choice, ToolCalls.Parsed> parsed = new IdentityHashMap<>();
  private final Map<GenerationSession.Choice, ToolCallHold> held = new IdentityHashMap<>();

  ToolCallFormat(ChoiceFormat chat, ToolCalls tools) {
    this.chat = chat;
    this.tools = tools;
  }

  private ToolCalls.Parsed parsed(GenerationSession.Choice choice) {
    return parsed.computeIfAbsent(choice, c -> tools.parse(c.result.text()));
  }

  @Override
  public String object(boolean chunk) {
    return chat.object(chunk);
  }

  @Override
  public String idPrefix() {
    return chat.idPrefix();
  }

  @Override
  public ObjectNode firstDelta(GenerationSession.Choice choice) {
    return chat.firstDelta(choice);
  }

  @Override
  public String streamable(GenerationSession.Choice choice, String delta) {
    return held.computeIfAbsent(choice, c -> new ToolCallHold()).next(choice.text.toString());
  }

  @Override
  public void delta(ObjectNode choiceNode, GenerationSession.Choice choice, String text, Logprobs.TokenText logprob) {
    chat.delta(choiceNode, choice, text, logprob);
  }

  @Override
  public void finalDelta(ObjectNode choiceNode, GenerationSession.Choice choice) {
    ToolCalls.Parsed p = parsed(choice);
    String rest = held.computeIfAbsent(choice, c -> new ToolCallHold()).rest(choice.result.text(), p);
    ObjectNode delta = choiceNode.putObject("delta");
    if (!rest.isEmpty()) {
      delta.put("content", rest);
    }
    if (!p.calls().isEmpty()) {
      delta.set("tool_calls", ToolCalls.toJson(p.calls(), true));
    }
    choiceNode.putNull("logprobs");
  }

  @Override
  public void whole(ObjectNode choiceNode, GenerationSession.Choice choice, String text,
      List<Logprobs.TokenText> logprobs) {
    chat.whole(choiceNode, choice, text, logprobs);
    ToolCalls.Parsed p = parsed(choice);
    if (!p.calls().isEmpty()) {
      ObjectNode message = (ObjectNode) choiceNode.get("message");
      if (p.content() == null) {
        message.putNull("content");
      } else {
        message.put("content", p.content());
      }
      message.set("tool_calls", ToolCalls.toJson(p.calls(), false));
    }
  }

  @Override
  public String finishReason(GenerationSession.Choice choice) {
    return parsed(choice).calls().isEmpty() ? chat.finishReason(choice) : "tool_calls";
  }
}
