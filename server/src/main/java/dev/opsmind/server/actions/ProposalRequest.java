package dev.opsmind.server.actions;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opsmind.server.http.Fields;
import dev.opsmind.server.http.InvalidRequestException;
import dev.opsmind.server.http.RequestReader;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * POST /v1/actions/proposals {action, arguments, rationale, citations?, collection?}, bound by
 * {@link RequestReader}: what the body says; whether the action exists and the arguments fit its
 * parameters is the catalog's question ({@link ActionsHandler}). {@link Decision} and {@link Run}
 * are the optional bodies of approve/reject and run.
 *
 * @param citations the citations as sent (an array of at most 16 KiB of JSON), or null
 * @param arguments parameter name to value (numbers are taken as their text)
 */
public record ProposalRequest(String action, String collection, String rationale, JsonNode citations,
    Map<String, String> arguments) {
  static final int MAX_RATIONALE_CHARS = 4000;
  static final int MAX_CITATIONS_CHARS = 16_384;

  public static ProposalRequest read(ObjectNode body) {
    return RequestReader.read(body, ProposalRequest.class);
  }

  @JsonCreator
  static ProposalRequest of(@JsonProperty("action") String action, @JsonProperty("collection") String collection,
      @JsonProperty("rationale") String rationale, @JsonProperty("citations") JsonNode citations,
      @JsonProperty("arguments") JsonNode arguments) {
    Fields.nonBlank("action", action);
    Fields.nonBlank("rationale", rationale);
    if (rationale.length() > MAX_RATIONALE_CHARS) {
      throw new InvalidRequestException("rationale", "'rationale' is longer than " + MAX_RATIONALE_CHARS + " characters");
    }
    if (citations != null && !citations.isNull()
        && (!citations.isArray() || citations.toString().length() > MAX_CITATIONS_CHARS)) {
      throw new InvalidRequestException("citations", "'citations' must be an array (at most 16 KiB of JSON)");
    }
    return new ProposalRequest(action, collection, rationale, citations, arguments(arguments));
  }

  /** {@code arguments} as sent (by a client, or in a model's tool call): an object of name to string. */
  static Map<String, String> arguments(JsonNode node) {
    Map<String, String> out = new LinkedHashMap<>();
    if (node == null || node.isNull()) {
      return out;
    }
    if (!node.isObject()) {
      throw new InvalidRequestException("arguments", "'arguments' must be an object of parameter name to string");
    }
    for (var it = node.fields(); it.hasNext(); ) {
      var e = it.next();
      if (!e.getValue().isTextual() && !e.getValue().isNumber()) {
        throw new InvalidRequestException("arguments." + e.getKey(), "Argument '" + e.getKey() + "' must be a string");
      }
      out.put(e.getKey(), e.getValue().asText());
    }
    return out;
  }

  /** The body of approve and reject: {comment?}. */
  public record Decision(String comment) {
    public static Decision read(ObjectNode body) {
      return RequestReader.read(body, Decision.class);
    }

    @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
    static Decision of(@JsonProperty("comment") String comment) {
      if (comment != null && comment.length() > MAX_RATIONALE_CHARS) {
        throw new InvalidRequestException("comment", "'comment' is longer than " + MAX_RATIONALE_CHARS + " characters");
      }
      return new Decision(comment);
    }
  }

  /** The body of run: {dry_run?}. */
  public record Run(boolean dryRun) {
    public static Run read(ObjectNode body) {
      return RequestReader.read(body, Run.class);
    }

    @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
    static Run of(@JsonProperty("dry_run") Boolean dryRun) {
      return new Run(dryRun != null && dryRun);
    }
  }
}
