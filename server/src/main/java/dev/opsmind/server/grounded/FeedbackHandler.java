package dev.opsmind.server.grounded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opsmind.server.answer.Citation;
import dev.opsmind.server.auth.AuthHandler;
import dev.opsmind.server.http.ApiException;
import dev.opsmind.server.http.Blocking;
import dev.opsmind.server.http.Fields;
import dev.opsmind.server.http.InvalidRequestException;
import dev.opsmind.server.http.Json;
import io.vertx.ext.web.RoutingContext;

/**
 * POST /v1/feedback {"response_id", "rating", "comment"?, "correct_source"?}: rates a grounded
 * reply. {@code correct_source} is "path", "collection:path" or {"collection", "path"}.
 * 404 (response_not_found) when the id is not one of the recent grounded replies.
 */
public final class FeedbackHandler {
  static final int MAX_COMMENT_CHARS = 4000;
  private final FeedbackStore store;

  public FeedbackHandler(FeedbackStore store) {
    this.store = store;
  }

  public void create(RoutingContext ctx) {
    String principal = AuthHandler.principal(ctx).name();
    ObjectNode body = Json.body(ctx);
    String responseId = Fields.requireNonBlank(body, "response_id");
    Integer rating = Fields.optInt(body, "rating", -1, 5);
    if (rating == null) {
      throw new InvalidRequestException("rating", "Missing required parameter: 'rating'");
    }
    double weight;
    try {
      weight = FeedbackRecord.weightOf(rating);
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException("rating", e.getMessage());
    }
    String comment = Fields.optString(body, "comment");
    if (comment != null && comment.length() > MAX_COMMENT_CHARS) {
      throw new InvalidRequestException("comment", "'comment' is longer than " + MAX_COMMENT_CHARS + " characters");
    }
    String correct = correctSource(body.get("correct_source"));
    AnsweredQuestion answered = store.answered(responseId).orElseThrow(() -> ApiException.notFound(
        "response_not_found", "No recent grounded reply has id '" + responseId + "'"));
    var record = new FeedbackRecord(System.currentTimeMillis(), principal, responseId, answered.question(),
        answered.retrievalQuery(), rating, weight, comment, correct, answered.citations());
    Blocking.run(ctx, () -> {
      store.append(record);
      return record;
    }, stored -> Json.reply(ctx, 201, Json.object()
        .put("object", "feedback")
        .put("response_id", stored.responseId())
        .put("rating", stored.rating())
        .put("weight", stored.weight())
        .put("stored", true)));
  }

  /** GET /v1/feedback (admins): every stored record, oldest first (serialised on a worker: it may be long). */
  public void list(RoutingContext ctx) {
    AuthHandler.requireAdmin(ctx);
    Blocking.run(ctx, () -> {
      ObjectNode body = Json.object().put("object", "list");
      ArrayNode data = body.putArray("data");
      for (FeedbackRecord record : store.records()) {
        data.add(describe(record));
      }
      return Json.write(body);
    }, json -> Json.replySerialized(ctx, 200, json));
  }

  /** One record in the API's snake_case, with the names POST /v1/feedback accepts. */
  static ObjectNode describe(FeedbackRecord record) {
    ObjectNode node = Json.object()
        .put("object", "feedback")
        .put("time", record.time())
        .put("principal", record.principal())
        .put("response_id", record.responseId())
        .put("question", record.question())
        .put("retrieval_query", record.retrievalQuery())
        .put("rating", record.rating())
        .put("weight", record.weight())
        .put("comment", record.comment())
        .put("correct_source", record.correctSource());
    ArrayNode citations = node.putArray("citations");
    for (Citation c : record.citations()) {
      ObjectNode item = citations.addObject()
          .put("number", c.number())
          .put("collection", c.collection())
          .put("path", c.path())
          .put("start_line", c.startLine())
          .put("end_line", c.endLine());
      ArrayNode headings = item.putArray("heading_path");
      c.headingPath().forEach(headings::add);
      item.put("snippet", c.snippet()).put("score", c.score());
    }
    return node;
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
