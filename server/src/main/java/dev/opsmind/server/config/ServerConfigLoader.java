package dev.opsmind.server.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads {@link ServerConfig}: the YAML file (if any), then OPSMIND_* environment variables over
 * it. Command-line flags are applied by the caller with the record's {@code with*} methods.
 *
 * <p>Environment overrides (each replaces the file's value):
 *
 * <pre>
 * OPSMIND_HOST                 host
 * OPSMIND_PORT                 port
 * OPSMIND_MODELS               models            (comma-separated)
 * OPSMIND_MODELS_DIR           modelsDir
 * OPSMIND_EMBEDDERS            embedders         ("name[:lang+lang],..."; "none" = no embedder)
 * OPSMIND_EMBEDDER             embedders         (one embedder; "none" = no embedder)
 * OPSMIND_INDEX                index
 * OPSMIND_API_KEYS             apiKeys           (principal:sha256hex[:role[:expires]], comma-separated;
 *                                                 role reader, operator or admin; expires YYYY-MM-DD)
 * OPSMIND_ALLOW_OPEN_REMOTE    allowOpenRemote   (true/false)
 * OPSMIND_MAX_BODY_BYTES       limits.maxBodyBytes
 * OPSMIND_MAX_UPLOAD_BYTES     limits.maxUploadBytes
 * OPSMIND_MAX_BATCH            limits.maxBatch
 * OPSMIND_MAX_QUEUE            limits.maxQueue
 * OPSMIND_KV_BUDGET_TOKENS     limits.kvBudgetTokens
 * OPSMIND_PROMPT_CACHE_TOKENS  limits.promptCacheTokens
 * OPSMIND_BATCH_WINDOW_MILLIS  limits.batchWindowMillis
 * OPSMIND_MAX_TOKENS_DEFAULT   limits.maxTokensDefault
 * OPSMIND_CORS_ORIGINS         cors.allowedOrigins (comma-separated)
 * OPSMIND_METRICS_REQUIRE_KEY  metricsRequireKey (true/false)
 * OPSMIND_SHUTDOWN_GRACE_SECONDS shutdownGraceSeconds
 * OPSMIND_DEVICE               device            (cpu, gpu or auto)
 * OPSMIND_GROUNDED_TIMEOUT_SECONDS grounded.timeoutSeconds (seconds, fractions allowed)
 * OPSMIND_GROUNDED_MIN_RELEVANCE grounded.minRelevance (a cosine; unset: calibrated per embedder)
 * OPSMIND_GROUNDED_CITATION_DROP grounded.citationDrop (a cosine difference; unset: calibrated)
 * OPSMIND_IDLE_TIMEOUT_SECONDS http.idleTimeoutSeconds
 * OPSMIND_HEADER_TIMEOUT_SECONDS http.headerTimeoutSeconds
 * OPSMIND_REQUEST_TIMEOUT_SECONDS http.requestTimeoutSeconds
 * OPSMIND_MAX_CONNECTIONS      http.maxConnections
 * OPSMIND_MAX_CONNECTIONS_PER_CLIENT http.maxConnectionsPerClient
 * OPSMIND_REQUESTS_PER_MINUTE  quotas.requestsPerMinute (0 = no limit)
 * OPSMIND_BURST                quotas.burst
 * OPSMIND_FEEDBACK_PER_PRINCIPAL quotas.feedbackPerPrincipal
 * OPSMIND_STORED_RESPONSES_PER_PRINCIPAL quotas.storedResponsesPerPrincipal
 * OPSMIND_AUDIT_ROTATE_BYTES   audit.rotateBytes
 * OPSMIND_TLS_CERT             tls.cert          (PEM file)
 * OPSMIND_TLS_KEY              tls.key           (PEM file)
 * OPSMIND_TLS_CLIENT_CA        tls.clientCa      (PEM file)
 * OPSMIND_TLS_CLIENT_AUTH      tls.clientAuth    (request or required)
 * OPSMIND_TLS_PLAIN_HTTP_PORT  tls.plainHttpPort
 * OPSMIND_ACTIONS_ALLOW        actions.allow     (absolute executable paths, comma-separated)
 * OPSMIND_ACTIONS_MAX_CONCURRENT actions.maxConcurrent
 * OPSMIND_ACTIONS_PROPOSAL_TTL_SECONDS actions.proposalTtlSeconds
 * OPSMIND_CLUSTER              cluster.enabled   (true/false)
 * OPSMIND_CLUSTER_NAME         cluster.name
 * OPSMIND_CLUSTER_NODE_NAME    cluster.nodeName
 * OPSMIND_CLUSTER_HOST         cluster.host
 * OPSMIND_CLUSTER_PORT         cluster.port
 * OPSMIND_CLUSTER_PORT_COUNT   cluster.portCount
 * OPSMIND_CLUSTER_EVENT_BUS_PORT cluster.eventBusPort
 * OPSMIND_CLUSTER_MEMBERS      cluster.members   (host[:port], comma-separated)
 * OPSMIND_CLUSTER_SECRET       cluster.secret
 * OPSMIND_CLUSTER_SECRET_FILE  cluster.secretFile
 * OPSMIND_CLUSTER_FAILURE_SECONDS cluster.failureSeconds
 * OPSMIND_CLUSTER_RELAY_TIMEOUT_SECONDS cluster.relayTimeoutSeconds
 * OPSMIND_CLUSTER_JOURNAL_COPIES cluster.journalCopies
 * </pre>
 */
public final class ServerConfigLoader {
  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory())
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);


  private ServerConfigLoader() {}

  /** Loads {@code file} (null = no file, defaults only) with {@code env}'s OPSMIND_* overrides. */
  public static ServerConfig load(Path file, Map<String, String> env) {
    ObjectNode tree = JsonNodeFactory.instance.objectNode();
    String origin = "defaults";
    if (file != null) {
      origin = "config file " + file;
      if (!Files.isRegularFile(file)) {
        throw new IllegalArgumentException(origin + " does not exist or is not a file");
      }
      try {
        JsonNode read = YAML.readTree(file.toFile());
        if (read != null && !read.isMissingNode() && !read.isNull()) {
          if (!read.isObject()) {
            throw new IllegalArgumentException(origin + ": expected a mapping of keys at the top");
          }
          tree = (ObjectNode) read;
        }
      } catch (IOException e) {
        throw new IllegalArgumentException(origin + " is not valid YAML: " + message(e));
      }
    }
    if (tree.has("embedder")) {
      // the one-embedder key of earlier versions
      JsonNode single = tree.remove("embedder");
      if (tree.has("embedders")) {
        throw new IllegalArgumentException(origin + ": give either 'embedder' or 'embedders', not both");
      }
      tree.set("embedders", embedderList(single.asText()));
    }
    applyEnv(tree, env);
    if (!tree.has("port")) {
      tree.put("port", ServerConfig.DEFAULT_PORT);
    }
    if (!tree.has("shutdownGraceSeconds")) {
      tree.put("shutdownGraceSeconds", 30);
    }
    try {
      return YAML.treeToValue(tree, ServerConfig.class);
    } catch (UnrecognizedPropertyException e) {
      throw new IllegalArgumentException(
          origin + ": unknown key '" + e.getPropertyName() + "' (known: " + e.getKnownPropertyIds() + ")");
    } catch (IOException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IllegalArgumentException iae) {
        throw new IllegalArgumentException(origin + ": " + iae.getMessage(), iae);
      }
      throw new IllegalArgumentException(origin + ": " + message(e));
    }
  }

  private static com.fasterxml.jackson.databind.node.ArrayNode embedderList(String text) {
    var array = JsonNodeFactory.instance.arrayNode();
    for (ServerConfig.EmbedderEntry e : ServerConfig.EmbedderEntry.parseList(text)) {
      var item = array.addObject().put("name", e.name());
      var languages = item.putArray("languages");
      e.languages().forEach(languages::add);
    }
    return array;
  }

  private static String message(IOException e) {
    return e instanceof com.fasterxml.jackson.core.JacksonException je ? je.getOriginalMessage() : e.getMessage();
  }

  private static void applyEnv(ObjectNode tree, Map<String, String> env) {
    set(env, "OPSMIND_HOST", v -> tree.put("host", v));
    set(env, "OPSMIND_PORT", v -> tree.put("port", integer("OPSMIND_PORT", v)));
    set(env, "OPSMIND_MODELS", v -> tree.set("models", list(v)));
    set(env, "OPSMIND_MODELS_DIR", v -> tree.put("modelsDir", v));
    set(env, "OPSMIND_DEVICE", v -> tree.put("device", v));
    set(env, "OPSMIND_EMBEDDER", v -> tree.set("embedders", embedderList(v)));
    set(env, "OPSMIND_EMBEDDERS", v -> tree.set("embedders", embedderList(v)));
    set(env, "OPSMIND_INDEX", v -> tree.put("index", v));
    set(env, "OPSMIND_API_KEYS", v -> tree.set("apiKeys", apiKeys(v)));
    ObjectNode limits = tree.has("limits") && tree.get("limits").isObject()
        ? (ObjectNode) tree.get("limits") : JsonNodeFactory.instance.objectNode();
    set(env, "OPSMIND_MAX_BODY_BYTES", v -> limits.put("maxBodyBytes", longValue("OPSMIND_MAX_BODY_BYTES", v)));
    set(env, "OPSMIND_MAX_UPLOAD_BYTES", v -> limits.put("maxUploadBytes", longValue("OPSMIND_MAX_UPLOAD_BYTES", v)));
    set(env, "OPSMIND_MAX_BATCH", v -> limits.put("maxBatch", integer("OPSMIND_MAX_BATCH", v)));
    set(env, "OPSMIND_MAX_QUEUE", v -> limits.put("maxQueue", integer("OPSMIND_MAX_QUEUE", v)));
    set(env, "OPSMIND_KV_BUDGET_TOKENS", v -> limits.put("kvBudgetTokens", integer("OPSMIND_KV_BUDGET_TOKENS", v)));
    set(env, "OPSMIND_PROMPT_CACHE_TOKENS",
        v -> limits.put("promptCacheTokens", integer("OPSMIND_PROMPT_CACHE_TOKENS", v)));
    set(env, "OPSMIND_BATCH_WINDOW_MILLIS",
        v -> limits.put("batchWindowMillis", integer("OPSMIND_BATCH_WINDOW_MILLIS", v)));
    set(env, "OPSMIND_MAX_TOKENS_DEFAULT", v -> limits.put("maxTokensDefault", integer("OPSMIND_MAX_TOKENS_DEFAULT", v)));
    if (!limits.isEmpty()) {
      tree.set("limits", limits);
    }
    set(env, "OPSMIND_CORS_ORIGINS", v -> tree.set("cors",
        JsonNodeFactory.instance.objectNode().set("allowedOrigins", list(v))));
    set(env, "OPSMIND_METRICS_REQUIRE_KEY", v -> tree.put("metricsRequireKey", bool("OPSMIND_METRICS_REQUIRE_KEY", v)));
    set(env, "OPSMIND_SHUTDOWN_GRACE_SECONDS",
        v -> tree.put("shutdownGraceSeconds", integer("OPSMIND_SHUTDOWN_GRACE_SECONDS", v)));
    ObjectNode grounded = tree.has("grounded") && tree.get("grounded").isObject()
        ? (ObjectNode) tree.get("grounded") : JsonNodeFactory.instance.objectNode();
    set(env, "OPSMIND_GROUNDED_TIMEOUT_SECONDS",
        v -> grounded.put("timeoutSeconds", seconds("OPSMIND_GROUNDED_TIMEOUT_SECONDS", v)));
    set(env, "OPSMIND_GROUNDED_CITATION_DROP",
        v -> grounded.put("citationDrop", parse("OPSMIND_GROUNDED_CITATION_DROP", v, Double::parseDouble)));
    set(env, "OPSMIND_GROUNDED_MIN_RELEVANCE",
        v -> grounded.put("minRelevance", parse("OPSMIND_GROUNDED_MIN_RELEVANCE", v, Double::parseDouble)));
    if (!grounded.isEmpty()) {
      tree.set("grounded", grounded);
    }
    set(env, "OPSMIND_ALLOW_OPEN_REMOTE", v -> tree.put("allowOpenRemote", bool("OPSMIND_ALLOW_OPEN_REMOTE", v)));
    section(tree, "http", env, Map.of(
        "OPSMIND_IDLE_TIMEOUT_SECONDS", "idleTimeoutSeconds",
        "OPSMIND_HEADER_TIMEOUT_SECONDS", "headerTimeoutSeconds",
        "OPSMIND_REQUEST_TIMEOUT_SECONDS", "requestTimeoutSeconds",
        "OPSMIND_MAX_CONNECTIONS", "maxConnections",
        "OPSMIND_MAX_CONNECTIONS_PER_CLIENT", "maxConnectionsPerClient"));
    section(tree, "quotas", env, Map.of(
        "OPSMIND_REQUESTS_PER_MINUTE", "requestsPerMinute",
        "OPSMIND_BURST", "burst",
        "OPSMIND_FEEDBACK_PER_PRINCIPAL", "feedbackPerPrincipal",
        "OPSMIND_STORED_RESPONSES_PER_PRINCIPAL", "storedResponsesPerPrincipal"));
    section(tree, "audit", env, Map.of("OPSMIND_AUDIT_ROTATE_BYTES", "rotateBytes"));
    ObjectNode tls = tree.has("tls") && tree.get("tls").isObject()
        ? (ObjectNode) tree.get("tls") : JsonNodeFactory.instance.objectNode();
    set(env, "OPSMIND_TLS_CERT", v -> tls.put("cert", v));
    set(env, "OPSMIND_TLS_KEY", v -> tls.put("key", v));
    set(env, "OPSMIND_TLS_CLIENT_CA", v -> tls.put("clientCa", v));
    set(env, "OPSMIND_TLS_CLIENT_AUTH", v -> tls.put("clientAuth", v));
    set(env, "OPSMIND_TLS_PLAIN_HTTP_PORT", v -> tls.put("plainHttpPort", integer("OPSMIND_TLS_PLAIN_HTTP_PORT", v)));
    if (!tls.isEmpty()) {
      tree.set("tls", tls);
    }
    ObjectNode actions = tree.has("actions") && tree.get("actions").isObject()
        ? (ObjectNode) tree.get("actions") : JsonNodeFactory.instance.objectNode();
    set(env, "OPSMIND_ACTIONS_ALLOW", v -> actions.set("allow", list(v)));
    set(env, "OPSMIND_ACTIONS_MAX_CONCURRENT",
        v -> actions.put("maxConcurrent", integer("OPSMIND_ACTIONS_MAX_CONCURRENT", v)));
    set(env, "OPSMIND_ACTIONS_PROPOSAL_TTL_SECONDS",
        v -> actions.put("proposalTtlSeconds", longValue("OPSMIND_ACTIONS_PROPOSAL_TTL_SECONDS", v)));
    if (!actions.isEmpty()) {
      tree.set("actions", actions);
    }
    ObjectNode cluster = tree.has("cluster") && tree.get("cluster").isObject()
        ? (ObjectNode) tree.get("cluster") : JsonNodeFactory.instance.objectNode();
    set(env, "OPSMIND_CLUSTER", v -> cluster.put("enabled", bool("OPSMIND_CLUSTER", v)));
    set(env, "OPSMIND_CLUSTER_NAME", v -> cluster.put("name", v));
    set(env, "OPSMIND_CLUSTER_NODE_NAME", v -> cluster.put("nodeName", v));
    set(env, "OPSMIND_CLUSTER_HOST", v -> cluster.put("host", v));
    set(env, "OPSMIND_CLUSTER_PORT", v -> cluster.put("port", integer("OPSMIND_CLUSTER_PORT", v)));
    set(env, "OPSMIND_CLUSTER_PORT_COUNT", v -> cluster.put("portCount", integer("OPSMIND_CLUSTER_PORT_COUNT", v)));
    set(env, "OPSMIND_CLUSTER_EVENT_BUS_PORT",
        v -> cluster.put("eventBusPort", integer("OPSMIND_CLUSTER_EVENT_BUS_PORT", v)));
    set(env, "OPSMIND_CLUSTER_MEMBERS", v -> cluster.set("members", list(v)));
    set(env, "OPSMIND_CLUSTER_SECRET", v -> {
      cluster.put("secret", v);
      cluster.remove("secretFile");
    });
    set(env, "OPSMIND_CLUSTER_SECRET_FILE", v -> {
      cluster.put("secretFile", v);
      cluster.remove("secret");
    });
    set(env, "OPSMIND_CLUSTER_FAILURE_SECONDS",
        v -> cluster.put("failureSeconds", integer("OPSMIND_CLUSTER_FAILURE_SECONDS", v)));
    set(env, "OPSMIND_CLUSTER_RELAY_TIMEOUT_SECONDS",
        v -> cluster.put("relayTimeoutSeconds", integer("OPSMIND_CLUSTER_RELAY_TIMEOUT_SECONDS", v)));
    set(env, "OPSMIND_CLUSTER_JOURNAL_COPIES",
        v -> cluster.put("journalCopies", integer("OPSMIND_CLUSTER_JOURNAL_COPIES", v)));
    if (!cluster.isEmpty()) {
      tree.set("cluster", cluster);
    }
  }

  /** Whole-number overrides of one section's keys (environment name → key). */
  private static void section(ObjectNode tree, String name, Map<String, String> env, Map<String, String> keys) {
    ObjectNode node = tree.has(name) && tree.get(name).isObject()
        ? (ObjectNode) tree.get(name) : JsonNodeFactory.instance.objectNode();
    keys.forEach((variable, key) -> set(env, variable, v -> node.put(key, longValue(variable, v))));
    if (!node.isEmpty()) {
      tree.set(name, node);
    }
  }

  private static void set(Map<String, String> env, String name, java.util.function.Consumer<String> apply) {
    String value = env.get(name);
    if (value != null && !value.isBlank()) {
      apply.accept(value.trim());
    }
  }

  private static ArrayNode list(String csv) {
    ArrayNode array = JsonNodeFactory.instance.arrayNode();
    for (String part : csv.split(",")) {
      if (!part.isBlank()) {
        array.add(part.trim());
      }
    }
    return array;
  }

  /** "alice:HEX:admin,bob:HEX:reader:2027-01-31" → [{principal, sha256, role, expires}]. */
  static ArrayNode apiKeys(String csv) {
    ArrayNode array = JsonNodeFactory.instance.arrayNode();
    for (String part : csv.split(",")) {
      if (part.isBlank()) {
        continue;
      }
      String[] fields = part.trim().split(":");
      if (fields.length < 2 || fields.length > 4
          || (fields.length >= 3 && !ServerConfig.ApiKeyEntry.ROLES.contains(fields[2]))) {
        throw new IllegalArgumentException("OPSMIND_API_KEYS entries must look like "
            + "principal:sha256hex[:reader|operator|admin[:YYYY-MM-DD]], got '" + part.trim() + "'");
      }
      ObjectNode entry = array.addObject();
      entry.put("principal", fields[0]);
      entry.put("sha256", fields[1]);
      entry.put("role", fields.length >= 3 ? fields[2] : "reader");
      if (fields.length == 4) {
        entry.put("expires", fields[3]);
      }
    }
    return array;
  }

  private static int integer(String name, String value) {
    return parse(name, value, Integer::parseInt);
  }

  private static long longValue(String name, String value) {
    return parse(name, value, Long::parseLong);
  }

  private static double seconds(String name, String value) {
    try {
      return Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a number of seconds, got '" + value + "'");
    }
  }

  private static boolean bool(String name, String value) {
    if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
      throw new IllegalArgumentException(name + " must be true or false, got '" + value + "'");
    }
    return Boolean.parseBoolean(value);
  }

  private static <T> T parse(String name, String value, Function<String, T> parser) {
    try {
      return parser.apply(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number, got '" + value + "'");
    }
  }
}
