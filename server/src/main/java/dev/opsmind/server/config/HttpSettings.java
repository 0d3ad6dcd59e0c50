package dev.opsmind.server.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Path;
import java.util.List;

/**
 * The HTTP settings of {@link ServerConfig}: request and batch limits, CORS, connections, TLS.
 * The records are members of this interface so that {@link ServerConfig}, which implements it,
 * names them as its own ({@code ServerConfig.Limits}): the config keeps one public shape
 * while each area of settings reads in a file of its own.
 */
public interface HttpSettings {
  /**
   * @param maxBodyBytes largest request body (413 above it)
   * @param maxUploadBytes largest multipart upload
   * @param maxBatch sequences decoded together by the scheduler
   * @param maxQueue requests waiting for a batch slot (429 above it)
   * @param kvBudgetTokens total KV-cache tokens over all running sequences
   * @param maxTokensDefault max_tokens when a request gives none
   * @param promptCacheTokens KV tokens of finished requests kept for prompts that start the same
   *     way (automatic prefix caching); null = 4096, 0 = off
   * @param batchWindowMillis how long an idle generator lets requests sent together arrive before
   *     it starts, so they share one prefill pass; null = 20, 0 = start at once
   */
  public record Limits(
      @JsonProperty("maxBodyBytes") long maxBodyBytes,
      @JsonProperty("maxUploadBytes") long maxUploadBytes,
      @JsonProperty("maxBatch") int maxBatch,
      @JsonProperty("maxQueue") int maxQueue,
      @JsonProperty("kvBudgetTokens") int kvBudgetTokens,
      @JsonProperty("maxTokensDefault") int maxTokensDefault,
      @JsonProperty("promptCacheTokens") Integer promptCacheTokens,
      @JsonProperty("batchWindowMillis") Integer batchWindowMillis) {
    public static final Limits DEFAULTS = new Limits(4L << 20, 32L << 20, 8, 64, 32768, 256, 4096, 20);

    /** Limits with the default prompt cache and batch window. */
    public Limits(long maxBodyBytes, long maxUploadBytes, int maxBatch, int maxQueue, int kvBudgetTokens,
        int maxTokensDefault) {
      this(maxBodyBytes, maxUploadBytes, maxBatch, maxQueue, kvBudgetTokens, maxTokensDefault, null, null);
    }

    public Limits {
      maxBodyBytes = maxBodyBytes == 0 ? 4L << 20 : maxBodyBytes;
      maxUploadBytes = maxUploadBytes == 0 ? 32L << 20 : maxUploadBytes;
      maxBatch = maxBatch == 0 ? 8 : maxBatch;
      maxQueue = maxQueue == 0 ? 64 : maxQueue;
      kvBudgetTokens = kvBudgetTokens == 0 ? 32768 : kvBudgetTokens;
      maxTokensDefault = maxTokensDefault == 0 ? 256 : maxTokensDefault;
      promptCacheTokens = promptCacheTokens == null ? 4096 : promptCacheTokens;
      if (promptCacheTokens < 0) {
        throw new IllegalArgumentException("limits.promptCacheTokens must be >= 0 (0 = off), got " + promptCacheTokens);
      }
      batchWindowMillis = batchWindowMillis == null ? 20 : batchWindowMillis;
      if (batchWindowMillis < 0 || batchWindowMillis > 10_000) {
        throw new IllegalArgumentException("limits.batchWindowMillis must be between 0 (off) and 10000, got "
            + batchWindowMillis);
      }
      positive("limits.maxBodyBytes", maxBodyBytes);
      positive("limits.maxUploadBytes", maxUploadBytes);
      positive("limits.maxBatch", maxBatch);
      positive("limits.maxQueue", maxQueue);
      positive("limits.kvBudgetTokens", kvBudgetTokens);
      positive("limits.maxTokensDefault", maxTokensDefault);
    }

    private static void positive(String name, long value) {
      if (value <= 0) {
        throw new IllegalArgumentException(name + " must be > 0, got " + value);
      }
    }
  }

