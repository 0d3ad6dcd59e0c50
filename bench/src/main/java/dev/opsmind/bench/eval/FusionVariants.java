package dev.opsmind.bench.eval;

import dev.opsmind.indexer.embed.EmbedderSet;
import dev.opsmind.inference.embed.Embedder;
import dev.opsmind.retrieval.KnowledgeIndex;
import dev.opsmind.retrieval.Principal;
import dev.opsmind.retrieval.search.FieldBoosts;
import dev.opsmind.retrieval.search.HybridSearcher;
import dev.opsmind.retrieval.search.QueryVector;
import dev.opsmind.retrieval.search.SearchFilter;
import dev.opsmind.retrieval.search.SearchHit;
import dev.opsmind.retrieval.search.SearchMode;
import dev.opsmind.retrieval.search.SearchRequest;
import dev.opsmind.server.answer.RetrievalQuery;
import dev.opsmind.server.eval.EvalQuestion;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Fusion functions compared on the same lists: for each runbook question (its chat retrieval
 * query, the default embedder pair) the searcher's hybrid list, its BM25 list and each vector
 * space's list (100 chunks each) are taken once and fused again outside the searcher, so the
 * designs differ only in how they combine:
 *
 * <ul>
 *   <li>{@code searcher}: the hybrid list as the product returns it; {@code rrf60} the same RRF
 *       (k = 60, each space at its weight) recomputed here, {@code rrf30}, {@code rrf10} other k;
 *   <li>{@code cc.2}, {@code cc.3}: a convex combination of min-max normalised scores, BM25's share 0.2 / 0.3;
 *   <li>{@code vectors}: RRF of the vector lists alone; {@code bm25}: the BM25 list alone;
 *   <li>{@code bm25-doc.1}, {@code bm25-doc.25}: BM25 with each chunk scored as itself plus 0.1 / 0.25 of
 *       its file's other chunks in the list (a whole-document signal), and {@code rrf60-doc.1} /
 *       {@code rrf60-doc.25} that list fused with the vectors.
 * </ul>
 *
 * <p>Prints recall@5 / hit@5 / MRR@10 of distinct source files per split, language and kind.
 * Usage: {@code FusionVariants INDEX_DIR [COLLECTION]} (the index of {@code eval-answers --work DIR}: DIR/data/index).
 */
public final class FusionVariants {
  private record Space(QueryVector vector, List<SearchHit> hits) {}

  private FusionVariants() {}

  public static void main(String[] args) {
    Path indexDir = Path.of(args[0]);
    String collection = args.length > 1 ? args[1] : "runbooks";
    try (Embedder en = Embedder.load("bge-small-en-v1.5-q"); Embedder zh = Embedder.load("bge-small-zh-v1.5");
        KnowledgeIndex index = KnowledgeIndex.openReadOnly(indexDir)) {
      EmbedderSet pair = new EmbedderSet(List.of(new EmbedderSet.Member(en, List.of("en")),
          new EmbedderSet.Member(zh, List.of("zh", "en"))));
      HybridSearcher searcher = new HybridSearcher(index, null, FieldBoosts.DEFAULT);
      SearchFilter filter = SearchFilter.collections(collection);
      Map<String, Map<String, double[]>> table = new TreeMap<>();
      List<String> designs = List.of();
      for (EvalQuestion q : EvalQuestions.runbookQuestions()) {
        String text = RetrievalQuery.of(q.messages()).text();
        List<QueryVector> vectors = pair.queryEncoder().encode(text);
        List<SearchHit> hybrid = searcher.search(Principal.ADMIN,
            new SearchRequest(text, SearchMode.HYBRID, 30, filter, null, vectors, false)).hits();
        List<SearchHit> bm25 = searcher.search(Principal.ADMIN,
            new SearchRequest(text, SearchMode.BM25, 100, filter, null, vectors, false)).hits();
        List<Space> spaces = new ArrayList<>();
        for (QueryVector vector : vectors) {
          spaces.add(new Space(vector, searcher.search(Principal.ADMIN,
              new SearchRequest(text, SearchMode.VECTOR, 100, filter, null, List.of(vector), false)).hits()));
        }
        Map<String, List<String>> rankings = new LinkedHashMap<>();
        rankings.put("searcher", paths(hybrid));
        rankings.put("rrf60", rrf(bm25, spaces, 60, true));
        rankings.put("rrf30", rrf(bm25, spaces, 30, true));
        rankings.put("rrf10", rrf(bm25, spaces, 10, true));
        rankings.put("cc.2", convex(bm25, spaces, 0.2));
        rankings.put("cc.3", convex(bm25, spaces, 0.3));
        rankings.put("vectors", rrf(bm25, spaces, 60, false));
        rankings.put("bm25", paths(bm25));
        for (double share : new double[] {0.1, 0.25}) {
          String tag = String.valueOf(share).substring(1);
          List<SearchHit> documents = withDocument(bm25, share);
          rankings.put("bm25-doc" + tag, paths(documents));
          rankings.put("rrf60-doc" + tag, rrf(documents, spaces, 60, true));
        }
        designs = List.copyOf(rankings.keySet());
        for (var ranking : rankings.entrySet()) {
          List<String> files = new ArrayList<>(new LinkedHashSet<>(ranking.getValue()));
          List<String> top = files.subList(0, Math.min(5, files.size()));
          double recall = q.expectedSources().isEmpty() ? 0
              : q.expectedSources().stream().filter(top::contains).count() / (double) q.expectedSources().size();
          double reciprocal = 0;
          for (int i = 0; i < Math.min(10, files.size()); i++) {
            if (q.expectedSources().contains(files.get(i))) {
              reciprocal = 1.0 / (i + 1);
              break;
            }
          }
          for (String group : List.of("all", q.split(), q.split() + " " + q.language(), q.split() + " " + q.kind())) {
            double[] acc = table.computeIfAbsent(group, g -> new LinkedHashMap<>())
                .computeIfAbsent(ranking.getKey(), d -> new double[4]);
            acc[0] += recall;
            acc[1] += recall > 0 ? 1 : 0;
            acc[2] += reciprocal;
            acc[3]++;
          }
        }
      }
      StringBuilder out = new StringBuilder("recall@5 / hit@5 (%) / MRR@10 of distinct source files\n| questions | n |");
      designs.forEach(d -> out.append(' ').append(d).append(" |"));
      out.append("\n|---|---|").append("---|".repeat(designs.size())).append('\n');
      for (var row : table.entrySet()) {
        double n = row.getValue().values().iterator().next()[3];
        out.append("| ").append(row.getKey()).append(" | ").append((int) n).append(" |");
        row.getValue().values().forEach(a -> out.append(String.format(Locale.ROOT, " %.1f / %.1f / %.3f |",
            100 * a[0] / a[3], 100 * a[1] / a[3], a[2] / a[3])));
        out.append('\n');
      }
      System.out.print(out);
    }
  }

