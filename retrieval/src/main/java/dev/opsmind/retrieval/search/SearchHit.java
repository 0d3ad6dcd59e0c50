package dev.opsmind.retrieval.search;

import java.util.List;

/**
 * One ranked chunk.
 *
 * @param chunkId the chunk's id
 * @param citation where it comes from
 * @param score the ranking's score: BM25 score, vector similarity ((1 + cos) / 2), or fused RRF score
 * @param bm25Rank 1-based rank in the BM25 list, 0 when not in it (or not run)
 * @param vectorRank best 1-based rank in the vector lists, 0 when in none (or not run)
 * @param vectorSimilarity cosine between the chunk and the primary query vector, NaN when the chunk
 *     was not in that space's kNN list
 * @param crossSimilarity the chunk's cosine to the query's voice in the other language, NaN when
 *     there is none or the chunk was not in its kNN list: for a Chinese question's English chunk, the
 *     glossary translation in the English model's space ({@link QueryVector#translated()}; measured
 *     there on the English model's own scale, not low in the bilingual model's space); for an
 *     English question's Chinese chunk, which the primary (English) model does not read, the
 *     question in the bilingual model's space ({@link QueryVector#fullWeightLanguages()})
 * @param crossSpace the space of {@code crossSimilarity} ("" when none)
 * @param snippet the best passages with query terms in **bold**; the text's start when none match
 * @param text the whole chunk text
 */
public record SearchHit(
    String chunkId,
    Citation citation,
    double score,
    int bm25Rank,
    int vectorRank,
    double vectorSimilarity,
    String sourceType,
    String language,
    List<String> tags,
    long modifiedMillis,
    String snippet,
    String text,
    double crossSimilarity,
    String crossSpace) {}
