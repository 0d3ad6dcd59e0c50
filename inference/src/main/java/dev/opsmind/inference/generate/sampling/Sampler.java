package dev.opsmind.inference.generate.sampling;

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
    int token = choose(logits);
    if (logp != null) {
      logprob = new TokenLogprob(token, logp[token], top(logp, params.topLogprobs()));
    }
    counts.addOutput(token);
    return new Sampled(token, logprob);
  }

  /**
   * Whether a token may be proposed from unmasked logits and kept when a constraint allows it:
   * then the kept tokens follow the masked distribution exactly (greedy: the argmax is the masked
   * argmax; plain sampling: P(t) = p(t) + P(refused)·p(t)/Z = p(t)/Z). Truncation (top-k, top-p,
   * min-p) depends on which tokens are masked, and log-probabilities are reported over the masked
   * logits, so those need the mask first.
   */
  public boolean proposes() {
    return !params.logprobs()
        && (params.isGreedy() || (params.topK() == 0 && params.topP() == 1 && params.minP() == 0));
  }

  /** A token from {@code logits} (consumed), not recorded: {@link #keep} it, or sample again. */
  public int propose(float[] logits) {
    if (!proposes()) {
      throw new IllegalStateException("this sampler's params need the mask before sampling");
    }
    return choose(logits);
  }

  /** Records a proposed token as chosen. */
  public Sampled keep(int token) {
    counts.addOutput(token);
    return new Sampled(token, null);
  }

  /** The sampling steps: bias, penalties, then argmax, or temperature, truncation and a draw. */
  private int choose(float[] logits) {
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
    return token;
  }

  private static List<TokenLogprob.Alternative> top(float[] logp, int n) {
    List<TokenLogprob.Alternative> out = new ArrayList<>(n);
    for (int id : SamplerSteps.topIndices(logp, n)) {
      out.add(new TokenLogprob.Alternative(id, logp[id]));
    }
    return out;
  }
}
