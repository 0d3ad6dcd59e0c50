package dev.opsmind.server.answer;

import java.util.List;

/**
 * A retrieved passage as the answer library sees it: where it comes from, its text, and its scores.
 * The list handed to {@link GroundedPrompt}, {@link CitationFilter} and {@link ExtractiveAnswer} is
 * ranked best first; its position + 1 is the passage's source number.
 *
 * @param startLine first line of the passage in the source file (1-based)
 * @param endLine last line (inclusive)
 * @param headingPath the Markdown headings the passage sits under, outermost first
 * @param snippet a short highlighted excerpt for display (may equal the text)
 * @param score the ranking score (fused; only its order means something)
 * @param vectorSimilarity cosine between the query and passage vectors, or {@code Double.NaN} when
 *     the passage was not scored by vector search; the relevance gate uses it
 * @param vectorSpace the embedder that cosine comes from ("" when none): cosines of different
 *     models live on different scales, so the gate's thresholds are per embedder
 * @param translatedSimilarity cosine between the passage and the question's glossary translation
 *     in {@code translatedSpace} (NaN when not measured): how a Chinese question's English runbook
 *     scores in the English model's space
 */
public record SourcePassage(
    String collection,
    String path,
    int startLine,
    int endLine,
    List<String> headingPath,
    String text,
    String snippet,
    double score,
    double vectorSimilarity,
    String vectorSpace,
    double translatedSimilarity,
    String translatedSpace) {

  public SourcePassage(String collection, String path, int startLine, int endLine, List<String> headingPath,
      String text, String snippet, double score, double vectorSimilarity) {
    this(collection, path, startLine, endLine, headingPath, text, snippet, score, vectorSimilarity, "");
  }

  public SourcePassage(String collection, String path, int startLine, int endLine, List<String> headingPath,
      String text, String snippet, double score, double vectorSimilarity, String vectorSpace) {
    this(collection, path, startLine, endLine, headingPath, text, snippet, score, vectorSimilarity, vectorSpace,
        Double.NaN, "");
  }

  public SourcePassage {
    if (path == null || path.isBlank()) {
      throw new IllegalArgumentException("source passage without a path");
    }
    if (text == null) {
      throw new IllegalArgumentException("source passage " + path + " has no text");
    }
    if (startLine < 0 || endLine < startLine) {
      throw new IllegalArgumentException("source passage " + path + ": bad line range " + startLine + "-" + endLine);
    }
    collection = collection == null ? "" : collection;
    headingPath = headingPath == null ? List.of() : List.copyOf(headingPath);
    snippet = snippet == null ? "" : snippet;
    vectorSpace = vectorSpace == null ? "" : vectorSpace;
    translatedSpace = translatedSpace == null ? "" : translatedSpace;
  }

  public boolean hasVectorSimilarity() {
    return !Double.isNaN(vectorSimilarity);
  }

  /** "Runbook > Mitigation", or "" without headings. */
  public String headingLabel() {
    return String.join(" > ", headingPath);
  }
}
