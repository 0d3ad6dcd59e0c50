package dev.opsmind.server.answer;

import dev.opsmind.retrieval.search.Citation;
import java.util.List;

/**
 * A retrieved passage as the answer library sees it: where it comes from ({@code source}, retrieval's
 * {@link Citation} of the search hit), its text, and its scores.
 * The list handed to {@link GroundedPrompt}, {@link CitationFilter} and {@link ExtractiveAnswer} is
 * ranked best first; its position + 1 is the passage's source number.
 *
 * @param source collection, path, first and last line (1-based, inclusive) and the Markdown
 *     headings the passage sits under, outermost first
 * @param snippet a short highlighted excerpt for display (may equal the text)
 * @param score the ranking score (fused; only its order means something)
 * @param vectorSimilarity cosine between the query and passage vectors, or {@code Double.NaN} when
 *     the passage was not scored by vector search; the relevance gate uses it
 * @param vectorSpace the embedder that cosine comes from ("" when none): cosines of different
 *     models live on different scales, so the gate's thresholds are per embedder
 * @param crossSimilarity cosine between the passage and the question's glossary translation
 *     in {@code crossSpace} (NaN when not measured): how a Chinese question's English runbook
 *     scores in the English model's space
 */
public record SourcePassage(
    Citation source,
    String text,
    String snippet,
    double score,
    double vectorSimilarity,
    String vectorSpace,
    double crossSimilarity,
    String crossSpace) {

  public SourcePassage(String collection, String path, int startLine, int endLine, List<String> headingPath,
      String text, String snippet, double score, double vectorSimilarity) {
    this(collection, path, startLine, endLine, headingPath, text, snippet, score, vectorSimilarity, "");
  }

  public SourcePassage(String collection, String path, int startLine, int endLine, List<String> headingPath,
      String text, String snippet, double score, double vectorSimilarity, String vectorSpace) {
    this(collection, path, startLine, endLine, headingPath, text, snippet, score, vectorSimilarity, vectorSpace,
        Double.NaN, "");
  }

  public SourcePassage(String collection, String path, int startLine, int endLine, List<String> headingPath,
      String text, String snippet, double score, double vectorSimilarity, String vectorSpace,
      double crossSimilarity, String crossSpace) {
    this(new Citation(collection == null ? "" : collection, path, startLine, endLine,
        headingPath == null ? List.of() : headingPath), text, snippet, score, vectorSimilarity, vectorSpace,
        crossSimilarity, crossSpace);
  }

  public SourcePassage {
    String path = source.path();
    if (path == null || path.isBlank()) {
      throw new IllegalArgumentException("source passage without a path");
    }
    if (text == null) {
      throw new IllegalArgumentException("source passage " + path + " has no text");
    }
    if (source.startLine() < 0 || source.endLine() < source.startLine()) {
      throw new IllegalArgumentException("source passage " + path + ": bad line range " + source.startLine() + "-"
          + source.endLine());
    }
    if (source.collection() == null) {
      source = new Citation("", path, source.startLine(), source.endLine(), source.headingPath());
    }
    snippet = snippet == null ? "" : snippet;
    vectorSpace = vectorSpace == null ? "" : vectorSpace;
    crossSpace = crossSpace == null ? "" : crossSpace;
  }

  public String collection() {
    return source.collection();
  }

  public String path() {
    return source.path();
  }

  public int startLine() {
    return source.startLine();
  }

  public int endLine() {
    return source.endLine();
  }

  public List<String> headingPath() {
    return source.headingPath();
  }

  public boolean hasVectorSimilarity() {
    return !Double.isNaN(vectorSimilarity);
  }

  /** "Runbook > Mitigation", or "" without headings. */
  public String headingLabel() {
    return String.join(" > ", source.headingPath());
  }
}
