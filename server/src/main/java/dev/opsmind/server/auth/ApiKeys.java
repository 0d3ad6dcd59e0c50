package dev.opsmind.server.auth;

import dev.opsmind.retrieval.Principal;
import dev.opsmind.server.config.AccessSettings.ApiKeyEntry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The configured API keys, held only as SHA-256 hex digests: a presented key is hashed and looked
 * up, so neither the config file nor memory holds a plain key. Each maps to a principal, a
 * {@link Role} and an optional last day. No keys = open local mode.
 */
public final class ApiKeys {
  /** A key's owner: the principal (for collection ACLs) and its role. */
  public record Caller(Principal principal, Role role) {
    public Caller(Principal principal) {
      this(principal, principal.admin() ? Role.ADMIN : Role.READER);
    }
  }

  /** Why a presented key was refused (for the audit log; the client only hears 401). */
  public enum Refusal { UNKNOWN, EXPIRED }

  /** The outcome of {@link #check}: a caller, or why not. */
  public record Check(Caller caller, Refusal refusal, String principal) {}

  private final Map<String, ApiKeyEntry> byHash;
  private final Map<String, Caller> bySubject;

  public ApiKeys(List<ApiKeyEntry> entries) {
    this(entries, List.of());
  }

  /** {@code clients}: client certificate subjects (RFC 2253) and who they are. */
  public ApiKeys(List<ApiKeyEntry> entries, List<dev.opsmind.server.config.ServerConfig.TlsClient> clients) {
    Map<String, Caller> subjects = new HashMap<>();
    for (var client : clients) {
      Role role = Role.of(client.role());
      if (subjects.put(client.subject(), new Caller(new Principal(client.principal(), role == Role.ADMIN), role)) != null) {
        throw new IllegalArgumentException("tls.clients: subject " + client.subject() + " is mapped twice");
      }
    }
    this.bySubject = Map.copyOf(subjects);
    Map<String, ApiKeyEntry> map = new HashMap<>();
    for (ApiKeyEntry entry : entries) {
      ApiKeyEntry previous = map.put(entry.sha256(), entry);
      if (previous != null) {
        throw new IllegalArgumentException(
            "apiKeys: principals " + previous.principal() + " and " + entry.principal()
                + " have the same key hash");
      }
    }
    this.byHash = Map.copyOf(map);
  }

  /** True when no keys are configured: every request is {@link AuthHandler#LOCAL}. */
  public boolean openMode() {
    return byHash.isEmpty() && bySubject.isEmpty();
  }

  /** The caller a verified client certificate's subject (RFC 2253) is mapped to. */
  public Optional<Caller> client(String subject) {
    return Optional.ofNullable(bySubject.get(subject));
  }

  /** The principals that have keys (one per key). */
  public java.util.List<String> principals() {
    var all = new java.util.ArrayList<String>();
    byHash.values().forEach(e -> all.add(e.principal()));
    bySubject.values().forEach(c -> all.add(c.principal().name()));
    return all.stream().distinct().sorted().toList();
  }

  /** How many keys are configured. */
  public int size() {
    return byHash.size() + bySubject.size();
  }

  /** The principal of a presented (plain) key, if it is one of ours and not expired. */
  public Optional<Principal> authenticate(String presentedKey) {
    return Optional.ofNullable(check(presentedKey, Instant.now()).caller()).map(Caller::principal);
  }

  /** Checks a presented (plain) key at {@code now}. */
  public Check check(String presentedKey, Instant now) {
    if (presentedKey == null || presentedKey.isEmpty()) {
      return new Check(null, Refusal.UNKNOWN, null);
    }
    ApiKeyEntry entry = byHash.get(sha256Hex(presentedKey));
    if (entry == null) {
      return new Check(null, Refusal.UNKNOWN, null);
    }
    if (entry.expiredAt(now)) {
      return new Check(null, Refusal.EXPIRED, entry.principal());
    }
    Role role = Role.of(entry.role());
    return new Check(new Caller(new Principal(entry.principal(), role == Role.ADMIN), role), null, entry.principal());
  }

  /** Lower-case hex SHA-256 of the key's UTF-8 bytes: what the config file stores. */
  public static String sha256Hex(String key) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(key.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
