package dev.opsmind.retrieval.eval;

import dev.opsmind.retrieval.Chunk;
import dev.opsmind.retrieval.KnowledgeIndex;
import dev.opsmind.retrieval.Principal;
import dev.opsmind.retrieval.SourceManifest;
import dev.opsmind.retrieval.search.Fusion;
import dev.opsmind.retrieval.search.HybridSearcher;
import dev.opsmind.retrieval.search.QueryEncoder;
import dev.opsmind.retrieval.search.SearchHit;
import dev.opsmind.retrieval.search.SearchMode;
import dev.opsmind.retrieval.search.SearchRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Indexes a BEIR corpus (one chunk per document, embedded in batches) and scores BM25, vector and
 * hybrid retrieval against its qrels. An index left in the work folder by an earlier run with the
 * same embedder and corpus size is reused, so fusion settings can be compared without re-embedding.
 */
public final class RetrievalEvaluation {
  static final String COLLECTION = "eval";
  static final int EMBED_BATCH = 64;
  static final int DEPTH = 100;

  private RetrievalEvaluation() {}

  /** Metrics per mode, in the order bm25, vector, hybrid. */
  public record Report(Map<SearchMode, RetrievalMetrics> byMode, Fusion fusion, long truncatedDocs) {
    /** A plain-text table, one row per mode. */
    public String table() {
      StringBuilder sb = new StringBuilder();
      sb.append(String.format(Locale.ROOT, "%-8s %8s %9s %10s %11s %7s%n", "mode", "nDCG@10", "recall@5",
          "recall@10", "recall@100", "MRR@10"));
      byMode.forEach((mode, m) -> sb.append(String.format(Locale.ROOT, "%-8s %8.4f %9.4f %10.4f %11.4f %7.4f%n",
          mode.label(), m.ndcg10(), m.recall5(), m.recall10(), m.recall100(), m.mrr10())));
      return sb.toString();
    }
  }

  /**
   * @param embedDocuments texts → unit vectors (the embedder's embed)
   * @param embedQuery query → unit vector (the embedder's embedQuery)
   * @param truncatedCount how many inputs the embedder truncated so far (for the report)
   */
  public static Report run(BeirDataset data, Path workDir, int dimension, String embedderName,
      Function<List<String>, float[][]> embedDocuments, QueryEncoder embedQuery,
      java.util.function.LongSupplier truncatedCount, Fusion fusion, Consumer<String> progress) {
    try (KnowledgeIndex index = KnowledgeIndex.open(workDir, dimension, embedderName)) {
      long have = index.chunkCount(COLLECTION);
      if (have == data.corpus().size()) {
        progress.accept("reusing the index in " + workDir + " (" + have + " documents embedded with " + embedderName + ")");
      } else {
        if (index.collection(COLLECTION).isPresent()) {
          index.deleteCollection(COLLECTION);
        }
        build(index, data, embedDocuments, progress);
      }
      HybridSearcher searcher = new HybridSearcher(index, embedQuery);
      Map<SearchMode, List<RetrievalMetrics>> perMode = new EnumMap<>(SearchMode.class);
      int done = 0;
      for (Map.Entry<String, Map<String, Integer>> q : data.qrels().entrySet()) {
        String text = data.queries().get(q.getKey());
        float[] vector = embedQuery.encode(text);
        for (SearchMode mode : SearchMode.values()) {
          SearchRequest request = new SearchRequest(text, mode, DEPTH, null, fusion, vector, false);
          List<String> ranked = searcher.search(Principal.ADMIN, request).hits().stream()
              .map(SearchHit::chunkId).toList();
          perMode.computeIfAbsent(mode, m -> new ArrayList<>()).add(RetrievalMetrics.ofQuery(ranked, q.getValue()));
        }
        if (++done % 50 == 0) {
          progress.accept("queried " + done + "/" + data.qrels().size());
        }
      }
      Map<SearchMode, RetrievalMetrics> byMode = new EnumMap<>(SearchMode.class);
      perMode.forEach((mode, list) -> byMode.put(mode, RetrievalMetrics.mean(list)));
      return new Report(byMode, fusion, truncatedCount.getAsLong());
    }
  }

  private static void build(KnowledgeIndex index, BeirDataset data, Function<List<String>, float[][]> embed,
      Consumer<String> progress) {
    List<BeirDataset.Document> docs = new ArrayList<>(data.corpus().values());
    long start = System.nanoTime();
    for (int from = 0; from < docs.size(); from += EMBED_BATCH) {
      List<BeirDataset.Document> batch = docs.subList(from, Math.min(docs.size(), from + EMBED_BATCH));
      float[][] vectors = embed.apply(batch.stream().map(BeirDataset.Document::fullText).toList());
      for (int i = 0; i < batch.size(); i++) {
        BeirDataset.Document d = batch.get(i);
        Chunk chunk = new Chunk(d.id(), COLLECTION, d.id(), "text", 1, 1, List.of(d.title()), "en", "", 0L,
            List.of(), d.fullText(), vectors[i]);
        index.replaceSource(COLLECTION, d.id(), SourceManifest.of(d.id(), "text", Integer.toHexString(d.fullText().hashCode()), 0L, List.of(chunk)), List.of(chunk));
      }
      int done = from + batch.size();
      double seconds = (System.nanoTime() - start) / 1e9;
      progress.accept(String.format(Locale.ROOT, "embedded %d/%d documents (%.1f docs/s)", done, docs.size(),
          done / Math.max(seconds, 1e-9)));
    }
    index.commit();
  }
}
