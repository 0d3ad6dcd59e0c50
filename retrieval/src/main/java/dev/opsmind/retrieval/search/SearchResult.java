package dev.opsmind.retrieval.search;

import java.util.List;

/**
 * The hits of one search, best first, with the language detected in the query and the primary
 * vector space (the one each hit's {@link SearchHit#vectorSimilarity()} is measured in; "" when
 * no vector search ran).
 */
public record SearchResult(List<SearchHit> hits, SearchMode mode, String queryLanguage, String vectorSpace) {
  public SearchResult(List<SearchHit> hits, SearchMode mode, String queryLanguage) {
    this(hits, mode, queryLanguage, "");
  }
}
