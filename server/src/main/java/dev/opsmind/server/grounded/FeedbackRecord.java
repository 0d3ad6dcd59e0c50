package dev.opsmind.server.grounded;

import dev.opsmind.server.answer.Citation;
import java.util.List;

/**
 * One line of {@code feedback.jsonl}: the rating and the question and citations it judges, so the
 * record stands alone after a restart.
 *
 * @param time epoch milliseconds
 * @param rating as sent: -1 / +1, or 2..5 stars
 * @param weight the rating on one scale, -1 (bad) .. +1 (good)
 * @param correctSource "collection:path" or "path" the user named as the right source, or null
 */
public record FeedbackRecord(long time, String principal, String responseId, String question, String retrievalQuery,
    int rating, double weight, String comment, String correctSource, List<Citation> citations) {

  public FeedbackRecord {
    citations = citations == null ? List.of() : List.copyOf(citations);
  }

  /** -1 and +1 are thumbs; 2..5 are stars with 3 neutral (one star is sent as -1). */
  public static double weightOf(int rating) {
    return switch (rating) {
      case -1 -> -1;
      case 1 -> 1;
      case 2, 3, 4, 5 -> (rating - 3) / 2.0;
      default -> throw new IllegalArgumentException("rating must be -1 or +1 (thumbs) or 2..5 (stars), got " + rating);
    };
  }
}
