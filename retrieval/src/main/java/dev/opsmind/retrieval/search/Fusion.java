package dev.opsmind.retrieval.search;

/**
 * Weighted reciprocal-rank fusion: a chunk scores {@code sum over methods of weight / (k + rank)}
 * (rank 1-based; absent from a method's list: no contribution). Each method contributes its top
 * {@code candidates}.
 *
 * @param k damping constant; larger flattens the advantage of the very top ranks (60 in the RRF paper)
 * @param bm25Weight weight of the BM25 ranking
 * @param vectorWeight weight of the vector ranking
 * @param candidates how deep each method's ranking goes into the fusion
 */
public record Fusion(int k, double bm25Weight, double vectorWeight, int candidates) {
  /** Equal weights, k = 60 (Cormack et al. 2009), 100 candidates per method. */
  public static final Fusion DEFAULT = new Fusion(60, 1.0, 1.0, 100);

  public Fusion {
    if (k < 0) {
      throw new IllegalArgumentException("fusion k must be >= 0, got " + k);
    }
    if (bm25Weight < 0 || vectorWeight < 0 || bm25Weight + vectorWeight == 0) {
      throw new IllegalArgumentException("fusion weights must be >= 0 and not both 0, got bm25 " + bm25Weight
          + ", vector " + vectorWeight);
    }
    if (candidates < 1 || candidates > 10_000) {
      throw new IllegalArgumentException("fusion candidates must be in 1..10000, got " + candidates);
    }
  }
}
