package dev.opsmind.inference.generate;

/**
 * Limits of the continuous-batching {@link Scheduler}.
 *
 * @param maxBatchSize sequences decoded together at most
 * @param maxQueueLength requests waiting for a slot at most; more are rejected ({@link QueueFullException})
 * @param kvTokenBudget KV-cache tokens all running sequences may hold together; a request
 *     reserves prompt + max_tokens (capped at the context) when admitted
 * @param prefillChunk prompt tokens fed per step (all newcomers together), so running sequences
 *     keep getting a decode step while long prompts are prefilled
 * @param promptCacheTokens KV positions the automatic prefix cache keeps of finished sequences
 *     (memory on top of {@code kvTokenBudget}); a new prompt starting with a kept sequence's
 *     tokens skips prefilling them; 0 = off
 * @param batchWindowMillis how long a scheduler waking from idle lets further requests arrive
 *     before its first step, so that requests sent together share one prefill pass (prefill on a
 *     CPU is compute-bound: the first of a burst prefilled alone delays the others by a whole
 *     pass); ends early once the batch is full; 0 = start at once
 */
public record SchedulerOptions(int maxBatchSize, int maxQueueLength, int kvTokenBudget, int prefillChunk,
    int promptCacheTokens, int batchWindowMillis) {
  public SchedulerOptions {
    if (maxBatchSize < 1) {
      throw new IllegalArgumentException("maxBatchSize must be >= 1, got " + maxBatchSize);
    }
    if (maxQueueLength < 0) {
      throw new IllegalArgumentException("maxQueueLength must be >= 0, got " + maxQueueLength);
    }
    if (kvTokenBudget < 2) {
      throw new IllegalArgumentException("kvTokenBudget must be >= 2, got " + kvTokenBudget);
    }
    if (prefillChunk < 1) {
      throw new IllegalArgumentException("prefillChunk must be >= 1, got " + prefillChunk);
    }
    if (promptCacheTokens < 0) {
      throw new IllegalArgumentException("promptCacheTokens must be >= 0 (0 = off), got " + promptCacheTokens);
    }
    if (batchWindowMillis < 0) {
      throw new IllegalArgumentException("batchWindowMillis must be >= 0 (0 = off), got " + batchWindowMillis);
    }
  }

  /** 8 sequences, 64 waiting, 32k KV tokens, 256-token prefill chunks, 4096 cached prompt tokens, 20 ms batch window. */
  public static SchedulerOptions defaults() {
    return new SchedulerOptions(8, 64, 32768, 256, 4096, 20);
  }
}
