package dev.opsmind.indexer.chunk;

import java.util.List;

/**
 * A chunk before embedding: the text with where it came from.
 *
 * @param headingPath document title followed by the headings above the text
 * @param startLine first source line (1-based)
 * @param endLine last source line
 * @param language "zh" or "en"
 * @param tags extra facts, e.g. {@code time_start:...}/{@code time_end:...} for log windows
 */
public record ChunkDraft(List<String> headingPath, int startLine, int endLine, String text, String language, List<String> tags) {
  public ChunkDraft {
    headingPath = List.copyOf(headingPath);
    tags = List.copyOf(tags);
  }

  /** What the embedder reads: the heading path gives a section's text its context. */
  public String embeddingText() {
    return String.join(" > ", headingPath) + "\n\n" + text;
  }
}
