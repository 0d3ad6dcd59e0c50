package dev.opsmind.server.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything {@code opsmind serve} needs, as read from the YAML file (keys below) with OPSMIND_*
 * environment overrides and command-line flags applied on top ({@link ServerConfigLoader}).
 * Constructors validate with plain messages; absent values take the documented defaults.
 *
 * @param host interface to bind
 * @param port TCP port (0 = any free port, used by tests)
 * @param models generator model directories: a name under {@code modelsDir} or a path
 * @param modelsDir where bare model names are looked up
 * @param embedders the sentence embedders of the index and of /v1/embeddings, each with the
 *     languages it embeds (empty list: no embedder, so no index either)
 * @param index directory of the knowledge index
 * @param sources folders indexed incrementally at start, each into a collection
 * @param apiKeys hashed API keys; empty = open local mode
 * @param limits request, batch and queue limits
 * @param cors allowed browser origins
 * @param metricsRequireKey whether GET /metrics needs an API key
 * @param shutdownGraceSeconds how long a graceful shutdown waits for in-flight requests
 * @param device where generators run: cpu, gpu or auto (the default: a GPU when libtorch finds one)
 * @param grounded grounded-chat settings
 * @param allowOpenRemote with no API keys, listen on a non-loopback {@code host} anyway (logs a
 *     warning every minute); without it open mode binds 127.0.0.1 and refuses another host
 * @param http connection limits and timeouts
 * @param quotas per-principal rate limit and storage quotas
 * @param audit the audit log
 * @param tls HTTPS (and client certificates); off without {@code tls.cert}
 * @param actions runbook actions: which executables may run and how (nothing runs by default)
 * @param cluster membership in an opsmind cluster (off by default; server/README.md, "Cluster")
 */
