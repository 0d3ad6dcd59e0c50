package dev.opsmind.server.answer;

import dev.opsmind.retrieval.Principal;
import dev.opsmind.retrieval.search.Fusion;
import dev.opsmind.retrieval.search.HybridSearcher;
import dev.opsmind.retrieval.search.QueryEncoder;
import dev.opsmind.retrieval.search.QueryVector;
import dev.opsmind.retrieval.search.SearchFilter;
import dev.opsmind.retrieval.search.SearchHit;
import dev.opsmind.retrieval.search.SearchMode;
import dev.opsmind.retrieval.search.SearchRequest;
import dev.opsmind.retrieval.search.SearchResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Retrieves the passages for a {@link RetrievalQuery}: a hybrid search (BM25 over body, titles and
 * headings + one kNN list per embedder serving the query's language, fused by RRF) for the
 * ranking; each passage carries its cosine in the primary embedder's space, which the
 * {@link RelevanceGate} needs because fused scores are ranks, not relevance. Without an encoder the
 * search is BM25 only and passages carry no cosine (the gate falls back to term coverage).
 *
 * <p>Runbooks are cut into one chunk per section, and a question about a symptom often matches
 * the "Meaning" section best while the answer is under "Diagnosis" and "Mitigation" of the same
 * file. With {@code stepChunks > 0} the step sections (headings as in {@link RunbookSteps}) of the
 * top hit's source are fetched (a kNN search restricted to that file, same query vector) and placed
 * right after the top hit, in file order.
 */
public final class KnowledgeRetriever {
  private final HybridSearcher searcher;
  private final QueryEncoder encoder;
  private final Fusion fusion;

  /** {@code encoder} may be null (BM25 only). */
  public KnowledgeRetriever(HybridSearcher searcher, QueryEncoder encoder, Fusion fusion) {
    if (searcher == null) {
      throw new IllegalArgumentException("knowledge retriever needs a searcher");
    }
    this.searcher = searcher;
    this.encoder = encoder;
    this.fusion = fusion == null ? Fusion.DEFAULT : fusion;
  }

  /** The best {@code topK} passages the principal may read, best first. */
  public List<SourcePassage> retrieve(Principal principal, RetrievalQuery query, SearchFilter filter, int topK) {
    return retrieve(principal, query, filter, topK, 0);
  }

  /**
   * As {@link #retrieve(Principal, RetrievalQuery, SearchFilter, int)}, plus up to {@code stepChunks}
   * step sections of the top hit's source placed after it (vector search only).
   */
  public List<SourcePassage> retrieve(Principal principal, RetrievalQuery query, SearchFilter filter, int topK,
      int stepChunks) {
    if (stepChunks < 0) {
      throw new IllegalArgumentException("stepChunks must be >= 0, got " + stepChunks);
    }
    if (encoder == null) {
      var request = new SearchRequest(query.text(), SearchMode.BM25, topK, filter, fusion, null, true);
      return passages(searcher.search(principal, request));
    }
    List<QueryVector> vectors = encoder.encode(query.text());
    var hybrid = new SearchRequest(query.text(), SearchMode.HYBRID, topK, filter, fusion, vectors, true);
    List<SourcePassage> ranked = passages(searcher.search(principal, hybrid));
    return stepChunks == 0 || ranked.isEmpty() ? ranked : withSteps(principal, query, vectors, ranked, stepChunks);
  }

  private List<SourcePassage> withSteps(Principal principal, RetrievalQuery query, List<QueryVector> vectors,
      List<SourcePassage> ranked, int stepChunks) {
    SourcePassage top = ranked.getFirst();
    SearchFilter sameFile = SearchFilter.collections(top.collection()).withPathPrefix(top.path());
    var request = new SearchRequest(query.text(), SearchMode.VECTOR, 50, sameFile, fusion, vectors, false);
    var steps = new ArrayList<SourcePassage>();
    var result = searcher.search(principal, request);
    for (SearchHit hit : result.hits()) {
      var c = hit.citation();
      boolean stepSection = c.headingPath().stream().anyMatch(h -> RunbookSteps.STEP_HEADING.matcher(h).find());
      if (c.path().equals(top.path()) && stepSection && c.startLine() != top.startLine()) {
        steps.add(new SourcePassage(c, hit.text(), "", top.score(), hit.vectorSimilarity(), result.vectorSpace(),
            Double.NaN, ""));
      }
    }
    steps.sort(Comparator.comparingInt(SourcePassage::startLine));
    List<SourcePassage> chosen = steps.subList(0, Math.min(stepChunks, steps.size()));
    var out = new ArrayList<SourcePassage>();
    out.add(top);
    out.addAll(chosen);
    for (SourcePassage p : ranked.subList(1, ranked.size())) {
      boolean already = chosen.stream().anyMatch(s -> s.path().equals(p.path()) && s.startLine() == p.startLine()
          && s.collection().equals(p.collection()));
      if (!already) {
        out.add(p);
      }
    }
    return out;
  }

  private static List<SourcePassage> passages(SearchResult result) {
    var out = new ArrayList<SourcePassage>(result.hits().size());
    for (SearchHit hit : result.hits()) {
      out.add(new SourcePassage(hit.citation(), hit.text(), hit.snippet(), hit.score(), hit.vectorSimilarity(),
          result.vectorSpace(), hit.crossSimilarity(), hit.crossSpace()));
    }
    return out;
  }
}
