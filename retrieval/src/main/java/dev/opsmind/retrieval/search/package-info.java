/**
 * Searching the knowledge index: BM25, vector, or both fused.
 *
 * <p>{@link dev.opsmind.retrieval.search.HybridSearcher} runs a
 * {@link dev.opsmind.retrieval.search.SearchRequest} under a principal: {@code ChunkQueries} builds
 * the BM25 query over each language's body, title and heading fields (weighted by
 * {@link dev.opsmind.retrieval.search.FieldBoosts}, expanded across Chinese and English by the
 * {@link dev.opsmind.retrieval.search.Glossary}) and the {@link dev.opsmind.retrieval.search.SearchFilter};
 * each {@link dev.opsmind.retrieval.search.QueryVector} (made by {@link dev.opsmind.retrieval.search.QueryEncoder},
 * one per embedder) is a kNN search in its own vector space; {@link dev.opsmind.retrieval.search.Fusion}
 * weighs and fuses the ranked lists by reciprocal rank. A {@link dev.opsmind.retrieval.search.SearchResult}
 * holds {@link dev.opsmind.retrieval.search.SearchHit}s with highlighted {@code Snippets} and a
 * {@link dev.opsmind.retrieval.search.Citation} each.
 */
package dev.opsmind.retrieval.search;
