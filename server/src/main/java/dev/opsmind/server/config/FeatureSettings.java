package dev.opsmind.server.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Path;
import java.util.List;

/**
 * The feature settings of {@link ServerConfig}: grounded chat and runbook actions.
 * The records are members of this interface so that {@link ServerConfig}, which implements it,
 * names them as its own ({@code ServerConfig.Grounded}): the config keeps one public shape
 * while each area of settings reads in a file of its own.
 */
public interface FeatureSettings {
  /**
   * Grounded chat ({@code POST /v1/chat/completions} with the {@code opsmind} extension).
   *
   * @param timeoutSeconds how long a generator may take for a whole grounded answer before the
   *     extractive answer is sent instead (fractions allowed; default 120, at least 0.001)
   */
  public record Grounded(@JsonProperty("timeoutSeconds") Double timeoutSeconds,
      @JsonProperty("minRelevance") Double minRelevance, @JsonProperty("citationDrop") Double citationDrop) {
    public static final double DEFAULT_TIMEOUT_SECONDS = 120;
    public static final Grounded DEFAULTS = new Grounded(DEFAULT_TIMEOUT_SECONDS, null, null);

    /** Only a timeout; the relevance thresholds stay calibrated per embedder. */
    public Grounded(Double timeoutSeconds) {
      this(timeoutSeconds, null, null);
    }

    public Grounded {
      if (citationDrop != null && !(citationDrop >= 0 && citationDrop <= 2)) {
        throw new IllegalArgumentException("grounded.citationDrop must be a cosine difference in [0, 2], got "
            + citationDrop);
      }
      if (minRelevance != null && !(minRelevance >= -1 && minRelevance <= 1)) {
        throw new IllegalArgumentException("grounded.minRelevance must be a cosine in [-1, 1], got " + minRelevance);
      }
      timeoutSeconds = timeoutSeconds == null ? DEFAULT_TIMEOUT_SECONDS : timeoutSeconds;
      if (!(timeoutSeconds >= 0.001) || timeoutSeconds.isInfinite()) {
        throw new IllegalArgumentException(
            "grounded.timeoutSeconds must be a number of seconds >= 0.001, got " + timeoutSeconds);
      }
    }

    /** The timeout as a duration (whole milliseconds, at least 1). */
    public java.time.Duration timeout() {
      return java.time.Duration.ofMillis(Math.max(1, Math.round(timeoutSeconds * 1000)));
    }
  }

  /**
   * Runbook actions (server/README.md, "Runbook actions"). Nothing runs until an admin lists its
   * executable in {@code allow}.
   *
   * @param allow absolute paths of the executables actions may start (empty: none)
   * @param environment the whole environment of an action's process (nothing of the server's own
   *     is passed unless named in {@code passEnvironment})
   * @param passEnvironment variables copied from the server's environment when set there
   * @param workingDirectory where actions run (null: the opsmind home)
   * @param maxConcurrent actions running at once at most; more get 429
   * @param proposalTtlSeconds how long a proposal may wait for approval and run
   * @param maxOutputBytes stdout and stderr are each kept up to this many bytes (the rest is
   *     read, counted in the digest, and dropped)
   */
  public record Actions(
      @JsonProperty("allow") List<String> allow,
      @JsonProperty("environment") java.util.Map<String, String> environment,
      @JsonProperty("passEnvironment") List<String> passEnvironment,
      @JsonProperty("workingDirectory") Path workingDirectory,
      @JsonProperty("maxConcurrent") Integer maxConcurrent,
      @JsonProperty("proposalTtlSeconds") Long proposalTtlSeconds,
      @JsonProperty("maxOutputBytes") Integer maxOutputBytes) {
    public static final Actions DEFAULTS = new Actions(null, null, null, null, null, null, null);

    public Actions {
      allow = allow == null ? List.of() : List.copyOf(allow);
      for (String path : allow) {
        if (path == null || !path.startsWith("/") || !Path.of(path).normalize().toString().equals(path)) {
          throw new IllegalArgumentException("actions.allow entries must be absolute, normalised paths, got '" + path + "'");
        }
      }
      environment = environment == null ? java.util.Map.of()
          : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(environment));
      passEnvironment = passEnvironment == null ? List.of() : List.copyOf(passEnvironment);
      maxConcurrent = ServerConfig.orDefault("actions.maxConcurrent", maxConcurrent, 2);
      proposalTtlSeconds = proposalTtlSeconds == null ? 3600L : proposalTtlSeconds;
      if (proposalTtlSeconds < 1) {
        throw new IllegalArgumentException("actions.proposalTtlSeconds must be >= 1, got " + proposalTtlSeconds);
      }
      maxOutputBytes = ServerConfig.orDefault("actions.maxOutputBytes", maxOutputBytes, 64 * 1024);
    }

    public Actions withAllow(List<String> newAllow) {
      return new Actions(newAllow, environment, passEnvironment, workingDirectory, maxConcurrent, proposalTtlSeconds,
          maxOutputBytes);
    }
  }
}
