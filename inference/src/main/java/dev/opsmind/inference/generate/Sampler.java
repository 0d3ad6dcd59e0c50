package dev.opsmind.inference.generate;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One sequence's sampler: composes {@link SamplerSteps} per its {@link SamplingParams} and keeps
 * the state they need (seeded random stream, seen-token counts). Same seed and logits → same tokens.
 */
public final class Sampler {
  private final SamplingParams params;
  private final SplittableRandom random;
  private final TokenCounts counts;

  public Sampler(SamplingParams params, int[] promptTokens) {
    this.params = params;
    this.random = params.seed() == null ? new SplittableRandom() : new SplittableRandom(params.seed());
    this.counts = new TokenCounts(promptTokens);
  }

  /** A chosen token and, when asked for, its log-probabilities. */
  public record Sampled(int tokenId, TokenLogprob logprob) {}

  /** Picks the next token from {@code logits} (consumed: modified in place) and records it. */
  public Sampled sample(float[] logits) {
    TokenLogprob logprob = null;
    float[] logp = params.logprobs() ? SamplerSteps.logSoftmax(logits) : null; // the model's own
    SamplerSteps.applyLogitBias(logits, params.logitBias());
    SamplerSteps.applyPenalties(logits, counts, params.repetitionPenalty(), params.frequencyPenalty(),
        params.presencePenalty());
    int token;
    if (params.isGreedy()) {
      token = SamplerSteps.argmax(logits);
    } else {
      SamplerSteps.applyTemperature(logits, params.temperature());
      SamplerSteps.softmax(logits);
      SamplerSteps.topK(logits, params.topK());
      SamplerSteps.topP(logits, params.topP());
      SamplerSteps.minP(logits, params.minP());
      token = SamplerSteps.draw(logits, random);
    }
    if (logp != null) {
      logprob = new TokenLogprob(token, logp[token], top(logp, params.topLogprobs()));
    }
    counts.addOutput(token);
    return new Sampled(token, logprob);
  }

  private static List<TokenLogprob.Alternative> top(float[] logp, int n) {
    List<TokenLogprob.Alternative> out = new ArrayList<>(n);
    for (int id : SamplerSteps.topIndices(logp, n)) {
      out.add(new TokenLogprob.Alternative(id, logp[id]));
    }
    return out;
  }
}
