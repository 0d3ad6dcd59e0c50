package dev.opsmind.indexer.actions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A declaration that never becomes runnable, and why ({@code index} prints it, the server lists it
 * at {@code GET /v1/actions/errors}).
 *
 * @param name the action's name when it could be read, else ""
 */
public record ActionProblem(String name, String message, int startLine, int endLine) {
  public ObjectNode toJson() {
    return JsonNodeFactory.instance.objectNode().put("name", name).put("message", message)
        .put("start_line", startLine).put("end_line", endLine);
  }

  public static ActionProblem fromJson(JsonNode node) {
    return new ActionProblem(node.path("name").asText(""), node.path("message").asText(""),
        node.path("start_line").asInt(1), node.path("end_line").asInt(1));
  }
}