  /** @param allowedOrigins browser origins allowed by CORS ("*" = any); empty = CORS off */
  public record Cors(List<String> allowedOrigins) {
    public Cors {
      allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins);
    }
  }

  /**
   * Connections and their timeouts (plain HTTP and TLS alike).
   *
   * @param idleTimeoutSeconds a connection with nothing read or written this long is closed
   * @param headerTimeoutSeconds a connection must have sent a request's complete headers this long
   *     after it opened (or after its previous response ended), else it is closed
   * @param requestTimeoutSeconds a request's body must have arrived this long after its headers,
   *     else the connection is closed (responses, e.g. long streams, are not limited)
   * @param maxConnections open connections at most; more are closed as they arrive
   * @param maxConnectionsPerClient open connections from one client address at most
   */
  public record Http(
      @JsonProperty("idleTimeoutSeconds") Integer idleTimeoutSeconds,
      @JsonProperty("headerTimeoutSeconds") Integer headerTimeoutSeconds,
      @JsonProperty("requestTimeoutSeconds") Integer requestTimeoutSeconds,
      @JsonProperty("maxConnections") Integer maxConnections,
      @JsonProperty("maxConnectionsPerClient") Integer maxConnectionsPerClient) {
    public static final Http DEFAULTS = new Http(null, null, null, null, null);

    public Http {
      idleTimeoutSeconds = ServerConfig.orDefault("http.idleTimeoutSeconds", idleTimeoutSeconds, 120);
      headerTimeoutSeconds = ServerConfig.orDefault("http.headerTimeoutSeconds", headerTimeoutSeconds, 10);
      requestTimeoutSeconds = ServerConfig.orDefault("http.requestTimeoutSeconds", requestTimeoutSeconds, 60);
      maxConnections = ServerConfig.orDefault("http.maxConnections", maxConnections, 4096);
      maxConnectionsPerClient = ServerConfig.orDefault("http.maxConnectionsPerClient", maxConnectionsPerClient, 512);
    }
  }

  /**
   * HTTPS with PEM files, reloaded when they change (or on SIGHUP) without a restart.
   *
   * @param cert the server's certificate chain (PEM); null = TLS off
   * @param key its private key (PEM, PKCS#8 "BEGIN PRIVATE KEY" or PKCS#1 RSA)
   * @param clientCa CA certificates (PEM) client certificates must chain to; null = no client certificates
   * @param clientAuth {@code request} (a client may present a certificate; the default with
   *     {@code clientCa}) or {@code required} (every connection must)
   * @param clients client certificate subjects mapped to principals and roles
   * @param plainHttpPort also serve plain HTTP on this port (explicitly; null = no plain HTTP)
   */
  public record Tls(
      @JsonProperty("cert") Path cert,
      @JsonProperty("key") Path key,
      @JsonProperty("clientCa") Path clientCa,
      @JsonProperty("clientAuth") String clientAuth,
      @JsonProperty("clients") List<TlsClient> clients,
      @JsonProperty("plainHttpPort") Integer plainHttpPort) {
    public static final Tls OFF = new Tls(null, null, null, null, null, null);

    public Tls {
      clients = clients == null ? List.of() : List.copyOf(clients);
      clientAuth = clientAuth == null || clientAuth.isBlank() ? "request" : clientAuth.strip();
      if (!clientAuth.equals("request") && !clientAuth.equals("required")) {
        throw new IllegalArgumentException("tls.clientAuth must be request or required, got '" + clientAuth + "'");
      }
      if ((cert == null) != (key == null)) {
        throw new IllegalArgumentException("tls.cert and tls.key go together: give both or neither");
      }
      if (cert == null && (clientCa != null || !clients.isEmpty() || plainHttpPort != null)) {
        throw new IllegalArgumentException("tls.clientCa, tls.clients and tls.plainHttpPort need tls.cert and tls.key");
      }
      if (!clients.isEmpty() && clientCa == null) {
        throw new IllegalArgumentException("tls.clients need tls.clientCa (the CA their certificates chain to)");
      }
      if (plainHttpPort != null && (plainHttpPort < 0 || plainHttpPort > 65535)) {
        throw new IllegalArgumentException("tls.plainHttpPort must be between 0 and 65535, got " + plainHttpPort);
      }
    }

    public boolean enabled() {
      return cert != null;
    }

    public Tls withClients(List<TlsClient> newClients) {
      return new Tls(cert, key, clientCa, clientAuth, newClients, plainHttpPort);
    }
  }

  /**
   * A client certificate's subject (a distinguished name, e.g. {@code CN=alice,OU=ops}; compared
   * in RFC 2253 form) mapped to a principal and role, as an API key would be.
   */
  public record TlsClient(
      @JsonProperty("subject") String subject,
      @JsonProperty("principal") String principal,
      @JsonProperty("role") String role) {
    public TlsClient {
      if (subject == null || subject.isBlank() || principal == null || principal.isBlank()) {
        throw new IllegalArgumentException("tls.clients[] need a subject and a principal");
      }
      try {
        subject = new javax.security.auth.x500.X500Principal(subject.strip())
            .getName(javax.security.auth.x500.X500Principal.RFC2253);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("tls.clients[].subject '" + subject + "' is not a distinguished name");
      }
      role = role == null || role.isBlank() ? "reader" : role.strip().toLowerCase(java.util.Locale.ROOT);
      if (!AccessSettings.ApiKeyEntry.ROLES.contains(role)) {
        throw new IllegalArgumentException("tls.clients[].role of " + principal + " must be reader, operator or admin");
      }
    }
  }
}
