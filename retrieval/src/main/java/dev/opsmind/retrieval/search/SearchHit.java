package dev.opsmind.retrieval.search;

import java.util.List;

/**
 * One ranked chunk.
 *
 * @param chunkId the chunk's id
 * @param citation where it comes from
 * @param score the ranking's score: BM25 score, vector similarity ((1 + cos) / 2), or fused RRF score
 * @param bm25Rank 1-based rank in the BM25 list, 0 when not in it (or not run)
 * @param vectorRank 1-based rank in the vector list, 0 when not in it (or not run)
 * @param snippet the best passages with query terms in **bold**; the text's start when none match
 * @param text the whole chunk text
 */
public record SearchHit(
    String chunkId,
    Citation citation,
    double score,
    int bm25Rank,
    int vectorRank,
    String sourceType,
    String language,
    List<String> tags,
    long modifiedMillis,
    String snippet,
    String text) {}
