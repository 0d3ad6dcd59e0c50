package dev.opsmind.server.openai;

import dev.opsmind.server.http.SseStream;
import dev.opsmind.server.openai.protocol.ChatProtocol;
import java.util.List;

/**
 * Writes a chat completion ({@link ChatProtocol}): the {@code chat.completion} body, or its chunks
 * — each choice's role, its text (with log-probabilities when asked for), its last delta with any
 * text held back, its tool calls and the finish reason — then the {@code opsmind} chunk of a
 * grounded answer, the usage when asked for, and {@code data: [DONE]}.
 */
public final class ChatReply implements Reply {
  private final ChunkEnvelope envelope;
  private final boolean includeUsage;
  private final boolean functions;

  public ChatReply(String model, boolean includeUsage) {
    this(model, includeUsage, false);
  }

  /**
   * {@code functions}: the request sent the deprecated {@code functions}, so a choice's first call
   * is written as {@code function_call} (OpenAI made one per turn then), finish_reason {@code
   * function_call}.
   */
  public ChatReply(String model, boolean includeUsage, boolean functions) {
    this.envelope = ChunkEnvelope.chat(model);
    this.includeUsage = includeUsage;
    this.functions = functions;
  }

  @Override
  public String id() {
    return envelope.id();
  }

  @Override
  public void opened(SseStream sse, List<Choice> choices) {
    for (Choice choice : choices) {
      sse.send(envelope.chunk(new ChatProtocol.ChunkChoice(choice.index, ChatProtocol.Delta.ROLE, null, null)));
    }
  }

  @Override
  public void text(SseStream sse, Choice choice, String text, Logprobs.TokenText logprob) {
    sse.send(envelope.chunk(new ChatProtocol.ChunkChoice(choice.index, ChatProtocol.Delta.content(text),
        logprob == null ? null : Logprobs.chat(List.of(logprob)), null)));
  }

  @Override
  public void settled(SseStream sse, Choice choice) {
    Reply.Settled settled = choice.settled;
    String rest = settled.rest().isEmpty() ? null : settled.rest();
    var delta = functions && !settled.calls().isEmpty()
        ? new ChatProtocol.Delta(null, rest, null, function(settled.calls()))
        : new ChatProtocol.Delta(null, rest, settled.calls().isEmpty() ? null : ToolCalls.wire(settled.calls(), true));
    sse.send(envelope.chunk(new ChatProtocol.ChunkChoice(choice.index, delta, null, finishReason(settled))));
  }

  @Override
  public void end(SseStream sse, Reply.Answer answer) {
    if (answer.opsmind() != null) {
      sse.send(envelope.extensionChunk(answer.opsmind()));
    }
    if (includeUsage) {
      sse.send(envelope.usageChunk(usage(answer)));
    }
    sse.done();
  }

  @Override
  public Object whole(Reply.Answer answer) {
    List<ChatProtocol.Choice> choices = answer.choices().stream().map(choice -> {
      Reply.Settled settled = choice.settled;
      var message = functions && !settled.calls().isEmpty()
          ? new ChatProtocol.Message("assistant", settled.content(), null, null, function(settled.calls()))
          : ChatProtocol.Message.assistant(settled.content(),
              settled.calls().isEmpty() ? null : ToolCalls.wire(settled.calls(), false));
      boolean logprobs = choice.params != null && choice.params.logprobs();
      return new ChatProtocol.Choice(choice.index, message, logprobs ? Logprobs.chat(choice.logprobs) : null,
          finishReason(settled));
    }).toList();
    return envelope.whole(choices, usage(answer), answer.opsmind());
  }

  /** The deprecated {@code function_call}: the first call (OpenAI made one per turn with functions). */
  private static ChatProtocol.Function function(List<ToolCalls.Call> calls) {
    return new ChatProtocol.Function(calls.get(0).name(), calls.get(0).arguments());
  }

  private String finishReason(Reply.Settled settled) {
    return functions && settled.finishReason().equals("tool_calls") ? "function_call" : settled.finishReason();
  }

  private static ChatProtocol.Usage usage(Reply.Answer answer) {
    return ChatProtocol.Usage.of(answer.prompt(), answer.completion(), answer.cached());
  }
}
