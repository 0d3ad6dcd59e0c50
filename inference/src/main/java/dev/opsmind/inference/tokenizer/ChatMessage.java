package dev.opsmind.inference.tokenizer;

import java.util.Map;
import java.util.Set;

/** One chat turn. Roles are the OpenAI ones; the template decides how each is written. */
public record ChatMessage(String role, String content) {
  private static final Set<String> ROLES = Set.of("system", "user", "assistant", "tool");

  public ChatMessage {
    if (role == null || !ROLES.contains(role)) {
      throw new IllegalArgumentException("message role must be one of " + ROLES + ", got " + role);
    }
    if (content == null) {
      throw new IllegalArgumentException("message content must not be null (role " + role + ")");
    }
  }

  public static ChatMessage system(String content) {
    return new ChatMessage("system", content);
  }

  public static ChatMessage user(String content) {
    return new ChatMessage("user", content);
  }

  public static ChatMessage assistant(String content) {
    return new ChatMessage("assistant", content);
  }

  /** The shape Hugging Face templates index: message.role, message['content']. */
  Map<String, Object> asTemplateValue() {
    return Map.of("role", role, "content", content);
  }
}
