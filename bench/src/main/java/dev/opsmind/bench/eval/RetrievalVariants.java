package dev.opsmind.bench.eval;

import dev.opsmind.server.eval.EvalQuestion;
import dev.opsmind.indexer.embed.EmbedderSet;
import dev.opsmind.inference.embed.Embedder;
import dev.opsmind.retrieval.KnowledgeIndex;
import dev.opsmind.retrieval.Principal;
import dev.opsmind.retrieval.search.FieldBoosts;
import dev.opsmind.retrieval.search.HybridSearcher;
import dev.opsmind.retrieval.search.QueryVector;
import dev.opsmind.retrieval.search.SearchHit;
import dev.opsmind.retrieval.search.SearchMode;
import dev.opsmind.retrieval.search.SearchRequest;
import dev.opsmind.server.answer.RetrievalQuery;
import dev.opsmind.inference.tokenizer.ChatMessage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The retrieval decision table: on an index of the whole runbook corpus built with the default
 * embedders (bge-small-en-v1.5-q for English chunks, bge-small-zh-v1.5 for Chinese and English
 * ones: every chunk has a bge-small-zh vector), each question of the runbook set is searched the
 * way the grounded chat searches (its {@link RetrievalQuery}) under several designs that the same
 * index can answer, and recall@5 and hit@5 of distinct source files are printed per split,
 * language and kind (hit@1: the first file is an expected one):
 *
 * <ul>
 *   <li>{@code bm25}: keywords only (body, title, headings, glossary);
 *   <li>{@code bm25-body}: keywords on the body only (the layout before titles and headings);
 *   <li>{@code zh-model}: BM25 + one bilingual model for every chunk and query (the former default);
 *   <li>{@code en-model}: BM25 + the English model (English chunks only);
 *   <li>{@code pair}: BM25 + the models of the query's language, the glossary translation for the
 *       other model (the default).
 * </ul>
 *
 * <p>Usage: {@code RetrievalVariants INDEX_DIR [COLLECTION]} (the index of {@code eval-answers
 * --work DIR}: DIR/data/index). Results on stdout.
 */
public final class RetrievalVariants {
  static final int K = 5;

  public static void main(String[] args) {
    Path indexDir = Path.of(args[0]);
    String collection = args.length > 1 ? args[1] : "runbooks";
    try (Embedder en = Embedder.load("bge-small-en-v1.5-q"); Embedder zh = Embedder.load("bge-small-zh-v1.5");
        KnowledgeIndex index = KnowledgeIndex.openReadOnly(indexDir)) {
      EmbedderSet pair = new EmbedderSet(List.of(new EmbedderSet.Member(en, List.of("en")),
          new EmbedderSet.Member(zh, List.of("zh", "en"))));
      Map<String, Function<String, List<QueryVector>>> designs = new LinkedHashMap<>();
      designs.put("bm25", q -> null);
      designs.put("bm25-body", q -> null);
      designs.put("zh-model", q -> List.of(new QueryVector(zh.name(), zh.embedQuery(q), 1.0)));
      designs.put("en-model", q -> List.of(new QueryVector(en.name(), en.embedQuery(q), 1.0)));
      designs.put("pair", pair.queryEncoder()::encode);
      HybridSearcher fields = new HybridSearcher(index, null, FieldBoosts.DEFAULT);
      HybridSearcher body = new HybridSearcher(index, null, FieldBoosts.BODY_ONLY);
      // group -> design -> {sum of recall, count}
      Map<String, Map<String, double[]>> table = new LinkedHashMap<>();
      for (EvalQuestion q : EvalQuestions.runbookQuestions()) {
        List<ChatMessage> turns = q.messages();
        String text = RetrievalQuery.of(turns).text();
        for (var design : designs.entrySet()) {
          List<QueryVector> vectors = design.getValue().apply(text);
          SearchMode mode = vectors == null ? SearchMode.BM25 : SearchMode.HYBRID;
          HybridSearcher searcher = design.getKey().equals("bm25-body") ? body : fields;
          var request = new SearchRequest(text, mode, 30, dev.opsmind.retrieval.search.SearchFilter.collections(collection),
              null, vectors, false);
          List<SearchHit> hits = searcher.search(Principal.ADMIN, request).hits();
          double recall = recall(hits, q.expectedSources());
          double hit = recall > 0 ? 1 : 0;
          double first = !hits.isEmpty() && q.expectedSources().contains(hits.getFirst().citation().path()) ? 1 : 0;
          for (String group : List.of("all", q.split(), q.split() + " " + q.language(),
              q.split() + " " + q.language() + " " + q.kind())) {
            double[] acc = table.computeIfAbsent(group, g -> new LinkedHashMap<>())
                .computeIfAbsent(design.getKey(), d -> new double[4]);
            acc[0] += recall;
            acc[1] += hit;
            acc[2]++;
            acc[3] += first;
          }
        }
      }
      StringBuilder sb = new StringBuilder("| questions | n |");
      designs.keySet().forEach(d -> sb.append(' ').append(d).append(" |"));
      sb.append("\n|---|---|").append("---|".repeat(designs.size())).append('\n');
      table.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
        double n = e.getValue().values().iterator().next()[2];
        sb.append("| ").append(e.getKey()).append(" | ").append((int) n).append(" |");
        e.getValue().values().forEach(a -> sb.append(String.format(Locale.ROOT, " %.1f / %.1f / %.1f |", 100 * a[0] / a[2],
            100 * a[1] / a[2], 100 * a[3] / a[2])));
        sb.append('\n');
      });
      System.out.print("recall@" + K + " / hit@" + K + " / hit@1 (%) of distinct source files (a question's expected sources"
          + " are every copy of its runbook in the corpus)\n" + sb);
    }
  }

  static double recall(List<SearchHit> hits, List<String> expected) {
    Set<String> files = new LinkedHashSet<>();
    for (SearchHit h : hits) {
      if (files.size() == K) {
        break;
      }
      files.add(h.citation().path());
    }
    long found = expected.stream().filter(files::contains).count();
    return expected.isEmpty() ? 0 : (double) found / expected.size();
  }
}
