package dev.opsmind.retrieval.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Weighted reciprocal-rank fusion of rankings of Lucene doc ids: one BM25 ranking, any number of vector ones. */
public final class ReciprocalRankFusion {
  /**
   * Several vector rankings count as one: a chunk scores its best vector contribution, not their
   * sum, because a chunk is only in the spaces of the models serving its language (an English
   * chunk in two spaces, a Chinese one in one) and a sum would favour the language with more models.
   */
  static final boolean VECTOR_SUM = Boolean.getBoolean("opsmind.fusion.vectorSum");

  private ReciprocalRankFusion() {}

  /** One fused entry: doc id, fused score, and its 1-based ranks (0 = absent; vector: the best of the lists). */
  public record Fused(int doc, double score, int bm25Rank, int vectorRank) {}

  /**
   * One input ranking: doc ids best first, its weight, whether it is the lexical one, and
   * optionally a weight per position (null: {@code weight} for all).
   */
  public record Ranking(int[] docs, double weight, boolean lexical, double[] weights) {
    public Ranking(int[] docs, double weight, boolean lexical) {
      this(docs, weight, lexical, null);
    }

    public Ranking {
      if (weights != null && weights.length != docs.length) {
        throw new IllegalArgumentException(weights.length + " weights for " + docs.length + " docs");
      }
    }

    double weightAt(int position) {
      return weights == null ? weight : weights[position];
    }
  }

  /** Two rankings, BM25 and one vector list, with the fusion's weights. */
  public static List<Fused> fuse(int[] bm25, int[] vector, Fusion fusion, int topK) {
    return fuse(List.of(new Ranking(bm25, fusion.bm25Weight(), true), new Ranking(vector, fusion.vectorWeight(), false)),
        fusion.k(), topK);
  }

  /**
   * Fuses the rankings and returns the best {@code topK}: a doc scores the sum over rankings of
   * {@code weight / (k + rank)}. Ties break by the better single rank, then by doc id, so results
   * are deterministic.
   */
  public static List<Fused> fuse(List<Ranking> rankings, int k, int topK) {
    // doc -> {lexical score, best vector score, bm25Rank, vectorRank}
    Map<Integer, double[]> acc = new LinkedHashMap<>();
    for (Ranking r : rankings) {
      for (int i = 0; i < r.docs().length; i++) {
        double[] a = acc.computeIfAbsent(r.docs()[i], d -> new double[4]);
        double s = r.weightAt(i) / (k + i + 1);
        if (r.lexical()) {
          a[0] += s;
        } else if (VECTOR_SUM) {
          a[1] += s;
        } else {
          a[1] = Math.max(a[1], s);
        }
        int slot = r.lexical() ? 2 : 3;
        if (a[slot] == 0 || a[slot] > i + 1) {
          a[slot] = i + 1;
        }
      }
    }
    List<Fused> all = new ArrayList<>(acc.size());
    acc.forEach((doc, a) -> all.add(new Fused(doc, a[0] + a[1], (int) a[2], (int) a[3])));
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
