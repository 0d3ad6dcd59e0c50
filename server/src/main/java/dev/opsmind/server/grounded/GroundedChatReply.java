package dev.opsmind.server.grounded;

import dev.opsmind.server.http.SseStream;
import dev.opsmind.server.openai.ChunkEnvelope;
import dev.opsmind.server.openai.protocol.ChatProtocol;
import java.util.List;

/**
 * A grounded answer as a chat completion: the message, or chunks of its text, then a chunk with
 * the finish reason, one with the {@code opsmind} extension (citations), the usage when asked
 * for, and {@code [DONE]}. The usage has no prompt cache details.
 */
final class GroundedChatReply implements GroundedSession.Reply {
  private final ChunkEnvelope envelope;
  private final boolean includeUsage;

  GroundedChatReply(String model, boolean includeUsage) {
    this.envelope = ChunkEnvelope.chat(model);
    this.includeUsage = includeUsage;
  }

  @Override
  public String id() {
    return envelope.id();
  }

  @Override
  public void opened(SseStream sse) {
    sse.send(envelope.chunk(new ChatProtocol.ChunkChoice(0, ChatProtocol.Delta.ROLE, null, null)));
  }

  @Override
  public void text(SseStream sse, String delta) {
    sse.send(envelope.chunk(new ChatProtocol.ChunkChoice(0, ChatProtocol.Delta.content(delta), null, null)));
  }

  @Override
  public void end(SseStream sse, GroundedSession.Outcome outcome) {
    sse.send(envelope.chunk(new ChatProtocol.ChunkChoice(0, ChatProtocol.Delta.EMPTY, null, outcome.finishReason())));
    sse.send(envelope.extensionChunk(outcome.extension()));
    if (includeUsage) {
      sse.send(envelope.usageChunk(usage(outcome)));
    }
    sse.done();
  }

  @Override
  public Object whole(GroundedSession.Outcome outcome) {
    var choice = new ChatProtocol.Choice(0, ChatProtocol.Message.assistant(outcome.answer().text(), null), null,
        outcome.finishReason());
    return envelope.whole(List.of(choice), usage(outcome), outcome.extension());
  }

  private static ChatProtocol.Usage usage(GroundedSession.Outcome outcome) {
    return ChatProtocol.Usage.of(outcome.promptTokens(), outcome.completionTokens(), null);
  }
}
