package dev.opsmind.retrieval;

import java.util.List;

/**
 * What the index knows about one source file: the manifest entry stored beside its chunks, so an
 * incremental run can tell changed files from unchanged ones and finish interrupted work.
 *
 * @param sourcePath the file's path as used in citations
 * @param sourceType kind of source ("markdown", "log", ...)
 * @param contentHash hash of the file's content when it was indexed
 * @param modifiedMillis the file's modification time (epoch milliseconds)
 * @param chunkIds ids of the chunks the file produced, in order
 * @param vectorSpaces the vector spaces (embedders) its chunks were embedded in; an index whose
 *     embedders change re-embeds the sources whose list differs
 * @param layout the index layout version the chunks were written with ("" before version 2)
 */
public record SourceManifest(
    String sourcePath, String sourceType, String contentHash, long modifiedMillis, List<String> chunkIds,
    List<String> vectorSpaces, String layout) {

  public SourceManifest {
    if (sourcePath == null || sourcePath.isBlank()) {
      throw new IllegalArgumentException("manifest sourcePath must not be blank");
    }
    if (contentHash == null || contentHash.isBlank()) {
      throw new IllegalArgumentException("manifest of " + sourcePath + ": contentHash must not be blank");
    }
    sourceType = sourceType == null || sourceType.isBlank() ? "text" : sourceType;
    chunkIds = chunkIds == null ? List.of() : List.copyOf(chunkIds);
    vectorSpaces = vectorSpaces == null ? List.of() : List.copyOf(vectorSpaces);
    layout = layout == null ? "" : layout;
  }

  /** Whether the chunks were written in the current layout with exactly {@code spaces}' vectors. */
  public boolean current(List<String> spaces) {
    return layout.equals(IndexLayout.VERSION) && new java.util.HashSet<>(vectorSpaces).equals(new java.util.HashSet<>(spaces));
  }

  /**
   * The manifest of a file whose chunks are {@code chunks}, embedded in {@code vectorSpaces}, in
   * the current layout.
   */
  public static SourceManifest of(String sourcePath, String sourceType, String contentHash, long modifiedMillis,
      List<Chunk> chunks, List<String> vectorSpaces) {
    return new SourceManifest(sourcePath, sourceType, contentHash, modifiedMillis,
        chunks.stream().map(Chunk::id).toList(), vectorSpaces, IndexLayout.VERSION);
  }
}
