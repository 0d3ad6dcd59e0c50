package dev.opsmind.inference.generate;

/**
 * Timing events from the scheduler thread, for the server's metrics (e.g. Micrometer timers).
 * Implementations must be cheap and thread-safe; all methods default to nothing.
 */
public interface SchedulerMetrics {
  SchedulerMetrics NONE = new SchedulerMetrics() {};

  /** From submission (queueing included) to a request's first token. */
  default void timeToFirstToken(long nanos) {}

  /** Between two consecutive tokens of one request. */
  default void interTokenLatency(long nanos) {}

  /** A request left the batch (finished, cancelled or failed). */
  default void requestFinished(FinishReason reason, int promptTokens, int completionTokens) {}

  /** A request starts with {@code tokens} prompt tokens from the prompt cache. */
  default void promptCacheHit(int tokens) {}

  /** One forward pass over {@code sequences} sequences with {@code tokens} new tokens in all. */
  default void step(int sequences, int tokens, long nanos) {}
}
