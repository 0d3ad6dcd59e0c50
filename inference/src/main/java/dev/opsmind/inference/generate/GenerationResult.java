package dev.opsmind.inference.generate;

/**
 * How a request ended and what it cost.
 *
 * @param text the whole emitted text (the concatenated deltas)
 * @param cachedPromptTokens prompt tokens whose keys and values came from a cache (a shared
 *     prefix) instead of being prefilled
 * @param timeToFirstTokenNanos from submission (queueing included) to the first sampled token
 * @param decodeNanos from the first token to the last
 */
public record GenerationResult(
    FinishReason finishReason,
    String text,
    int promptTokens,
    int cachedPromptTokens,
    int completionTokens,
    long timeToFirstTokenNanos,
    long decodeNanos) {

  /** Decode speed after the first token; 0 when fewer than two tokens were generated. */
  public double decodeTokensPerSecond() {
    return completionTokens < 2 || decodeNanos <= 0 ? 0 : (completionTokens - 1) * 1e9 / decodeNanos;
  }
}
