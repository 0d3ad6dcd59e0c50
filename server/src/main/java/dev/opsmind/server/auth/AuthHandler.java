package dev.opsmind.server.auth;

import dev.opsmind.retrieval.Principal;
import dev.opsmind.server.audit.AuditLog;
import dev.opsmind.server.http.ApiErrors;
import dev.opsmind.server.http.ApiException;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Bearer-key authentication: puts the caller's {@link Principal} and {@link Role} into the routing
 * context, or answers 401 (code invalid_api_key) and audits the failure (never the key). In open
 * local mode every caller is {@link #LOCAL}. The keys can be replaced while serving
 * ({@link #replaceKeys}: config reload).
 */
public final class AuthHandler implements Handler<RoutingContext> {
  /** The caller in open local mode (no keys configured): an admin. */
  public static final Principal LOCAL = new Principal("local", true);
  private static final String PRINCIPAL = "opsmind.principal";
  private static final String ROLE = "opsmind.role";
  private final AtomicReference<ApiKeys> keys;
  private final AuditLog audit;
  private final RateLimiter limiter;
  /** This node's replay token in a cluster ({@link RoutedCaller}); null alone. */
  private volatile String replayToken;

  public AuthHandler(ApiKeys keys) {
    this(keys, null, new RateLimiter(0, 1));
  }

  /**
   * {@code audit}: where failed authentications are recorded (null = nowhere); {@code limiter}:
   * the per-principal request rate (keyed principals only; open mode's local caller is not limited).
   */
  public AuthHandler(ApiKeys keys, AuditLog audit, RateLimiter limiter) {
    this.keys = new AtomicReference<>(keys);
    this.audit = audit;
    this.limiter = limiter;
  }

  /** Swaps in reloaded keys: requests after this see only them (revoked keys stop at once). */
  public void replaceKeys(ApiKeys newKeys) {
    keys.set(newKeys);
  }

  public ApiKeys keys() {
    return keys.get();
  }

  /**
   * In a cluster: requests replayed here with {@code token} carry the caller the routing node
   * authenticated and rate-limited ({@link RoutedCaller}); they are admitted as that caller.
   */
  public void trustRoutedCallers(String token) {
    this.replayToken = token;
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (ctx.get(PRINCIPAL) != null) { // a second guard on the same request (a cluster route before the local one)
      ctx.next();
      return;
    }
    ApiKeys current = keys.get();
    if (current.openMode()) {
      ctx.put(PRINCIPAL, LOCAL);
      ctx.put(ROLE, Role.ADMIN);
      ctx.next();
      return;
    }
    String presented = ctx.request().getHeader(RoutedCaller.TOKEN_HEADER);
    if (presented != null) {
      if (!RoutedCaller.matches(replayToken, presented)) {
        refuse(ctx, "bad_replay_token", null, "The request carries a replay token this node did not issue.");
        return;
      }
      var routed = RoutedCaller.parse(ctx.request().getHeader(RoutedCaller.CALLER_HEADER));
      if (routed.isPresent()) { // authenticated and counted where the client sent it
        ctx.put(PRINCIPAL, routed.get().principal());
        ctx.put(ROLE, routed.get().role());
        ctx.next();
        return;
      }
      // no caller named (the entry node was in open mode): the key, if any, is checked below
    }
    String header = ctx.request().getHeader("Authorization");
    if ((header == null || header.isBlank()) && ctx.request().isSSL()) {
      String subject = clientSubject(ctx);
      if (subject != null) {
        var caller = current.client(subject);
        if (caller.isEmpty()) {
          refuse(ctx, "unknown_client_certificate", null, "The client certificate is not mapped to a principal.");
          return;
        }
        admit(ctx, caller.get());
        return;
      }
    }
    if (header == null || header.isBlank()) {
      refuse(ctx, "missing", null, "You didn't provide an API key. Send it as 'Authorization: Bearer YOUR_KEY'.");
      return;
    }
    if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      refuse(ctx, "not_bearer", null, "The Authorization header must be 'Bearer YOUR_KEY'.");
      return;
    }
    ApiKeys.Check check = current.check(header.substring(7).trim(), Instant.now());
    if (check.caller() == null) {
      boolean expired = check.refusal() == ApiKeys.Refusal.EXPIRED;
      refuse(ctx, expired ? "expired" : "unknown_key", check.principal(),
          expired ? "The API key has expired." : "Incorrect API key provided.");
      return;
    }
    admit(ctx, check.caller());
  }

  private void admit(RoutingContext ctx, ApiKeys.Caller caller) {
    ctx.put(PRINCIPAL, caller.principal());
    ctx.put(ROLE, caller.role());
    int retryAfter = limiter.acquire(caller.principal().name());
    if (retryAfter > 0) {
      ApiErrors.send(ctx, ApiException.rateLimited(retryAfter));
      return;
    }
    ctx.next();
  }

  /** The subject (RFC 2253) of the client certificate the TLS handshake verified; null without one. */
  private static String clientSubject(RoutingContext ctx) {
    try {
      var certificates = ctx.request().connection().peerCertificates();
      if (certificates != null && !certificates.isEmpty()
          && certificates.get(0) instanceof java.security.cert.X509Certificate x509) {
        return x509.getSubjectX500Principal().getName(javax.security.auth.x500.X500Principal.RFC2253);
      }
    } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
      // no client certificate
    }
    return null;
  }

  private void refuse(RoutingContext ctx, String reason, String principal, String message) {
    if (audit != null) {
      var entry = AuditLog.entry("auth_failed").put("reason", reason).put("path", truncate(ctx.request().path()))
          .put("remote", ctx.request().remoteAddress() == null ? null : ctx.request().remoteAddress().hostAddress());
      if (principal != null) {
        entry.put("principal", principal);
      }
      audit.record(entry);
    }
    ApiErrors.send(ctx, ApiException.invalidApiKey(message));
  }

  static String truncate(String text) {
    return text == null || text.length() <= 200 ? text : text.substring(0, 200) + "…";
  }

  /** The authenticated caller (set by this handler before any API handler runs). */
  public static Principal principal(RoutingContext ctx) {
    Principal principal = ctx.get(PRINCIPAL);
    if (principal == null) {
      throw new IllegalStateException("no principal: the route is missing the AuthHandler");
    }
    return principal;
  }

  /** The caller's principal if authenticated (null before or without authentication). */
  public static Principal principalOrNull(RoutingContext ctx) {
    return ctx.get(PRINCIPAL);
  }

  /** The caller's role (null before or without authentication). */
  public static Role role(RoutingContext ctx) {
    return ctx.get(ROLE);
  }

  /** Operations for {@code needed} and above: 403 for other roles. */
  public static Principal require(RoutingContext ctx, Role needed) {
    Principal principal = principal(ctx);
    Role role = role(ctx);
    if (role == null || !role.atLeast(needed)) {
      throw ApiException.forbidden("Principal '" + principal.name() + "' has role " + (role == null ? "none" : role.id())
          + "; this needs " + needed.id());
    }
    return principal;
  }

  /** Admin-only operations (ingestion, deletes, listings of everyone's data): 403 for other roles. */
  public static Principal requireAdmin(RoutingContext ctx) {
    Principal principal = principal(ctx);
    if (!principal.admin()) {
      throw ApiException.forbidden("Principal '" + principal.name() + "' is not an admin");
    }
    return principal;
  }
}
