/**
 * Anomaly detection over a window of records. {@link dev.opsmind.indexer.logs.detect.LogAnalysis}
 * takes records one by one (mining each, keeping {@link dev.opsmind.indexer.logs.detect.TemplateStats},
 * sessions and the first error's context) and {@code finish()}es into an
 * {@link dev.opsmind.indexer.logs.detect.AnalysisResult}: templates new against a
 * {@link dev.opsmind.indexer.logs.detect.Baseline}, error templates
 * ({@link dev.opsmind.indexer.logs.detect.ErrorLines}), bursts, and sessions
 * ({@link dev.opsmind.indexer.logs.detect.SessionKeys}) judged by
 * {@link dev.opsmind.indexer.logs.detect.SessionVerdicts}: they break count
 * {@link dev.opsmind.indexer.logs.detect.Invariants}, their template counts leave the normal
 * subspace of {@link dev.opsmind.indexer.logs.detect.PcaDetector PCA}, or they hold an anomalous
 * template. Lines are cited as
 * {@link dev.opsmind.indexer.logs.detect.LineRef}s ({@code source:line}).
 */
package dev.opsmind.indexer.logs.detect;
