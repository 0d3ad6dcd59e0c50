package dev.opsmind.inference.generate;

import dev.opsmind.inference.model.DecodeStep;
import dev.opsmind.inference.model.Decoder;
import dev.opsmind.inference.model.KvCache;
import java.util.List;

/**
 * Perplexity of a model on a token sequence: exp of the mean negative log-likelihood of each token
 * given the tokens before it. The sequence is cut into windows of at most {@code window} tokens,
 * each scored in a fresh cache; a window's first token is context only (it is scored as the last
 * token of the window before, except the sequence's very first token, usually BOS). Tokens go
 * through the decoder one at a time, because {@link Decoder#forward} returns the logits of a
 * pass's last token only; that is the decode path, so it also measures what decode computes.
 * Log-softmax is taken in double precision.
 */
public final class Perplexity {
  private Perplexity() {}

  /** The result: tokens scored, their summed negative log-likelihood (nats), and the perplexity. */
  public record Result(int scoredTokens, double negativeLogLikelihood) {
    public double meanNll() {
      return negativeLogLikelihood / scoredTokens;
    }

    public double perplexity() {
      return Math.exp(meanNll());
    }
  }

  /**
   * @param tokens the text's token ids, BOS included where the model expects one
   * @param window most tokens per window, at most the decoder's context length
   */
  public static Result of(Decoder decoder, int[] tokens, int window) {
    if (tokens.length < 2) {
      throw new IllegalArgumentException("perplexity needs at least 2 tokens, got " + tokens.length);
    }
    if (window < 2 || window > decoder.contextLength()) {
      throw new IllegalArgumentException("window " + window + " must be between 2 and the context length "
          + decoder.contextLength());
    }
    double nll = 0;
    int scored = 0;
    // windows overlap by one token: the last token of one window is the first (context) of the next
    for (int start = 0; start < tokens.length - 1; start += window - 1) {
      int end = Math.min(tokens.length, start + window);
      try (KvCache cache = decoder.newCache()) {
        for (int i = start; i < end - 1; i++) {
          float[] logits = decoder.forward(List.of(new DecodeStep(cache, new int[] {tokens[i]})))[0];
          nll += -logSoftmax(logits, tokens[i + 1]);
          scored++;
        }
      }
    }
    return new Result(scored, nll);
  }

  /** log p(target) under softmax(logits), in double. */
  static double logSoftmax(float[] logits, int target) {
    double max = Double.NEGATIVE_INFINITY;
    for (float l : logits) {
      max = Math.max(max, l);
    }
    double sum = 0;
    for (float l : logits) {
      sum += Math.exp(l - max);
    }
    return logits[target] - max - Math.log(sum);
  }
}
