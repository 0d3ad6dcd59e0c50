package dev.opsmind.server.grounded;

import dev.opsmind.server.answer.Citation;
import java.util.List;

/**
 * A grounded reply as feedback later refers to it.
 *
 * @param responseId the reply's id ({@code chatcmpl-…}), which feedback names
 * @param question the last user turn
 * @param retrievalQuery the text that was searched
 * @param citations the sources the answer cited
 */
public record AnsweredQuestion(String responseId, String question, String retrievalQuery, List<Citation> citations) {
  public AnsweredQuestion {
    citations = List.copyOf(citations);
  }
}
