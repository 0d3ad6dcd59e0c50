/**
 * Showing an ingest run's progress to a person: {@link dev.opsmind.indexer.progress.ProgressPrinter}
 * is an {@link dev.opsmind.indexer.ingest.IngestListener} that redraws a bar on a terminal or
 * prints a line every few seconds elsewhere.
 */
package dev.opsmind.indexer.progress;
