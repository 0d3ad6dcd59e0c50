package dev.opsmind.server.config;

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
    Actions actions) implements KnowledgeSettings, AccessSettings, HttpSettings, FeatureSettings {

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
        null, null, null);
  }

  public boolean embedderEnabled() {
    return !embedders.isEmpty();
  }

  public ServerConfig withPort(int newPort) {
    return new ServerConfig(host, newPort, models, modelsDir, embedders, index, sources, apiKeys, limits,
        cors, metricsRequireKey, shutdownGraceSeconds, device, grounded, allowOpenRemote, http, quotas, audit, tls, actions);
  }

  public ServerConfig withModels(List<String> newModels) {
    return new ServerConfig(host, port, newModels, modelsDir, embedders, index, sources, apiKeys, limits,
        cors, metricsRequireKey, shutdownGraceSeconds, device, grounded, allowOpenRemote, http, quotas, audit, tls, actions);
  }

  public ServerConfig withApiKeys(List<ApiKeyEntry> newKeys) {
    return new ServerConfig(host, port, models, modelsDir, embedders, index, sources, newKeys, limits,
        cors, metricsRequireKey, shutdownGraceSeconds, device, grounded, allowOpenRemote, http, quotas, audit, tls, actions);
  }

  public ServerConfig withIndex(Path newIndex) {
    return new ServerConfig(host, port, models, modelsDir, embedders, newIndex, sources, apiKeys, limits,
        cors, metricsRequireKey, shutdownGraceSeconds, device, grounded, allowOpenRemote, http, quotas, audit, tls, actions);
  }

  /** {@link #withEmbedders} from the "name[:lang+lang],..." form ("none": no embedder). */
  public ServerConfig withEmbedder(String list) {
    return withEmbedders(EmbedderEntry.parseList(list));
  }

  public ServerConfig withEmbedders(List<EmbedderEntry> newEmbedders) {
    return new ServerConfig(host, port, models, modelsDir, newEmbedders, index, sources, apiKeys, limits,
        cors, metricsRequireKey, shutdownGraceSeconds, device, grounded, allowOpenRemote, http, quotas, audit, tls, actions);
  }

  public ServerConfig withSources(List<Source> newSources) {
    return new ServerConfig(host, port, models, modelsDir, embedders, index, newSources, apiKeys, limits,
        cors, metricsRequireKey, shutdownGraceSeconds, device, grounded, allowOpenRemote, http, quotas, audit, tls, actions);
  }

  public ServerConfig withLimits(Limits newLimits) {
    return new ServerConfig(host, port, models, modelsDir, embedders, index, sources, apiKeys, newLimits,
        cors, metricsRequireKey, shutdownGraceSeconds, device, grounded, allowOpenRemote, http, quotas, audit, tls, actions);
  }

  public ServerConfig withGrounded(Grounded newGrounded) {
    return new ServerConfig(host, port, models, modelsDir, embedders, index, sources, apiKeys, limits,
        cors, metricsRequireKey, shutdownGraceSeconds, device, newGrounded, allowOpenRemote, http, quotas, audit, tls, actions);
  }

  public ServerConfig withHost(String newHost) {
    return new ServerConfig(newHost, port, models, modelsDir, embedders, index, sources, apiKeys, limits,
        cors, metricsRequireKey, shutdownGraceSeconds, device, grounded, allowOpenRemote, http, quotas, audit, tls, actions);
  }

  public ServerConfig withAllowOpenRemote(boolean newAllowOpenRemote) {
    return new ServerConfig(host, port, models, modelsDir, embedders, index, sources, apiKeys, limits,
        cors, metricsRequireKey, shutdownGraceSeconds, device, grounded, newAllowOpenRemote, http, quotas, audit, tls, actions);
  }

  public ServerConfig withHttp(Http newHttp) {
    return new ServerConfig(host, port, models, modelsDir, embedders, index, sources, apiKeys, limits,
        cors, metricsRequireKey, shutdownGraceSeconds, device, grounded, allowOpenRemote, newHttp, quotas, audit, tls, actions);
  }

  public ServerConfig withQuotas(Quotas newQuotas) {
    return new ServerConfig(host, port, models, modelsDir, embedders, index, sources, apiKeys, limits,
        cors, metricsRequireKey, shutdownGraceSeconds, device, grounded, allowOpenRemote, http, newQuotas, audit, tls, actions);
  }

  public ServerConfig withAudit(Audit newAudit) {
    return new ServerConfig(host, port, models, modelsDir, embedders, index, sources, apiKeys, limits,
        cors, metricsRequireKey, shutdownGraceSeconds, device, grounded, allowOpenRemote, http, quotas, newAudit, tls,
        actions);
  }

  public ServerConfig withTls(Tls newTls) {
    return new ServerConfig(host, port, models, modelsDir, embedders, index, sources, apiKeys, limits,
        cors, metricsRequireKey, shutdownGraceSeconds, device, grounded, allowOpenRemote, http, quotas, audit, newTls,
        actions);
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

  public ServerConfig withActions(Actions newActions) {
    return new ServerConfig(host, port, models, modelsDir, embedders, index, sources, apiKeys, limits,
        cors, metricsRequireKey, shutdownGraceSeconds, device, grounded, allowOpenRemote, http, quotas, audit, tls,
        newActions);
  }

  static int orDefault(String name, Integer value, int fallback) {
    int v = value == null ? fallback : value;
    if (v <= 0) {
      throw new IllegalArgumentException(name + " must be > 0, got " + v);
    }
    return v;
  }

}
