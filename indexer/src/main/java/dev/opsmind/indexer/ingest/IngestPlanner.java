package dev.opsmind.indexer.ingest;

import dev.opsmind.indexer.source.ContentHash;
import dev.opsmind.indexer.source.SkippedFile;
import dev.opsmind.indexer.source.SourceFile;
import dev.opsmind.retrieval.SourceManifest;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Decides what a directory run must do by comparing files' content hashes with the manifest. */
final class IngestPlanner {
  /** Files are read whole (hash, parse): larger ones are skipped rather than risk the heap. */
  static final long MAX_FILE_BYTES = 256L << 20;

  private IngestPlanner() {}

  /**
   * @param files the scanned files
   * @param manifests the collection's committed manifest entries by path
   * @param spaces the vector spaces every source must be embedded in: a source whose manifest
   *     names others (an embedder was added, removed or replaced) or an older layout is written again
   * @param skipped receives files that cannot even be read for hashing
   */
  static IngestPlan plan(List<SourceFile> files, Map<String, SourceManifest> manifests, List<String> spaces,
      List<SkippedFile> skipped) {
    Map<SourceFile, String> hashes = new LinkedHashMap<>();
    for (SourceFile file : files) {
      if (file.size() > MAX_FILE_BYTES) {
        skipped.add(new SkippedFile(file.sourcePath(),
            "too large (" + (file.size() >> 20) + " MiB; the limit is " + (MAX_FILE_BYTES >> 20) + " MiB)"));
        continue;
      }
      try {
        hashes.put(file, ContentHash.of(Files.readAllBytes(file.file())));
      } catch (IOException e) {
        skipped.add(new SkippedFile(file.sourcePath(), "unreadable: " + e.getMessage()));
      }
    }
    Set<String> present = new HashSet<>();
    for (SourceFile file : files) present.add(file.sourcePath());
    // Skipped files keep their indexed state: a file that turned unreadable is not deleted.
    for (SkippedFile s : skipped) present.add(s.sourcePath());

    // Content indexed under a path that is gone: a new file with that content is a rename.
    Map<String, List<String>> vanishedByHash = new HashMap<>();
    for (SourceManifest m : manifests.values()) {
      if (!present.contains(m.sourcePath())) {
        vanishedByHash.computeIfAbsent(m.contentHash(), h -> new ArrayList<>()).add(m.sourcePath());
      }
    }
    List<SourceFile> toWrite = new ArrayList<>();
    Map<SourceFile, String> renames = new LinkedHashMap<>();
    List<SourceFile> unchanged = new ArrayList<>();
    Set<String> renamedAway = new HashSet<>();
    long bytes = 0;
    for (var e : hashes.entrySet()) {
      SourceFile file = e.getKey();
      SourceManifest m = manifests.get(file.sourcePath());
      if (m != null && m.contentHash().equals(e.getValue()) && m.current(spaces)) {
        unchanged.add(file);
        continue;
      }
      List<String> candidates = m == null ? vanishedByHash.get(e.getValue()) : null;
      if (candidates != null && !candidates.isEmpty()) {
        String old = candidates.remove(0);
        renames.put(file, old);
        renamedAway.add(old);
      } else {
        toWrite.add(file);
      }
      bytes += file.size();
    }
    List<String> toDelete = new ArrayList<>();
    for (SourceManifest m : manifests.values()) {
      if (!present.contains(m.sourcePath()) && !renamedAway.contains(m.sourcePath())) toDelete.add(m.sourcePath());
    }
    return new IngestPlan(toWrite, renames, toDelete, unchanged, bytes);
  }
}