  private static List<String> paths(List<SearchHit> hits) {
    return hits.stream().map(h -> h.citation().path()).toList();
  }

  /** Weighted RRF over chunk ids, as the searcher fuses: each space's hit at its weight for the hit's language. */
  static List<String> rrf(List<SearchHit> bm25, List<Space> spaces, int k, boolean withBm25) {
    Map<String, Double> score = new HashMap<>();
    Map<String, String> path = new HashMap<>();
    if (withBm25) {
      for (int i = 0; i < bm25.size(); i++) {
        SearchHit h = bm25.get(i);
        score.merge(h.chunkId(), 1.0 / (k + i + 1), Double::sum);
        path.put(h.chunkId(), h.citation().path());
      }
    }
    for (Space space : spaces) {
      for (int i = 0; i < space.hits().size(); i++) {
        SearchHit h = space.hits().get(i);
        score.merge(h.chunkId(), space.vector().weightFor(h.language()) / (k + i + 1), Double::sum);
        path.put(h.chunkId(), h.citation().path());
      }
    }
    return ranked(score, path);
  }

  /** {@code share} × min-max normalised BM25 + (1 − share) × the spaces' normalised cosines, each at its weight. */
  static List<String> convex(List<SearchHit> bm25, List<Space> spaces, double share) {
    Map<String, Double> score = new HashMap<>();
    Map<String, String> path = new HashMap<>();
    addNormalised(score, path, bm25, h -> share);
    for (Space space : spaces) {
      addNormalised(score, path, space.hits(), h -> (1 - share) * space.vector().weightFor(h.language()) / spaces.size());
    }
    return ranked(score, path);
  }

  private static void addNormalised(Map<String, Double> score, Map<String, String> path, List<SearchHit> hits,
      java.util.function.ToDoubleFunction<SearchHit> weight) {
    double min = hits.stream().mapToDouble(SearchHit::score).min().orElse(0);
    double max = hits.stream().mapToDouble(SearchHit::score).max().orElse(0);
    for (SearchHit h : hits) {
      double normalised = max > min ? (h.score() - min) / (max - min) : 1;
      score.merge(h.chunkId(), weight.applyAsDouble(h) * normalised, Double::sum);
      path.put(h.chunkId(), h.citation().path());
    }
  }

  /** The BM25 list re-ordered with each chunk's score plus {@code share} of its file's other chunks' scores. */
  static List<SearchHit> withDocument(List<SearchHit> bm25, double share) {
    Map<String, Double> fileTotal = new HashMap<>();
    bm25.forEach(h -> fileTotal.merge(h.citation().path(), (double) h.score(), Double::sum));
    List<SearchHit> out = new ArrayList<>(bm25);
    out.sort(Comparator.comparingDouble((SearchHit h) ->
        h.score() + share * (fileTotal.get(h.citation().path()) - h.score())).reversed());
    return out;
  }

  private static List<String> ranked(Map<String, Double> score, Map<String, String> path) {
    return score.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
        .map(e -> path.get(e.getKey())).toList();
  }
}
