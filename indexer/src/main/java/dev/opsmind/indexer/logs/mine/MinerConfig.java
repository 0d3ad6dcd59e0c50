package dev.opsmind.indexer.logs.mine;

/**
 * The miner's settings: how many leading tokens route a line down the prefix tree, the share of
 * equal tokens a line needs to join a template, and the most children a tree node keeps before
 * new tokens go to its wildcard child, and how many templates that differ only in one word
 * make that word a variable. {@link #DEFAULT} is the one configuration used for every
 * system (the evaluation tables in bench/README.md are measured with it).
 */
public record MinerConfig(int prefixTokens, double similarity, int maxChildren, int distinctWords) {
  public static final MinerConfig DEFAULT = new MinerConfig(2, 0.5, 100, 4);

  public MinerConfig {
    if (prefixTokens < 0 || prefixTokens > 8) throw new IllegalArgumentException("prefixTokens must be 0..8: " + prefixTokens);
    if (!(similarity > 0 && similarity <= 1)) throw new IllegalArgumentException("similarity must be in (0, 1]: " + similarity);
    if (distinctWords < 2) throw new IllegalArgumentException("distinctWords must be >= 2: " + distinctWords);
    if (maxChildren < 2) throw new IllegalArgumentException("maxChildren must be >= 2: " + maxChildren);
  }
}
