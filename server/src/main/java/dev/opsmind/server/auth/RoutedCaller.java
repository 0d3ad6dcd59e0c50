package dev.opsmind.server.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opsmind.retrieval.Principal;
import dev.opsmind.server.http.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;

/**
 * The caller of a request another cluster node authenticated and routed here. The node that took
 * the request from the client checks its key or certificate and counts it against the caller's
 * rate limit, once; the serving node replays the request on its loopback listener with the caller
 * (in {@link #CALLER_HEADER}) and its own per-process {@link #TOKEN_HEADER}, which only it and
 * its replays know, so the caller is trusted only from there. A client certificate's caller thus
 * reaches the serving node too (the replay carries no certificate), and a routed request is not
 * counted twice.
 */
public final class RoutedCaller {
  /** This node's replay token: the request came from its own loopback replay. */
  public static final String TOKEN_HEADER = "X-Opsmind-Replay-Token";
  /** The caller the routing node authenticated: base64url of {"name", "admin", "role"}. */
  public static final String CALLER_HEADER = "X-Opsmind-Caller";

  private RoutedCaller() {}

  /** A fresh random token for one process's replays (256 bits). */
  public static String newToken() {
    byte[] bytes = new byte[32];
    new java.security.SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** Whether {@code presented} is {@code token} (constant time; false when either is null). */
  public static boolean matches(String token, String presented) {
    return token != null && presented != null
        && MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
  }

  /** The caller as JSON, for the routed request (null role: the principal's default). */
  public static ObjectNode describe(Principal principal, Role role) {
    ObjectNode caller = Json.object().put("name", principal.name()).put("admin", principal.admin());
    if (role != null) {
      caller.put("role", role.id());
    }
    return caller;
  }

  /** {@link #describe}'s JSON as the value of {@link #CALLER_HEADER}. */
  public static String header(JsonNode caller) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(Json.write(caller).getBytes(StandardCharsets.UTF_8));
  }

  /** The caller a {@link #CALLER_HEADER} names; empty when absent or malformed. */
  public static Optional<ApiKeys.Caller> parse(String header) {
    if (header == null || header.isBlank()) {
      return Optional.empty();
    }
    try {
      JsonNode caller = Json.MAPPER.readTree(Base64.getUrlDecoder().decode(header));
      Principal principal = new Principal(caller.path("name").asText(""), caller.path("admin").asBoolean(false));
      JsonNode role = caller.get("role");
      return Optional.of(role == null || role.isNull() ? new ApiKeys.Caller(principal)
          : new ApiKeys.Caller(principal, Role.of(role.asText())));
    } catch (java.io.IOException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
