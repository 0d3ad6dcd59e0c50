/**
 * Keeping a collection of the index in step with a directory, or taking in uploaded documents.
 *
 * <p>{@link dev.opsmind.indexer.ingest.IngestRun} is the entry point: {@code IngestPlanner} compares
 * the files' content hashes with the index's manifest entries into an
 * {@link dev.opsmind.indexer.ingest.IngestPlan} (new, changed, renamed, deleted, unchanged);
 * {@link dev.opsmind.indexer.ingest.SourceChunks} turns each file into chunks (parse, chunk,
 * identify); chunks are embedded in batches (vectors of unchanged text reused) and committed
 * durably every so often, so a killed run resumes where it stopped. Progress goes to an
 * {@link dev.opsmind.indexer.ingest.IngestListener}; the outcome is an
 * {@link dev.opsmind.indexer.ingest.IngestReport} of {@link dev.opsmind.indexer.ingest.FileOutcome}s.
 */
package dev.opsmind.indexer.ingest;
