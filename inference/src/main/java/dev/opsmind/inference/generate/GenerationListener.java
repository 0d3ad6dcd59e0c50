package dev.opsmind.inference.generate;

import dev.opsmind.inference.generate.sampling.TokenLogprob;

/**
 * Receives one request's output. Called on the generating thread (the scheduler's): implementations
 * must return quickly and hop to their own thread (e.g. a Vert.x context) for I/O.
 */
public interface GenerationListener {
  /**
   * One generated token: its text delta (may be empty while a character or a possible stop
   * string is held back) and, when requested, its log-probabilities (else null).
   */
  void onToken(int tokenId, String textDelta, TokenLogprob logprob);

  /** The end: called exactly once, after the last onToken, unless onError is called instead. */
  void onFinish(GenerationResult result);

  /** Generation failed (bad request found late, decoder error); no onFinish follows. */
  default void onError(Throwable error) {}
}
