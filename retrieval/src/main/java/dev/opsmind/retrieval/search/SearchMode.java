package dev.opsmind.retrieval.search;

import java.util.Locale;

/** Which ranking a search uses. */
public enum SearchMode {
  /** Lexical: BM25 over the language-analysed text. */
  BM25,
  /** Semantic: approximate nearest neighbours of the query vector (HNSW). */
  VECTOR,
  /** Both, fused by weighted reciprocal rank. */
  HYBRID;

  /** Parses "bm25", "vector" or "hybrid" (any case). */
  public static SearchMode parse(String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException("search mode '" + text + "' is unknown: use bm25, vector or hybrid");
    }
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
