package dev.opsmind.server.grounded;

import dev.opsmind.server.config.ServerConfig;
import dev.opsmind.server.answer.RelevanceGate;
import java.time.Duration;

/**
 * Settings of grounded chat, taken from the server config.
 *
 * @param generatorTimeout how long a generator may take for a whole grounded answer before the
 *     extractive answer is sent instead (config {@code grounded.timeoutSeconds}, env
 *     {@code OPSMIND_GROUNDED_TIMEOUT_SECONDS}, default 120 s)
 * @param maxTokensDefault max_tokens when the request gives none
 * @param gate the relevance gate (config {@code grounded.minRelevance} overrides its per-embedder
 *     thresholds; a request's {@code opsmind.min_relevance} overrides both)
 */
public record GroundedSettings(Duration generatorTimeout, int maxTokensDefault, RelevanceGate gate) {
  public GroundedSettings {
    if (generatorTimeout == null || generatorTimeout.isZero() || generatorTimeout.isNegative()) {
      throw new IllegalArgumentException("grounded generator timeout must be > 0, got " + generatorTimeout);
    }
    if (maxTokensDefault < 1) {
      throw new IllegalArgumentException("grounded maxTokensDefault must be >= 1, got " + maxTokensDefault);
    }
  }

  public static GroundedSettings of(ServerConfig config) {
    Double min = config.grounded().minRelevance();
    Double drop = config.grounded().citationDrop();
    RelevanceGate gate = RelevanceGate.DEFAULT.withMinRelevance(min == null ? Double.NaN : min)
        .withMaxDrop(drop == null ? Double.NaN : drop);
    return new GroundedSettings(config.grounded().timeout(), config.limits().maxTokensDefault(), gate);
  }
}
