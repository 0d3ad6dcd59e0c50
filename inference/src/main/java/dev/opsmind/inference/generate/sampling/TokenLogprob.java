package dev.opsmind.inference.generate.sampling;

import java.util.List;

/** The chosen token's log-probability under the model (raw logits, before sampling transforms) and the top alternatives. */
public record TokenLogprob(int tokenId, float logprob, List<Alternative> top) {
  public record Alternative(int tokenId, float logprob) {}
}
