package dev.opsmind.server.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The access settings of {@link ServerConfig}: API keys, per-principal quotas, the audit log.
 * The records are members of this interface so that {@link ServerConfig}, which implements it,
 * names them as its own ({@code ServerConfig.ApiKeyEntry}): the config keeps one public shape
 * while each area of settings reads in a file of its own.
 */
public interface AccessSettings {
  /**
   * One API key, stored only as the SHA-256 hex of the key ({@code ./opsmind hash-key KEY}).
   *
   * @param principal who the key belongs to (collection ACLs name principals)
   * @param sha256 lower-case hex SHA-256 of the key
   * @param admin the same as {@code role: admin} (older configs)
   * @param role {@code reader} (ask, search, feedback on its own answers; the default),
   *     {@code operator} (reader + diagnosis and approving actions) or {@code admin} (collections,
   *     uploads, keys, audit)
   * @param expires the last day (UTC, {@code YYYY-MM-DD}) the key is accepted; null = no expiry
   */
  public record ApiKeyEntry(String principal, String sha256, boolean admin, String role, String expires) {
    public static final List<String> ROLES = List.of("reader", "operator", "admin");

    /** A key of role admin ({@code admin} true) or reader, without expiry. */
    public ApiKeyEntry(String principal, String sha256, boolean admin) {
      this(principal, sha256, admin, null, null);
    }

    public ApiKeyEntry {
      if (principal == null || principal.isBlank()) {
        throw new IllegalArgumentException("apiKeys[].principal must be a non-empty name");
      }
      if (sha256 == null || !sha256.matches("[0-9a-fA-F]{64}")) {
        throw new IllegalArgumentException(
            "apiKeys[].sha256 of principal " + principal
                + " must be 64 hex digits (the SHA-256 of the key: ./opsmind hash-key KEY)");
      }
      sha256 = sha256.toLowerCase(java.util.Locale.ROOT);
      if (role == null || role.isBlank()) {
        role = admin ? "admin" : "reader";
      }
      role = role.strip().toLowerCase(java.util.Locale.ROOT);
      if (!ROLES.contains(role)) {
        throw new IllegalArgumentException("apiKeys[].role of principal " + principal
            + " must be reader, operator or admin, got '" + role + "'");
      }
      if (admin && !role.equals("admin")) {
        throw new IllegalArgumentException("apiKeys[] of principal " + principal + ": admin: true contradicts role "
            + role);
      }
      admin = role.equals("admin");
      if (expires != null) {
        try {
          java.time.LocalDate.parse(expires.strip());
        } catch (java.time.format.DateTimeParseException e) {
          throw new IllegalArgumentException("apiKeys[].expires of principal " + principal
              + " must be a date YYYY-MM-DD, got '" + expires + "'");
        }
        expires = expires.strip();
      }
    }

    /** Whether the key is past its last day at {@code now}. */
    public boolean expiredAt(java.time.Instant now) {
      return expires != null
          && now.isAfter(java.time.LocalDate.parse(expires).plusDays(1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant());
    }
  }

  /**
   * Per-principal limits.
   *
   * @param requestsPerMinute sustained requests per principal (token bucket refill); 0 = no limit
   * @param burst requests a principal may send at once (bucket size)
   * @param feedbackPerPrincipal stored feedback ratings per principal
   * @param storedResponsesPerPrincipal stored Responses API responses per principal
   */
  public record Quotas(
      @JsonProperty("requestsPerMinute") Integer requestsPerMinute,
      @JsonProperty("burst") Integer burst,
      @JsonProperty("feedbackPerPrincipal") Integer feedbackPerPrincipal,
      @JsonProperty("storedResponsesPerPrincipal") Integer storedResponsesPerPrincipal) {
    public static final Quotas DEFAULTS = new Quotas(null, null, null, null);

    public Quotas {
      requestsPerMinute = requestsPerMinute == null ? 600 : requestsPerMinute;
      if (requestsPerMinute < 0) {
        throw new IllegalArgumentException("quotas.requestsPerMinute must be >= 0 (0 = no limit), got "
            + requestsPerMinute);
      }
      burst = ServerConfig.orDefault("quotas.burst", burst, 120);
      feedbackPerPrincipal = ServerConfig.orDefault("quotas.feedbackPerPrincipal", feedbackPerPrincipal, 1000);
      storedResponsesPerPrincipal = ServerConfig.orDefault("quotas.storedResponsesPerPrincipal", storedResponsesPerPrincipal, 256);
    }
  }

  /**
   * The audit log ({@code audit/audit.jsonl} beside the index folder).
   *
   * @param rotateBytes a file is rotated once it would grow past this many bytes
   */
  public record Audit(@JsonProperty("rotateBytes") Long rotateBytes) {
    public static final Audit DEFAULTS = new Audit(null);

    public Audit {
      rotateBytes = rotateBytes == null ? 64L << 20 : rotateBytes;
      if (rotateBytes < 4096) {
        throw new IllegalArgumentException("audit.rotateBytes must be >= 4096, got " + rotateBytes);
      }
    }
  }
}
