package dev.opsmind.indexer.chunk;

/**
 * How documents are cut into chunks.
 *
 * @param maxTokens size cap of a chunk in estimated embedder tokens (the embedders here read 512;
 *     the heading path is prepended when embedding, so stay below)
 * @param overlapTokens how much of the end of a chunk is repeated at the start of the next one
 *     when a section is cut
 * @param mergeBelowTokens a section smaller than this is merged with the sections after it (into
 *     one chunk under their common heading path) while the merged text stays under the cap; 0
 *     keeps every section its own chunk
 * @param logWindowLines lines per log chunk
 * @param logOverlapLines lines shared by consecutive log chunks
 */
public record ChunkingOptions(int maxTokens, int overlapTokens, int mergeBelowTokens, int logWindowLines, int logOverlapLines) {
  public static final ChunkingOptions DEFAULT = new ChunkingOptions(360, 48, 120, 30, 3);

  public ChunkingOptions {
    if (maxTokens < 16) throw new IllegalArgumentException("maxTokens must be at least 16, got " + maxTokens);
    if (overlapTokens < 0 || overlapTokens >= maxTokens / 2) {
      throw new IllegalArgumentException("overlapTokens must be in [0, maxTokens/2), got " + overlapTokens);
    }
    if (mergeBelowTokens < 0 || mergeBelowTokens > maxTokens) {
      throw new IllegalArgumentException("mergeBelowTokens must be in [0, maxTokens], got " + mergeBelowTokens);
    }
    if (logWindowLines < 1) throw new IllegalArgumentException("logWindowLines must be at least 1, got " + logWindowLines);
    if (logOverlapLines < 0 || logOverlapLines >= logWindowLines) {
      throw new IllegalArgumentException("logOverlapLines must be in [0, logWindowLines), got " + logOverlapLines);
    }
  }

  /** A fingerprint of the options: a change means stored chunks are stale. */
  public String fingerprint() {
    return maxTokens + "/" + overlapTokens + "/" + mergeBelowTokens + "/" + logWindowLines + "/" + logOverlapLines;
  }
}
