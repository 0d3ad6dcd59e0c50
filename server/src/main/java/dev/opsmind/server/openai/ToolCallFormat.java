package dev.opsmind.server.openai;

import dev.opsmind.server.openai.protocol.ChatProtocol;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Chat choices when the request offers tools: a reply with calls is answered as {@code
 * tool_calls} (finish_reason "tool_calls"), anything else as the text it was. Streamed, text goes
 * out as {@link ToolCallHold} lets it, and the final delta brings the calls (and any text left).
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
  public Object firstDelta(GenerationSession.Choice choice) {
    return chat.firstDelta(choice);
  }

  @Override
  public String streamable(GenerationSession.Choice choice, String delta) {
    return held.computeIfAbsent(choice, c -> new ToolCallHold()).next(choice.text.toString());
  }

  @Override
  public Object delta(GenerationSession.Choice choice, String text, Logprobs.TokenText logprob) {
    return chat.delta(choice, text, logprob);
  }

  @Override
  public Object finalDelta(GenerationSession.Choice choice, String finishReason) {
    ToolCalls.Parsed p = parsed(choice);
    String rest = held.computeIfAbsent(choice, c -> new ToolCallHold()).rest(choice.result.text(), p);
    var delta = new ChatProtocol.Delta(null, rest.isEmpty() ? null : rest,
        p.calls().isEmpty() ? null : ToolCalls.wire(p.calls(), true));
    return new ChatProtocol.ChunkChoice(choice.index, delta, null, finishReason);
  }

  @Override
  public Object whole(GenerationSession.Choice choice, String text, List<Logprobs.TokenText> logprobs,
      String finishReason) {
    var plain = (ChatProtocol.Choice) chat.whole(choice, text, logprobs, finishReason);
    ToolCalls.Parsed p = parsed(choice);
    if (p.calls().isEmpty()) {
      return plain;
    }
    return new ChatProtocol.Choice(plain.index(),
        ChatProtocol.Message.assistant(p.content(), ToolCalls.wire(p.calls(), false)), plain.logprobs(),
        finishReason);
  }

  @Override
  public String finishReason(GenerationSession.Choice choice) {
    return parsed(choice).calls().isEmpty() ? chat.finishReason(choice) : "tool_calls";
  }
}
