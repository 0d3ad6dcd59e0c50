package dev.opsmind.server.openai;

import dev.opsmind.server.http.SseStream;
import dev.opsmind.server.openai.protocol.ChatProtocol;
import dev.opsmind.server.openai.protocol.CompletionProtocol;
import java.util.List;

/**
 * Writes a (legacy) completion ({@link CompletionProtocol} in chat's envelope): the {@code
 * text_completion} body, or its chunks — an echoed prompt first, the text with legacy
 * log-probabilities, an empty last piece with the finish reason — then the usage when asked for
 * and {@code data: [DONE]}.
 */
final class CompletionsReply implements Reply {
  private final ChunkEnvelope envelope;
  private final boolean includeUsage;

  CompletionsReply(String model, boolean includeUsage) {
    this.envelope = new ChunkEnvelope("cmpl-", "text_completion", "text_completion", model);
    this.includeUsage = includeUsage;
  }

  @Override
  public String id() {
    return envelope.id();
  }

  @Override
  public void opened(SseStream sse, List<Choice> choices) {
    for (Choice choice : choices) {
      if (choice.echo != null && !choice.echo.isEmpty()) {
        sse.send(envelope.chunk(new CompletionProtocol.Choice(choice.index, choice.echo, null, null)));
      }
    }
  }

  @Override
  public void text(SseStream sse, Choice choice, String text, Logprobs.TokenText logprob) {
    sse.send(envelope.chunk(new CompletionProtocol.Choice(choice.index, text,
        logprob == null ? null : Logprobs.legacy(List.of(logprob), offsetOfLast(choice)), null)));
  }

  /**
   * Where the choice's latest token starts in its whole text (after an echoed prompt): a streamed
   * text_offset counts from the choice's start, as the whole answer's does (it was 0 in every chunk).
   */
  private static int offsetOfLast(Choice choice) {
    int offset = choice.echo == null ? 0 : choice.echo.length();
    for (int i = 0; i < choice.logprobs.size() - 1; i++) {
      offset += choice.logprobs.get(i).token().length();
    }
    return offset;
  }

  @Override
  public void settled(SseStream sse, Choice choice) {
    sse.send(envelope.chunk(new CompletionProtocol.Choice(choice.index, "", null, choice.settled.finishReason())));
  }

  @Override
  public void end(SseStream sse, Reply.Answer answer) {
    if (includeUsage) {
      sse.send(envelope.usageChunk(usage(answer)));
    }
    sse.done();
  }

  @Override
  public Object whole(Reply.Answer answer) {
    List<CompletionProtocol.Choice> choices = answer.choices().stream().map(choice -> {
      String echo = choice.echo == null ? "" : choice.echo;
      return new CompletionProtocol.Choice(choice.index, echo + choice.settled.content(),
          choice.params.logprobs() ? Logprobs.legacy(choice.logprobs, echo.length()) : null,
          choice.settled.finishReason());
    }).toList();
    return envelope.whole(choices, usage(answer), null);
  }

  private static ChatProtocol.Usage usage(Reply.Answer answer) {
    return ChatProtocol.Usage.of(answer.prompt(), answer.completion(), answer.cached());
  }
}
