package dev.opsmind.retrieval;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One retrievable piece of a source file, as stored in the index.
 *
 * @param id unique across the index (e.g. collection + path + ordinal, or a hash)
 * @param collection the collection it belongs to
 * @param sourcePath the source file's path as shown in citations
 * @param sourceType kind of source, e.g. "markdown", "log", "pdf", "html"
 * @param startLine first line of the chunk in the source, 1-based
 * @param endLine last line, inclusive
 * @param headingPath headings above the chunk, outermost first (empty when none)
 * @param language "en" or "zh" (chooses the text analyser); null or blank: detected from the text
 * @param contentHash hash of the whole source file's content this chunk came from
 * @param modifiedMillis the source's modification time (epoch milliseconds)
 * @param tags free labels for filtering (empty when none)
 * @param text the chunk's text
 * @param vectors its L2-normalised embeddings by vector space (embedder) name; empty for a
 *     text-only chunk
 */
public record Chunk(
    String id,
    String collection,
    String sourcePath,
    String sourceType,
    int startLine,
    int endLine,
    List<String> headingPath,
    String language,
    String contentHash,
    long modifiedMillis,
    List<String> tags,
    String text,
    Map<String, float[]> vectors) {

  public Chunk {
    requireText(id, "id");
    requireText(collection, "collection");
    requireText(sourcePath, "sourcePath");
    sourceType = sourceType == null || sourceType.isBlank() ? "text" : sourceType;
    if (startLine < 1 || endLine < startLine) {
      throw new IllegalArgumentException("chunk " + id + ": line range " + startLine + "-" + endLine
          + " is invalid (needs 1 <= startLine <= endLine)");
    }
    headingPath = headingPath == null ? List.of() : List.copyOf(headingPath);
    tags = tags == null ? List.of() : List.copyOf(tags);
    if (text == null) {
      throw new IllegalArgumentException("chunk " + id + ": text must not be null");
    }
    language = language == null || language.isBlank() ? Languages.detect(text) : Languages.check(language);
    contentHash = contentHash == null ? "" : contentHash;
    vectors = vectors == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(vectors));
  }

  /** The vector of one space, or null when the chunk has none there. */
  public float[] vector(String space) {
    return vectors.get(space);
  }

  private static void requireText(String value, String field) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("chunk " + field + " must not be blank");
    }
  }

  /** A copy carrying the given vectors (the indexer embeds after chunking). */
  public Chunk withVectors(Map<String, float[]> newVectors) {
    return new Chunk(id, collection, sourcePath, sourceType, startLine, endLine, headingPath,
        language, contentHash, modifiedMillis, tags, text, newVectors);
  }

  /** The title: the first entry of the heading path (parsers put the document title there). */
  public String title() {
    return headingPath.isEmpty() ? "" : headingPath.get(0);
  }
}
