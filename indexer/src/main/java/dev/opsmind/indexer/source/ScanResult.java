package dev.opsmind.indexer.source;

import java.util.List;

/** What a scan found: the files to read (sorted by source path) and those skipped, with reasons. */
public record ScanResult(List<SourceFile> files, List<SkippedFile> skipped) {
  public ScanResult {
    files = List.copyOf(files);
    skipped = List.copyOf(skipped);
  }
}
