package dev.opsmind.server.answer;

import java.util.Set;

/** One message of a chat conversation (OpenAI roles). */
public record Turn(String role, String content) {
  public static final Set<String> ROLES = Set.of("system", "user", "assistant");

  public Turn {
    if (!ROLES.contains(role)) {
      throw new IllegalArgumentException("message role must be one of " + ROLES + ", got '" + role + "'");
    }
    if (content == null) {
      throw new IllegalArgumentException("message content of a '" + role + "' message is missing");
    }
  }

  public static Turn user(String content) {
    return new Turn("user", content);
  }

  public static Turn assistant(String content) {
    return new Turn("assistant", content);
  }

  public static Turn system(String content) {
    return new Turn("system", content);
  }

  public boolean isUser() {
    return role.equals("user");
  }
}
