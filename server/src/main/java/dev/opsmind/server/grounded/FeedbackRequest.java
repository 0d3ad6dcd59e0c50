package dev.opsmind.server.grounded;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opsmind.server.http.Fields;
import dev.opsmind.server.http.InvalidRequestException;
import dev.opsmind.server.http.RequestReader;

/**
 * POST /v1/feedback {"response_id", "rating", "comment"?, "correct_source"?}, bound by {@link
 * RequestReader}; {@code correct_source} is "path", "collection:path" or {"collection", "path"}
 * (read here as "path" or "collection:path"; whether the poster may read it is the handler's
 * question).
 *
 * @param weight the rating's weight for reranking ({@link FeedbackRecord#weightOf})
 */
public record FeedbackRequest(String responseId, int rating, double weight, String comment, String correctSource) {
  static final int MAX_COMMENT_CHARS = 4000;
  static final int MAX_SOURCE_CHARS = 1024;

  public static FeedbackRequest read(ObjectNode body) {
    return RequestReader.read(body, FeedbackRequest.class);
  }

  @JsonCreator
  static FeedbackRequest of(@JsonProperty("response_id") String responseId, @JsonProperty("rating") JsonNode ratingGiven,
      @JsonProperty("comment") String comment, @JsonProperty("correct_source") JsonNode correctSource) {
    Fields.nonBlank("response_id", responseId);
    Integer rating = Fields.optInt("rating", ratingGiven, -1, 5);
    if (rating == null) {
      throw new InvalidRequestException("rating", "Missing required parameter: 'rating'");
    }
    double weight;
    try {
      weight = FeedbackRecord.weightOf(rating);
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException("rating", e.getMessage());
    }
    if (comment != null && comment.length() > MAX_COMMENT_CHARS) {
      throw new InvalidRequestException("comment", "'comment' is longer than " + MAX_COMMENT_CHARS + " characters");
    }
    String correct = correctSource(correctSource);
    if (correct != null && correct.length() > MAX_SOURCE_CHARS) {
      throw new InvalidRequestException("correct_source",
          "'correct_source' is longer than " + MAX_SOURCE_CHARS + " characters");
    }
    return new FeedbackRequest(responseId, rating, weight, comment, correct);
  }

  private static String correctSource(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (node.isTextual() && !node.textValue().isBlank()) {
      return node.textValue().strip();
    }
    if (node.isObject() && node.path("path").isTextual() && !node.path("path").asText().isBlank()) {
      String collection = node.path("collection").asText("");
      return collection.isBlank() ? node.path("path").asText() : collection + ":" + node.path("path").asText();
    }
    throw new InvalidRequestException("correct_source",
        "'correct_source' must be a path, \"collection:path\" or {\"collection\": ..., \"path\": ...}");
  }
}
