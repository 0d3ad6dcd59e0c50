package dev.opsmind.server.grounded;

import java.time.Duration;
import java.util.Map;

/**
 * Settings of grounded chat.
 *
 * @param generatorTimeout how long a generator may take for a whole grounded answer before the
 *     extractive answer is sent instead (env {@code OPSMIND_GROUNDED_TIMEOUT_SECONDS}, default 120)
 * @param maxTokensDefault max_tokens when the request gives none
 */
public record GroundedSettings(Duration generatorTimeout, int maxTokensDefault) {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);
  public static final String TIMEOUT_VARIABLE = "OPSMIND_GROUNDED_TIMEOUT_SECONDS";

  public GroundedSettings {
    if (generatorTimeout == null || generatorTimeout.isZero() || generatorTimeout.isNegative()) {
      throw new IllegalArgumentException("grounded generator timeout must be > 0, got " + generatorTimeout);
    }
    if (maxTokensDefault < 1) {
      throw new IllegalArgumentException("grounded maxTokensDefault must be >= 1, got " + maxTokensDefault);
    }
  }

  /** From the environment ({@code OPSMIND_GROUNDED_TIMEOUT_SECONDS}, a positive number). */
  public static GroundedSettings fromEnvironment(Map<String, String> env, int maxTokensDefault) {
    String value = env.get(TIMEOUT_VARIABLE);
    Duration timeout = DEFAULT_TIMEOUT;
    if (value != null && !value.isBlank()) {
      try {
        timeout = Duration.ofMillis(Math.round(Double.parseDouble(value.strip()) * 1000));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("OPSMIND_GROUNDED_TIMEOUT_SECONDS must be a number of seconds, got '"
            + value + "'");
      }
    }
    return new GroundedSettings(timeout, maxTokensDefault);
  }
}
