package dev.opsmind.inference.model;

import java.util.Objects;

/** One sequence's share of a forward pass: tokens to append to its cache (many = prefill, one = decode). */
public record DecodeStep(KvCache cache, int[] tokens) {
  public DecodeStep {
    Objects.requireNonNull(cache, "cache");
    Objects.requireNonNull(tokens, "tokens");
    if (tokens.length == 0) {
      throw new IllegalArgumentException("a decode step needs at least one token");
    }
  }
}
