package dev.opsmind.retrieval.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Weighted reciprocal-rank fusion of two rankings of Lucene doc ids. */
public final class ReciprocalRankFusion {
  private ReciprocalRankFusion() {}

  /** One fused entry: doc id, fused score, and its 1-based ranks in each input (0 = absent). */
  public record Fused(int doc, double score, int bm25Rank, int vectorRank) {}

  /**
   * Fuses {@code bm25} and {@code vector} (doc ids, best first) and returns the best {@code topK}.
   * Ties break by the better single rank, then by doc id, so results are deterministic.
   */
  public static List<Fused> fuse(int[] bm25, int[] vector, Fusion fusion, int topK) {
    Map<Integer, double[]> acc = new LinkedHashMap<>(); // doc -> {score, bm25Rank, vectorRank}
    for (int i = 0; i < bm25.length; i++) {
      double[] a = acc.computeIfAbsent(bm25[i], d -> new double[3]);
      a[0] += fusion.bm25Weight() / (fusion.k() + i + 1);
      a[1] = i + 1;
    }
    for (int i = 0; i < vector.length; i++) {
      double[] a = acc.computeIfAbsent(vector[i], d -> new double[3]);
      a[0] += fusion.vectorWeight() / (fusion.k() + i + 1);
      a[2] = i + 1;
    }
    List<Fused> all = new ArrayList<>(acc.size());
    acc.forEach((doc, a) -> all.add(new Fused(doc, a[0], (int) a[1], (int) a[2])));
    all.sort(Comparator.comparingDouble(Fused::score).reversed()
        .thenComparingInt(ReciprocalRankFusion::bestRank)
        .thenComparingInt(Fused::doc));
    return all.subList(0, Math.min(topK, all.size()));
  }

  private static int bestRank(Fused f) {
    int a = f.bm25Rank() == 0 ? Integer.MAX_VALUE : f.bm25Rank();
    int b = f.vectorRank() == 0 ? Integer.MAX_VALUE : f.vectorRank();
    return Math.min(a, b);
  }
}
