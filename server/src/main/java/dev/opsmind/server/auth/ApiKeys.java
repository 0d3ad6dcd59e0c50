package dev.opsmind.server.auth;

import dev.opsmind.retrieval.Principal;
import dev.opsmind.server.config.ServerConfig.ApiKeyEntry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The configured API keys, held only as SHA-256 hex digests: a presented key is hashed and looked
 * up, so neither the config file nor memory holds a plain key. No keys = open local mode.
 */
public final class ApiKeys {
  private final Map<String, Principal> byHash;

  public ApiKeys(List<ApiKeyEntry> entries) {
    Map<String, Principal> map = new HashMap<>();
    for (ApiKeyEntry entry : entries) {
      Principal previous = map.put(entry.sha256(), new Principal(entry.principal(), entry.admin()));
      if (previous != null) {
        throw new IllegalArgumentException(
            "apiKeys: principals " + previous.name() + " and " + entry.principal()
                + " have the same key hash");
      }
    }
    this.byHash = Map.copyOf(map);
  }

  /** True when no keys are configured: every request is {@link AuthHandler#LOCAL}. */
  public boolean openMode() {
    return byHash.isEmpty();
  }

  /** The principal of a presented (plain) key, if it is one of ours. */
  public Optional<Principal> authenticate(String presentedKey) {
    if (presentedKey == null || presentedKey.isEmpty()) {
      return Optional.empty();
    }
    return Optional.ofNullable(byHash.get(sha256Hex(presentedKey)));
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
