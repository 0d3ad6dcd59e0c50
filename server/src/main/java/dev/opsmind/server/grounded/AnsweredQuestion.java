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
 * @param principal who asked: only they may rate it
 */
public record AnsweredQuestion(String responseId, String question, String retrievalQuery, List<Citation> citations,
    String principal) {
  public AnsweredQuestion {
    citations = List.copyOf(citations);
  }

  /** Characters held in memory for this reply (the store's byte cap counts these). */
  long chars() {
    long n = responseId.length() + question.length() + retrievalQuery.length();
    for (Citation c : citations) {
      n += c.path().length() + c.collection().length() + (c.snippet() == null ? 0 : c.snippet().length()) + 64;
    }
    return n;
  }
}
