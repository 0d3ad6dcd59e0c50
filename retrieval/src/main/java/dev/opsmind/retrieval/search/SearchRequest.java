package dev.opsmind.retrieval.search;

import java.util.List;

/**
 * One search.
 *
 * @param query the user's text (required: BM25 scores it and snippets highlight it)
 * @param mode BM25, vector or hybrid
 * @param topK how many hits to return, 1..1000
 * @param filter conditions every hit meets
 * @param fusion hybrid fusion parameters
 * @param queryVectors the query's embeddings when the caller has them already; null: the
 *     searcher's query encoder computes them (only needed for vector and hybrid)
 * @param snippets whether to build highlighted snippets (evaluation turns them off)
 */
public record SearchRequest(
    String query, SearchMode mode, int topK, SearchFilter filter, Fusion fusion, List<QueryVector> queryVectors, boolean snippets) {
  public static final int MAX_TOP_K = 1000;

  public SearchRequest {
    if (query == null || query.isBlank()) {
      throw new IllegalArgumentException("search query must not be blank");
    }
    mode = mode == null ? SearchMode.HYBRID : mode;
    if (topK < 1 || topK > MAX_TOP_K) {
      throw new IllegalArgumentException("top-k must be in 1.." + MAX_TOP_K + ", got " + topK);
    }
    filter = filter == null ? SearchFilter.NONE : filter;
    fusion = fusion == null ? Fusion.DEFAULT : fusion;
    queryVectors = queryVectors == null ? null : List.copyOf(queryVectors);
  }

  /** A hybrid search over everything the principal may read, with snippets. */
  public static SearchRequest of(String query, SearchMode mode, int topK) {
    return new SearchRequest(query, mode, topK, SearchFilter.NONE, Fusion.DEFAULT, null, true);
  }

  public SearchRequest withFilter(SearchFilter newFilter) {
    return new SearchRequest(query, mode, topK, newFilter, fusion, queryVectors, snippets);
  }

  public SearchRequest withFusion(Fusion newFusion) {
    return new SearchRequest(query, mode, topK, filter, newFusion, queryVectors, snippets);
  }

  public SearchRequest withQueryVectors(List<QueryVector> vectors, boolean withSnippets) {
    return new SearchRequest(query, mode, topK, filter, fusion, vectors, withSnippets);
  }
}
