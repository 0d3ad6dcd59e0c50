package dev.opsmind.indexer.ingest;

import dev.opsmind.indexer.source.SkippedFile;
import java.util.List;

/**
 * The summary of a run.
 *
 * @param chunksWritten chunks written for added, updated and renamed sources
 * @param embeddingsComputed chunks sent to the embedder
 * @param embeddingsReused chunks whose vector was taken from the index (renames, unchanged sections)
 * @param truncated embedder inputs cut to the model's window during the run
 * @param stopped the run was asked to stop and ended early, with what it had done committed (the
 *     next run does the rest)
 */
public record IngestReport(
    String collection,
    int added,
    int updated,
    int renamed,
    int deleted,
    int unchanged,
    List<SkippedFile> skipped,
    int chunksWritten,
    int embeddingsComputed,
    int embeddingsReused,
    long truncated,
    long elapsedMillis,
    boolean stopped) {
  public IngestReport {
    skipped = List.copyOf(skipped);
  }

  /** One line: {@code added 3, updated 1, renamed 0, deleted 2, unchanged 40, skipped 1}. */
  public String summaryLine() {
    return "added %d, updated %d, renamed %d, deleted %d, unchanged %d, skipped %d%s".formatted(
        added, updated, renamed, deleted, unchanged, skipped.size(), stopped ? " (stopped early; the next run does the rest)" : "");
  }
}
