package dev.opsmind.server.openai.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies.SnakeCaseStrategy;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * The {@code opsmind} field of a grounded answer (a chat completion's body or its last chunk
 * before the usage, or a response object): how the answer was made and what it rests on. {@code
 * content} is the final, cleaned text (only when streamed: the deltas carried the generator's raw
 * text); citation markers in it are each citation's {@code number}, while {@code source_id} is
 * the source's id in the prompt (the marker the generator wrote).
 */
public final class OpsmindProtocol {
  private OpsmindProtocol() {}

  /**
   * @param mode extractive, generated or no_answer
   * @param fallbackReason why a generator's answer fell back to the extractive one (absent otherwise)
   * @param actionTool "forced" or "auto" when the generator was offered the action tool (absent otherwise)
   * @param sources the retrieved sources in rank order, cited or not (no text)
   * @param proposedActions the runbook actions proposed with the answer (absent when none)
   */
  @JsonNaming(SnakeCaseStrategy.class)
  public record Extension(String responseId, String mode, String retrievalQuery, int sourcesRetrieved,
      int prefixCachedTokens, @JsonInclude(Include.NON_NULL) String fallbackReason,
      @JsonInclude(Include.NON_NULL) String actionTool, Relevance relevance,
      @JsonInclude(Include.NON_NULL) String content, List<Source> sources, List<Citation> citations,
      @JsonInclude(Include.NON_NULL) JsonNode proposedActions) {
    public Extension withProposedActions(JsonNode actions) {
      return new Extension(responseId, mode, retrievalQuery, sourcesRetrieved, prefixCachedTokens, fallbackReason,
          actionTool, relevance, content, sources, citations, actions);
    }
  }

  /** Whether the sources answer the question, with the measures that decided it (absent when not measured). */
  @JsonNaming(SnakeCaseStrategy.class)
  public record Relevance(boolean relevant, @JsonInclude(Include.NON_NULL) Double vectorSimilarity,
      @JsonInclude(Include.NON_NULL) Double termCoverage) {}

  /** A retrieved source: its id in the prompt, where it is, its score. */
  @JsonNaming(SnakeCaseStrategy.class)
  public record Source(int sourceId, String collection, String path, int startLine, int endLine, double score,
      @JsonInclude(Include.NON_NULL) Double vectorSimilarity) {}

  /** A cited source: its marker number in the answer, its id in the prompt, where it is and a snippet. */
  @JsonNaming(SnakeCaseStrategy.class)
  public record Citation(int number, int sourceId, String collection, String path, int startLine, int endLine,
      List<String> headingPath, String snippet, double score) {}
}
