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
    Grounded grounded) {

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
    host = host == null || host.isBlank() ? "0.0.0.0" : host;
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
        null, DEFAULT_PORT, null, null, null, null, null, null, null, null, false, 30, null, null);
  }

  public boolean embedderEnabled() {
    return !embedders.isEmpty();
  }

  public ServerConfig withPort(int newPort) {
    return new ServerConfig(host, newPort, models, modelsDir, embedders, index, sources, apiKeys,
        limits, cors, metricsRequireKey, shutdownGraceSeconds, device, grounded);
  }

  public ServerConfig withModels(List<String> newModels) {
    return new ServerConfig(host, port, newModels, modelsDir, embedders, index, sources, apiKeys,
        limits, cors, metricsRequireKey, shutdownGraceSeconds, device, grounded);
  }

  public ServerConfig withApiKeys(List<ApiKeyEntry> newKeys) {
    return new ServerConfig(host, port, models, modelsDir, embedders, index, sources, newKeys,
        limits, cors, metricsRequireKey, shutdownGraceSeconds, device, grounded);
  }

  public ServerConfig withIndex(Path newIndex) {
    return new ServerConfig(host, port, models, modelsDir, embedders, newIndex, sources, apiKeys,
        limits, cors, metricsRequireKey, shutdownGraceSeconds, device, grounded);
  }

  /** {@link #withEmbedders} from the "name[:lang+lang],..." form ("none": no embedder). */
  public ServerConfig withEmbedder(String list) {
    return withEmbedders(EmbedderEntry.parseList(list));
  }

  public ServerConfig withEmbedders(List<EmbedderEntry> newEmbedders) {
    return new ServerConfig(host, port, models, modelsDir, newEmbedders, index, sources, apiKeys,
        limits, cors, metricsRequireKey, shutdownGraceSeconds, device, grounded);
  }

  public ServerConfig withSources(List<Source> newSources) {
    return new ServerConfig(host, port, models, modelsDir, embedders, index, newSources, apiKeys,
        limits, cors, metricsRequireKey, shutdownGraceSeconds, device, grounded);
  }

  public ServerConfig withLimits(Limits newLimits) {
    return new ServerConfig(host, port, models, modelsDir, embedders, index, sources, apiKeys,
        newLimits, cors, metricsRequireKey, shutdownGraceSeconds, device, grounded);
  }

  public ServerConfig withGrounded(Grounded newGrounded) {
    return new ServerConfig(host, port, models, modelsDir, embedders, index, sources, apiKeys,
        limits, cors, metricsRequireKey, shutdownGraceSeconds, device, newGrounded);
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
   * @param admin whether the key may ingest and delete
   */
  public record ApiKeyEntry(String principal, String sha256, boolean admin) {
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
}
