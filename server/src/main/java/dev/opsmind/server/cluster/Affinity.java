package dev.opsmind.server.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The prefix a request shares with others, as a routing key: for chat, the system (or developer)
 * prompt and the first user message, so every turn of a conversation, and every conversation under
 * one long system prompt with the same opening, goes where that prefix's KV cache is; for
 * completions, the prompt's first {@value #PROMPT_CHARS} characters.
 */
final class Affinity {
  static final int PROMPT_CHARS = 1024;

  private Affinity() {}

  static String key(ObjectNode body) {
    JsonNode messages = body.path("messages");
    if (messages.isArray()) {
      String system = "";
      String firstUser = "";
      for (JsonNode message : messages) {
        String role = message.path("role").asText();
        if (system.isEmpty() && (role.equals("system") || role.equals("developer"))) {
          system = text(message.path("content"));
        } else if (role.equals("user")) {
          firstUser = text(message.path("content"));
          break;
        }
      }
      return system + "\u0000" + firstUser;
    }
    JsonNode prompt = body.path("prompt");
    String text = prompt.isTextual() ? prompt.asText() : prompt.toString();
    return text.length() > PROMPT_CHARS ? text.substring(0, PROMPT_CHARS) : text;
  }

  private static String text(JsonNode content) {
    return content.isTextual() ? content.asText() : content.toString();
  }
}
