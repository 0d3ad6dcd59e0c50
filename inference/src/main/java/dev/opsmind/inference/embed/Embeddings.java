package dev.opsmind.inference.embed;

/**
 * The vectors of one batch with what each input cost, for usage accounting.
 *
 * @param vectors one L2-normalised vector per input, in input order
 * @param tokenCounts tokens fed to the model per input ([CLS]/[SEP] included, after truncation)
 * @param truncated per input, whether it was cut to the model's longest input
 */
public record Embeddings(float[][] vectors, int[] tokenCounts, boolean[] truncated) {

  /** Tokens of the whole batch. */
  public long totalTokens() {
    long total = 0;
    for (int count : tokenCounts) {
      total += count;
    }
    return total;
  }
}
