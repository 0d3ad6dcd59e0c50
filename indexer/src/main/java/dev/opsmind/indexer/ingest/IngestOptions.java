package dev.opsmind.indexer.ingest;

import dev.opsmind.indexer.chunk.ChunkingOptions;
import java.util.Objects;

/**
 * How a run works.
 *
 * @param chunking how files are cut into chunks
 * @param commitEveryFiles commit after this many written sources at most
 * @param commitEveryMillis ... or once this much time has passed since the last commit: a kill
 *     loses at most this much work (never half a file)
 * @param embedBatchSize chunks per embedder call (progress is reported per call)
 */
public record IngestOptions(ChunkingOptions chunking, int commitEveryFiles, long commitEveryMillis, int embedBatchSize) {
  public static final IngestOptions DEFAULT = new IngestOptions(ChunkingOptions.DEFAULT, 200, 2_000, 32);

  public IngestOptions {
    Objects.requireNonNull(chunking, "chunking");
    if (commitEveryFiles < 1) throw new IllegalArgumentException("commitEveryFiles must be at least 1, got " + commitEveryFiles);
    if (commitEveryMillis < 0) throw new IllegalArgumentException("commitEveryMillis must not be negative, got " + commitEveryMillis);
    if (embedBatchSize < 1) throw new IllegalArgumentException("embedBatchSize must be at least 1, got " + embedBatchSize);
  }
}
