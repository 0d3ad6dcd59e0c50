package dev.opsmind.indexer.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The standard ranking metrics, averaged over queries: nDCG@10 (linear gains, as BEIR's
 * pytrec_eval), recall@5/10/100, and MRR@10.
 */
public record RetrievalMetrics(double ndcg10, double recall5, double recall10, double recall100, double mrr10, int queries) {

  /** Metrics of one query: {@code ranked} doc ids best first, {@code relevant} doc id → grade > 0. */
  public static RetrievalMetrics ofQuery(List<String> ranked, Map<String, Integer> relevant) {
    double dcg = 0;
    double mrr = 0;
    for (int i = 0; i < Math.min(10, ranked.size()); i++) {
      int grade = relevant.getOrDefault(ranked.get(i), 0);
      dcg += grade / log2(i + 2);
      if (grade > 0 && mrr == 0) {
        mrr = 1.0 / (i + 1);
      }
    }
    List<Integer> ideal = new ArrayList<>(relevant.values());
    ideal.sort((a, b) -> b - a);
    double idcg = 0;
    for (int i = 0; i < Math.min(10, ideal.size()); i++) {
      idcg += ideal.get(i) / log2(i + 2);
    }
    return new RetrievalMetrics(idcg == 0 ? 0 : dcg / idcg, recall(ranked, relevant, 5), recall(ranked, relevant, 10),
        recall(ranked, relevant, 100), mrr, 1);
  }

  /** The mean of per-query metrics. */
  public static RetrievalMetrics mean(List<RetrievalMetrics> perQuery) {
    int n = perQuery.size();
    if (n == 0) {
      return new RetrievalMetrics(0, 0, 0, 0, 0, 0);
    }
    double[] s = new double[5];
    for (RetrievalMetrics m : perQuery) {
      s[0] += m.ndcg10;
      s[1] += m.recall5;
      s[2] += m.recall10;
      s[3] += m.recall100;
      s[4] += m.mrr10;
    }
    return new RetrievalMetrics(s[0] / n, s[1] / n, s[2] / n, s[3] / n, s[4] / n, n);
  }

  private static double recall(List<String> ranked, Map<String, Integer> relevant, int k) {
    if (relevant.isEmpty()) {
      return 0;
    }
    int found = 0;
    for (int i = 0; i < Math.min(k, ranked.size()); i++) {
      if (relevant.containsKey(ranked.get(i))) {
        found++;
      }
    }
    return (double) found / relevant.size();
  }

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }
}
