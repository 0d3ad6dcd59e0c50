/**
 * Measuring the engine on Loghub's labelled logs. {@link dev.opsmind.indexer.logs.eval.LoghubEvaluation}
 * mines each system of a Loghub-layout folder with the default miner (its header format from
 * {@link dev.opsmind.indexer.logs.eval.LoghubFormats} being the only per-system input) and scores
 * it with {@link dev.opsmind.indexer.logs.eval.ParseMetrics} (GA, FGA, PA, FTA);
 * {@link dev.opsmind.indexer.logs.eval.AnomalyEvaluation} scores detection against block and line
 * labels ({@link dev.opsmind.indexer.logs.eval.DetectionScore}), each detector alone and together,
 * beside the bound of any detector of HDFS sessions' template counts.
 */
package dev.opsmind.indexer.logs.eval;
