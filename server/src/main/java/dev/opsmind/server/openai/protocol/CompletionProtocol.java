package dev.opsmind.server.openai.protocol;

import com.fasterxml.jackson.databind.PropertyNamingStrategies.SnakeCaseStrategy;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.Map;

/**
 * The wire format of POST /v1/completions (legacy): {@code text_completion} bodies and chunks use
 * chat's envelope ({@link ChatProtocol.Completion}, {@link ChatProtocol.Chunk}, {@link
 * ChatProtocol.Usage}) around these choices.
 */
public final class CompletionProtocol {
  private CompletionProtocol() {}

  /** A choice, whole or streamed: its text (or the next piece of it), and the finish reason at the end. */
  @JsonNaming(SnakeCaseStrategy.class)
  public record Choice(int index, String text, Logprobs logprobs, String finishReason) {}

  /**
   * The legacy log-probabilities: parallel lists of tokens, their log-probabilities, each token's
   * top alternatives (token text → log-probability) and its character offset in the text.
   */
  @JsonNaming(SnakeCaseStrategy.class)
  public record Logprobs(List<String> tokens, List<Float> tokenLogprobs, List<Map<String, Float>> topLogprobs,
      List<Integer> textOffset) {}
}
