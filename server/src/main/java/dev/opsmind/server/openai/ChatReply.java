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

  public ChatReply(String model, boolean includeUsage) {
    this.envelope = ChunkEnvelope.chat(model);
    this.includeUsage = includeUsage;
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
    var delta = new ChatProtocol.Delta(null, settled.rest().isEmpty() ? null : settled.rest(),
        settled.calls().isEmpty() ? null : ToolCalls.wire(settled.calls(), true));
    sse.send(envelope.chunk(new ChatProtocol.ChunkChoice(choice.index, delta, null, settled.finishReason())));
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
      var message = ChatProtocol.Message.assistant(settled.content(),
          settled.calls().isEmpty() ? null : ToolCalls.wire(settled.calls(), false));
      boolean logprobs = choice.params != null && choice.params.logprobs();
      return new ChatProtocol.Choice(choice.index, message, logprobs ? Logprobs.chat(choice.logprobs) : null,
          settled.finishReason());
    }).toList();
    return envelope.whole(choices, usage(answer), answer.opsmind());
  }

  private static ChatProtocol.Usage usage(Reply.Answer answer) {
    return ChatProtocol.Usage.of(answer.prompt(), answer.completion(), answer.cached());
  }
}
