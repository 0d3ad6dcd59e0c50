package dev.opsmind.inference.generate;

import dev.opsmind.inference.generate.sampling.SamplingParams;
import dev.opsmind.inference.model.KvCache;

/**
 * One request for the {@link Scheduler}.
 *
 * @param prompt the full prompt's token ids
 * @param params how to sample
 * @param prefix optional precomputed cache of the prompt's first {@code prefix.length()} tokens
 *     (e.g. a fixed system prompt); the scheduler copies it and prefills only the rest. The caller
 *     guarantees those tokens equal the prompt's start; the scheduler never closes it.
 */
public record GenerationRequest(int[] prompt, SamplingParams params, KvCache prefix) {
  public GenerationRequest {
    if (prompt == null || prompt.length == 0) {
      throw new IllegalArgumentException("prompt is empty: at least one token is needed");
    }
    if (params == null) {
      throw new IllegalArgumentException("sampling params are required");
    }
    if (prefix != null && prefix.length() >= prompt.length) {
      throw new IllegalArgumentException("prefix cache holds " + prefix.length() + " tokens but the prompt has only "
          + prompt.length + ": at least one prompt token must follow the prefix");
    }
    prompt = prompt.clone();
  }

  public GenerationRequest(int[] prompt, SamplingParams params) {
    this(prompt, params, null);
  }
}
