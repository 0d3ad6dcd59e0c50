/**
 * Retrieval quality measured the way the product retrieves (the {@code opsmind eval-retrieval} command).
 *
 * <p>{@link dev.opsmind.indexer.eval.BeirDataset} reads a test collection in BEIR layout;
 * {@link dev.opsmind.indexer.eval.RetrievalEvaluation} writes each document as a Markdown file,
 * indexes it with the real ingest run and embedders, searches every query in BM25, vector and
 * hybrid mode, and scores the rankings with {@link dev.opsmind.indexer.eval.RetrievalMetrics}
 * (nDCG@10, recall@5/10/100, MRR@10). It lives in the indexer because it indexes through the
 * chunker; log-parsing and anomaly evaluation is {@code indexer.logs.eval}, answer evaluation is
 * in the server ({@code eval-answers}) and bench ({@code bench.eval}).
 */
package dev.opsmind.indexer.eval;
