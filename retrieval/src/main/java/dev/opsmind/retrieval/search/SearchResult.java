package dev.opsmind.retrieval.search;

import java.util.List;

/** The hits of one search, best first, with the language detected in the query. */
public record SearchResult(List<SearchHit> hits, SearchMode mode, String queryLanguage) {}
