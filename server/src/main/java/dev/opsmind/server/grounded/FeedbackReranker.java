package dev.opsmind.server.grounded;

import dev.opsmind.server.answer.Citation;
import dev.opsmind.server.answer.RetrievalQuery;
import dev.opsmind.server.answer.SourcePassage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Re-ranks retrieved passages with past feedback on similar questions.
 *
 * <p>Each feedback record gives its sources a weight: the cited sources get the rating's weight
 * (-1..+1), the {@code correct_source} +1. For a new query, a record counts in proportion to how
 * close its retrieval query's embedding is: {@code max(0, (cos - minSimilarity) / (1 - minSimilarity))}.
 * A source file's boost is the sum over records, clipped to [-1, 1]; a passage moves up by
 * {@code boost * shift} positions (down when negative). Sources are files ({@code collection:path}),
 * not chunks, so feedback survives re-indexing. Only passages the caller's own search returned
 * are reordered: feedback never adds a source the caller may not read.
 */
public final class FeedbackReranker implements SourceReranker {
  /**
   * @param minSimilarity query cosine below which a past rating does not count
   * @param shift positions a passage moves at boost ±1
   * @param extraCandidates passages fetched beyond top_k so a boosted one can move into it
   */
  public record Params(double minSimilarity, double shift, int extraCandidates) {
    public static final Params DEFAULT = new Params(0.75, 4, 10);

    public Params {
      if (!(minSimilarity >= 0 && minSimilarity < 1)) {
        throw new IllegalArgumentException("minSimilarity must be in [0, 1), got " + minSimilarity);
      }
      if (shift < 0 || extraCandidates < 0) {
        throw new IllegalArgumentException("shift and extraCandidates must be >= 0");
      }
    }
  }

  private final FeedbackStore store;
  /** Query text to a vector in one fixed space, so any two queries compare. */
  private final Function<String, float[]> encoder;
  private final Params params;
  /** Rated queries' vectors, kept as long as the records are (they are in memory too). */
  private final Map<String, float[]> recordVectors = new ConcurrentHashMap<>();

  public FeedbackReranker(FeedbackStore store, Function<String, float[]> encoder, Params params) {
    this.store = store;
    this.encoder = encoder;
    this.params = params;
  }

  @Override
  public int extraCandidates() {
    return store.records().isEmpty() ? 0 : params.extraCandidates();
  }

  @Override
  public List<SourcePassage> rerank(RetrievalQuery query, List<SourcePassage> passages, int keep) {
    List<FeedbackRecord> records = store.records();
    if (records.isEmpty() || passages.isEmpty()) {
      return passages.subList(0, Math.min(keep, passages.size()));
    }
    Map<String, Double> boost = boosts(encoder.apply(query.text()), records);
    if (boost.isEmpty()) {
      return passages.subList(0, Math.min(keep, passages.size()));
    }
    var order = new ArrayList<Integer>();
    double[] key = new double[passages.size()];
    for (int i = 0; i < passages.size(); i++) {
      SourcePassage p = passages.get(i);
      double b = boost.getOrDefault(p.collection() + ":" + p.path(), boost.getOrDefault(p.path(), 0.0));
      key[i] = i - Math.max(-1, Math.min(1, b)) * params.shift();
      order.add(i);
    }
    order.sort(Comparator.comparingDouble(i -> key[i]));
    var out = new ArrayList<SourcePassage>();
    for (int i = 0; i < Math.min(keep, order.size()); i++) {
      out.add(passages.get(order.get(i)));
    }
    return out;
  }

  /** Source key → summed weight of the records close to {@code query}. */
  Map<String, Double> boosts(float[] query, List<FeedbackRecord> records) {
    Map<String, Double> boost = new HashMap<>();
    for (FeedbackRecord r : records) {
      float[] v = recordVectors.computeIfAbsent(r.retrievalQuery(), encoder); // one embedding per rated query
      double cos = cosine(query, v);
      double closeness = Math.max(0, (cos - params.minSimilarity()) / (1 - params.minSimilarity()));
      if (closeness == 0) {
        continue;
      }
      for (Citation c : r.citations()) {
        boost.merge(c.collection() + ":" + c.path(), closeness * r.weight(), Double::sum);
      }
      if (r.correctSource() != null) {
        boost.merge(r.correctSource(), closeness, Double::sum);
      }
    }
    return boost;
  }

  private static double cosine(float[] a, float[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
      na += a[i] * a[i];
      nb += b[i] * b[i];
    }
    return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
  }
}
