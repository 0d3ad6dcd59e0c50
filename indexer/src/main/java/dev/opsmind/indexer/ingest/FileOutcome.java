package dev.opsmind.indexer.ingest;

/**
 * What happened to one source in a run.
 *
 * @param sourcePath the source (for RENAMED, the new path)
 * @param kind what was done
 * @param chunks chunks the source has now (0 for DELETED and SKIPPED)
 * @param embedded chunks that needed the embedder (the rest reused stored vectors)
 * @param bytes the file's size
 * @param detail the old path of a rename, or the reason a file was skipped; else ""
 */
public record FileOutcome(String sourcePath, Kind kind, int chunks, int embedded, long bytes, String detail) {
  public enum Kind { ADDED, UPDATED, RENAMED, UNCHANGED, DELETED, SKIPPED }
}
