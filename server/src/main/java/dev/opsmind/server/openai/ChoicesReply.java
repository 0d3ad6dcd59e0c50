package dev.opsmind.server.openai;

import dev.opsmind.server.http.SseStream;
import dev.opsmind.server.openai.protocol.ChatProtocol;
import java.util.List;

/**
 * Writes chat and (legacy) completions answers: {@code chat.completion} / {@code text_completion}
 * bodies, or their chunks ending with {@code data: [DONE]}; what differs between the two APIs is
 * the {@link ChoiceFormat}.
 */
final class ChoicesReply implements GenerationSession.Reply {
  private final ChoiceFormat format;
  private final boolean includeUsage;
  private final ChunkEnvelope envelope;

  ChoicesReply(ChoiceFormat format, String model, boolean includeUsage) {
    this.format = format;
    this.includeUsage = includeUsage;
    this.envelope = new ChunkEnvelope(format.idPrefix(), format.object(false), format.object(true), model);
  }

  @Override
  public void opened(SseStream sse, List<GenerationSession.Choice> choices) {
    for (GenerationSession.Choice choice : choices) {
      Object first = format.firstDelta(choice);
      if (first != null) {
        sse.send(envelope.chunk(first));
      }
    }
  }

  @Override
  public void token(SseStream sse, GenerationSession.Choice choice, String delta, Logprobs.TokenText logprob) {
    String out = format.streamable(choice, delta);
    if (!out.isEmpty() || logprob != null) {
      sse.send(envelope.chunk(format.delta(choice, out, logprob)));
    }
  }

  @Override
  public void finished(SseStream sse, GenerationSession.Choice choice) {
    sse.send(envelope.chunk(format.finalDelta(choice, format.finishReason(choice))));
  }

  @Override
  public void end(SseStream sse, List<GenerationSession.Choice> choices) {
    if (includeUsage) {
      sse.send(envelope.usageChunk(usage(choices)));
    }
    sse.done();
  }

  @Override
  public Object whole(List<GenerationSession.Choice> choices) {
    List<Object> items = choices.stream()
        .map(c -> format.whole(c, c.result.text(), c.logprobs, format.finishReason(c))).toList();
    return envelope.whole(items, usage(choices), null);
  }

  private static ChatProtocol.Usage usage(List<GenerationSession.Choice> choices) {
    GenerationSession.Usage counts = GenerationSession.Usage.of(choices);
    return ChatProtocol.Usage.of(counts.prompt(), counts.completion(), counts.cached());
  }
}
