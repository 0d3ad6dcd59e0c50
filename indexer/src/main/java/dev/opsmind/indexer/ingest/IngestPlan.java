package dev.opsmind.indexer.ingest;

import dev.opsmind.indexer.source.SourceFile;
import java.util.List;
import java.util.Map;

/**
 * What a run has to do, decided by comparing content hashes of the files with the index's
 * manifest entries.
 *
 * @param toWrite new or changed files (added or updated)
 * @param renames new path → old path, for files whose content is already indexed under a path
 *     that no longer exists
 * @param toDelete indexed paths with no file any more (renamed-away paths not included)
 * @param unchanged files whose content hash matches the index
 * @param bytesToProcess bytes of the files to write or rename: what the ETA is based on
 */
public record IngestPlan(
    List<SourceFile> toWrite,
    Map<SourceFile, String> renames,
    List<String> toDelete,
    List<SourceFile> unchanged,
    long bytesToProcess) {

  /** Sources the run will touch (its progress total). */
  public int workItems() {
    return toWrite.size() + renames.size() + toDelete.size();
  }
}