public record ServerConfig(
    String host,
    int port,
    List<String> models,
    Path modelsDir,
    List<EmbedderEntry> embedders,
    Path index,
    List<Source> sources,
    List<ApiKeyEntry> apiKeys,
    Limits limits,
    Cors cors,
    boolean metricsRequireKey,
    int shutdownGraceSeconds,
    String device,
    Grounded grounded,
    boolean allowOpenRemote,
    Http http,
    Quotas quotas,
    Audit audit,
    Tls tls,
    Actions actions,
    ClusterConfig cluster) {

  public static final int DEFAULT_PORT = 8080;
  /**
   * English text on an English model, Chinese on a Chinese one that also embeds English, so a
   * Chinese question reaches an English runbook (bench/README.md, "Embedders", has the measurements).
   */
  public static final List<EmbedderEntry> DEFAULT_EMBEDDERS = List.of(
      new EmbedderEntry("bge-small-en-v1.5-q", List.of("en")),
      new EmbedderEntry("bge-small-zh-v1.5", List.of("zh", "en")));

  /**
   * The opsmind home that relative defaults (data/index, models/) resolve against: the system
   * property {@code opsmind.home} (the launcher sets the repository root), else the working directory.
   */
  public static Path home() {
    String home = System.getProperty("opsmind.home");
    return (home == null || home.isBlank() ? Path.of(".") : Path.of(home)).toAbsolutePath().normalize();
  }

  public ServerConfig {
    host = host == null || host.isBlank() ? null : host.strip();
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
    }
    models = models == null ? List.of() : List.copyOf(models);
    modelsDir = modelsDir == null ? home().resolve("models") : modelsDir;
    embedders = embedders == null ? DEFAULT_EMBEDDERS : List.copyOf(embedders);
    if (embedders.stream().map(EmbedderEntry::name).distinct().count() != embedders.size()) {
      throw new IllegalArgumentException("embedders: each embedder may be listed once");
    }
    index = index == null ? home().resolve("data").resolve("index") : index;
    sources = sources == null ? List.of() : List.copyOf(sources);
    apiKeys = apiKeys == null ? List.of() : List.copyOf(apiKeys);
    limits = limits == null ? Limits.DEFAULTS : limits;
    cors = cors == null ? new Cors(List.of()) : cors;
    device = device == null || device.isBlank() ? "auto" : device;
    grounded = grounded == null ? Grounded.DEFAULTS : grounded;
    http = http == null ? Http.DEFAULTS : http;
    quotas = quotas == null ? Quotas.DEFAULTS : quotas;
    audit = audit == null ? Audit.DEFAULTS : audit;
    tls = tls == null ? Tls.OFF : tls;
    actions = actions == null ? Actions.DEFAULTS : actions;
    cluster = cluster == null ? ClusterConfig.OFF : cluster;
    if (!device.equals("cpu") && !device.equals("gpu") && !device.equals("auto")) {
      throw new IllegalArgumentException("device must be cpu, gpu or auto, got '" + device + "'");
    }
    if (shutdownGraceSeconds < 0) {
      throw new IllegalArgumentException(
          "shutdownGraceSeconds must be >= 0, got " + shutdownGraceSeconds);
    }
  }

  /** All defaults: port 8080, no models, the default embedder, open local mode. */
  public static ServerConfig defaults() {
    return new ServerConfig(
        null, DEFAULT_PORT, null, null, null, null, null, null, null, null, false, 30, null, null, false, null, null,
        null, null, null, null);
  }

  public boolean embedderEnabled() {
    return !embedders.isEmpty();
  }

  public ServerConfig withPort(int newPort) {
    return new ServerConfig(host, newPort, models, modelsDir, embedders, index, sources, apiKeys, limits,
        cors, metricsRequireKey, shutdownGraceSeconds, device, grounded, allowOpenRemote, http, quotas, audit, tls, actions, cluster);
  }

  public ServerConfig withModels(List<String> newModels) {
    return new ServerConfig(host, port, newModels, modelsDir, embedders, index, sources, apiKeys, limits,
        cors, metricsRequireKey, shutdownGraceSeconds, device, grounded, allowOpenRemote, http, quotas, audit, tls, actions, cluster);
  }

  public ServerConfig withApiKeys(List<ApiKeyEntry> newKeys) {
    return new ServerConfig(host, port, models, modelsDir, embedders, index, sources, newKeys, limits,
        cors, metricsRequireKey, shutdownGraceSeconds, device, grounded, allowOpenRemote, http, quotas, audit, tls, actions, cluster);
  }

  public ServerConfig withIndex(Path newIndex) {
    return new ServerConfig(host, port, models, modelsDir, embedders, newIndex, sources, apiKeys, limits,
        cors, metricsRequireKey, shutdownGraceSeconds, device, grounded, allowOpenRemote, http, quotas, audit, tls, actions, cluster);
  }

  /** {@link #withEmbedders} from the "name[:lang+lang],..." form ("none": no embedder). */
  public ServerConfig withEmbedder(String list) {
    return withEmbedders(EmbedderEntry.parseList(list));
  }

  public ServerConfig withEmbedders(List<EmbedderEntry> newEmbedders) {
    return new ServerConfig(host, port, models, modelsDir, newEmbedders, index, sources, apiKeys, limits,
        cors, metricsRequireKey, shutdownGraceSeconds, device, grounded, allowOpenRemote, http, quotas, audit, tls, actions, cluster);
  }

  public ServerConfig withSources(List<Source> newSources) {
    return new ServerConfig(host, port, models, modelsDir, embedders, index, newSources, apiKeys, limits,
        cors, metricsRequireKey, shutdownGraceSeconds, device, grounded, allowOpenRemote, http, quotas, audit, tls, actions, cluster);
  }

  public ServerConfig withLimits(Limits newLimits) {
    return new ServerConfig(host, port, models, modelsDir, embedders, index, sources, apiKeys, newLimits,
        cors, metricsRequireKey, shutdownGraceSeconds, device, grounded, allowOpenRemote, http, quotas, audit, tls, actions, cluster);
  }

  public ServerConfig withGrounded(Grounded newGrounded) {
    return new ServerConfig(host, port, models, modelsDir, embedders, index, sources, apiKeys, limits,
        cors, metricsRequireKey, shutdownGraceSeconds, device, newGrounded, allowOpenRemote, http, quotas, audit, tls, actions, cluster);
  }

  public ServerConfig withHost(String newHost) {
    return new ServerConfig(newHost, port, models, modelsDir, embedders, index, sources, apiKeys, limits,
        cors, metricsRequireKey, shutdownGraceSeconds, device, grounded, allowOpenRemote, http, quotas, audit, tls, actions, cluster);
  }

  public ServerConfig withAllowOpenRemote(boolean newAllowOpenRemote) {
    return new ServerConfig(host, port, models, modelsDir, embedders, index, sources, apiKeys, limits,
        cors, metricsRequireKey, shutdownGraceSeconds, device, grounded, newAllowOpenRemote, http, quotas, audit, tls, actions, cluster);
  }

  public ServerConfig withHttp(Http newHttp) {
    return new ServerConfig(host, port, models, modelsDir, embedders, index, sources, apiKeys, limits,
        cors, metricsRequireKey, shutdownGraceSeconds, device, grounded, allowOpenRemote, newHttp, quotas, audit, tls, actions, cluster);
  }

  public ServerConfig withQuotas(Quotas newQuotas) {
    return new ServerConfig(host, port, models, modelsDir, embedders, index, sources, apiKeys, limits,
        cors, metricsRequireKey, shutdownGraceSeconds, device, grounded, allowOpenRemote, http, newQuotas, audit, tls, actions, cluster);
  }

  public ServerConfig withAudit(Audit newAudit) {
    return new ServerConfig(host, port, models, modelsDir, embedders, index, sources, apiKeys, limits,
        cors, metricsRequireKey, shutdownGraceSeconds, device, grounded, allowOpenRemote, http, quotas, newAudit, tls,
        actions, cluster);
  }

  public ServerConfig withCluster(ClusterConfig newCluster) {
    return new ServerConfig(host, port, models, modelsDir, embedders, index, sources, apiKeys, limits,
        cors, metricsRequireKey, shutdownGraceSeconds, device, grounded, allowOpenRemote, http, quotas, audit, tls,
        actions, newCluster);
  }

  public ServerConfig withTls(Tls newTls) {
    return new ServerConfig(host, port, models, modelsDir, embedders, index, sources, apiKeys, limits,
        cors, metricsRequireKey, shutdownGraceSeconds, device, grounded, allowOpenRemote, http, quotas, audit, newTls,
        actions, cluster);
  }

  /**
   * Whether no API key and no client certificate is configured: open mode (every caller is the
   * admin principal 'local').
   */
  public boolean openMode() {
    return apiKeys.isEmpty() && tls.clients().isEmpty();
  }

  /**
   * The interface to listen on: {@code host} when set, else 0.0.0.0 with API keys and 127.0.0.1
   * (loopback only) in open mode. Open mode on another interface needs {@code allowOpenRemote}.
   */
  public String bindHost() {
    String bind = host != null ? host : openMode() ? "127.0.0.1" : "0.0.0.0";
    if (openMode() && !allowOpenRemote && !isLoopback(bind)) {
      throw new IllegalArgumentException("no API keys are configured (open mode: every caller is an admin), so the "
          + "server only listens on loopback; host " + bind + " needs API keys (apiKeys, --api-key) or an explicit "
          + "allowOpenRemote: true (--allow-open-remote, OPSMIND_ALLOW_OPEN_REMOTE=true)");
    }
    return bind;
  }

  /** Whether {@code host} names a loopback interface only. */
  public static boolean isLoopback(String host) {
    String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    return h.equals("localhost") || h.startsWith("127.") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1");
  }

  /** Appends keys given on the command line to those from the file. */
  public ServerConfig plusApiKeys(List<ApiKeyEntry> more) {
    List<ApiKeyEntry> all = new ArrayList<>(apiKeys);
    all.addAll(more);
    return withApiKeys(all);
  }

  /**
   * A folder indexed into {@code collection} at start (incrementally: unchanged files are
   * skipped). {@code readers} (principals, "*" = everyone) are set when the collection is created;
   * absent = admins only.
   */
  /**
   * One embedder: a bundled model's name or an embedder directory (model.onnx, tokenizer.json,
   * opsmind-embedder.json), and the languages ("en", "zh") it embeds here; empty: those the
   * model declares. In YAML a plain string is a name alone.
   */
  public record EmbedderEntry(String name, List<String> languages) {
    public EmbedderEntry {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("embedders: an entry has no name");
      }
      languages = languages == null ? List.of() : List.copyOf(languages);
      for (String language : languages) {
        if (!language.equals("en") && !language.equals("zh")) {
          throw new IllegalArgumentException("embedders: " + name + " has language '" + language + "': use en or zh");
        }
      }
    }

    @com.fasterxml.jackson.annotation.JsonCreator(mode = com.fasterxml.jackson.annotation.JsonCreator.Mode.DELEGATING)
    public static EmbedderEntry of(String name) {
      return new EmbedderEntry(name, List.of());
    }

    @com.fasterxml.jackson.annotation.JsonCreator(mode = com.fasterxml.jackson.annotation.JsonCreator.Mode.PROPERTIES)
    public static EmbedderEntry of(@JsonProperty("name") String name, @JsonProperty("languages") List<String> languages) {
      return new EmbedderEntry(name, languages);
    }

    /**
     * Parses "name[:lang+lang],name..." (the OPSMIND_EMBEDDERS form); "none" is the empty list.
     */
    public static List<EmbedderEntry> parseList(String text) {
      if (text.isBlank() || text.strip().equalsIgnoreCase("none")) {
        return List.of();
      }
      List<EmbedderEntry> out = new ArrayList<>();
      for (String item : text.split(",")) {
        String[] parts = item.strip().split(":", 2);
        out.add(new EmbedderEntry(parts[0].strip(), parts.length == 1 ? List.of()
            : List.of(parts[1].strip().split("\\+"))));
      }
      return out;
    }
  }

  public record Source(String collection, Path path, List<String> readers) {
    public Source {
      readers = readers == null ? List.of() : List.copyOf(readers);
      if (collection == null || collection.isBlank()) {
        throw new IllegalArgumentException("sources[].collection must be a non-empty name");
      }
      if (path == null) {
        throw new IllegalArgumentException("sources[].path is missing for collection " + collection);
      }
    }
  }

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
      idleTimeoutSeconds = orDefault("http.idleTimeoutSeconds", idleTimeoutSeconds, 120);
      headerTimeoutSeconds = orDefault("http.headerTimeoutSeconds", headerTimeoutSeconds, 10);
      requestTimeoutSeconds = orDefault("http.requestTimeoutSeconds", requestTimeoutSeconds, 60);
      maxConnections = orDefault("http.maxConnections", maxConnections, 4096);
      maxConnectionsPerClient = orDefault("http.maxConnectionsPerClient", maxConnectionsPerClient, 512);
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
      burst = orDefault("quotas.burst", burst, 120);
      feedbackPerPrincipal = orDefault("quotas.feedbackPerPrincipal", feedbackPerPrincipal, 1000);
      storedResponsesPerPrincipal = orDefault("quotas.storedResponsesPerPrincipal", storedResponsesPerPrincipal, 256);
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

  public ServerConfig withActions(Actions newActions) {
    return new ServerConfig(host, port, models, modelsDir, embedders, index, sources, apiKeys, limits,
        cors, metricsRequireKey, shutdownGraceSeconds, device, grounded, allowOpenRemote, http, quotas, audit, tls,
        newActions, cluster);
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
      maxConcurrent = orDefault("actions.maxConcurrent", maxConcurrent, 2);
      proposalTtlSeconds = proposalTtlSeconds == null ? 3600L : proposalTtlSeconds;
      if (proposalTtlSeconds < 1) {
        throw new IllegalArgumentException("actions.proposalTtlSeconds must be >= 1, got " + proposalTtlSeconds);
      }
      maxOutputBytes = orDefault("actions.maxOutputBytes", maxOutputBytes, 64 * 1024);
    }

    public Actions withAllow(List<String> newAllow) {
      return new Actions(newAllow, environment, passEnvironment, workingDirectory, maxConcurrent, proposalTtlSeconds,
          maxOutputBytes);
    }
  }

  private static int orDefault(String name, Integer value, int fallback) {
    int v = value == null ? fallback : value;
    if (v <= 0) {
      throw new IllegalArgumentException(name + " must be > 0, got " + v);
    }
    return v;
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
      if (!ApiKeyEntry.ROLES.contains(role)) {
        throw new IllegalArgumentException("tls.clients[].role of " + principal + " must be reader, operator or admin");
      }
    }
  }
}
