package dev.opsmind.server.cli;

import dev.opsmind.server.OpsmindServer;
import dev.opsmind.server.auth.ApiKeys;
import dev.opsmind.server.config.ServerConfig;
import dev.opsmind.server.config.ServerConfigLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code opsmind serve [--config FILE]}: the API server, configured by file, env and flags. */
@Command(name = "serve", description = "Serve the OpenAI-compatible API (config file + OPSMIND_* env + flags).",
    mixinStandardHelpOptions = true)
public final class ServeCommand implements Callable<Integer> {
  @Option(names = "--config", paramLabel = "FILE", description = "YAML config file (see server/README.md)")
  Path configFile;

  @Option(names = "--port", description = "TCP port (overrides the file and OPSMIND_PORT)")
  Integer port;

  @Option(names = "--model", paramLabel = "DIR|FILE.gguf", description = "generator model directory, .gguf file, or name under models/ (repeatable; replaces the file's list)")
  List<String> models = new ArrayList<>();

  @Option(names = "--api-key", paramLabel = "KEY", description = "a plain API key for an admin principal named 'cli' (repeatable; added to the file's keys)")
  List<String> apiKeys = new ArrayList<>();

  @Option(names = "--host", description = "interface to listen on (default: 127.0.0.1 without API keys, else 0.0.0.0)")
  String host;

  @Option(names = "--allow-open-remote", description = "without API keys, listen on a non-loopback --host anyway (everyone is admin; warned every minute)")
  boolean allowOpenRemote;

  @Option(names = "--cluster", description = "join the cluster of the config's cluster: section (server/README.md, \"Cluster\")")
  boolean cluster;

  @Option(names = "--cluster-members", paramLabel = "HOST[:PORT],...", split = ",",
      description = "the other members to join (replaces cluster.members; implies --cluster)")
  List<String> clusterMembers = new ArrayList<>();

  @Override
  public Integer call() throws InterruptedException {
    java.util.function.Supplier<ServerConfig> load = () -> {
      ServerConfig loaded = applyNetworkFlags(
          applyFlags(ServerConfigLoader.load(configFile, System.getenv()), port, models, apiKeys), host, allowOpenRemote);
      return loaded.withCluster(clusterFlags(loaded.cluster()));
    };
    return run(load.get(), configFile, load);
  }

  private dev.opsmind.server.config.ClusterConfig clusterFlags(dev.opsmind.server.config.ClusterConfig config) {
    if (!clusterMembers.isEmpty()) {
      config = new dev.opsmind.server.config.ClusterConfig(true, config.name(), config.nodeName(), config.host(),
          config.port(), config.portCount(), config.eventBusPort(), clusterMembers, config.secret(), config.secretFile(),
          config.failureSeconds(), config.relayTimeoutSeconds(), config.tls(), config.caFile(), config.journalCopies());
    }
    return cluster ? config.withEnabled(true) : config;
  }

  static ServerConfig applyFlags(ServerConfig config, Integer port, List<String> models, List<String> apiKeys) {
    if (port != null) {
      config = config.withPort(port);
    }
    if (!models.isEmpty()) {
      config = config.withModels(models);
    }
    if (!apiKeys.isEmpty()) {
      List<ServerConfig.ApiKeyEntry> entries = new ArrayList<>();
      for (int i = 0; i < apiKeys.size(); i++) {
        entries.add(new ServerConfig.ApiKeyEntry(i == 0 ? "cli" : "cli" + i, ApiKeys.sha256Hex(apiKeys.get(i)), true));
      }
      config = config.plusApiKeys(entries);
    }
    return config;
  }

  static ServerConfig applyNetworkFlags(ServerConfig config, String host, boolean allowOpenRemote) {
    if (host != null) {
      config = config.withHost(host);
    }
    return allowOpenRemote ? config.withAllowOpenRemote(true) : config;
  }

  /** Starts the server and blocks until the JVM is asked to stop (Ctrl-C, SIGTERM): then drains. */
  static int run(ServerConfig config) throws InterruptedException {
    return run(config, null, null);
  }

  /**
   * {@code file}: the config file, watched (and SIGHUP honoured) when given: {@code reload} reads
   * it again and its API keys replace the running ones without a restart.
   */
  static int run(ServerConfig config, Path file, java.util.function.Supplier<ServerConfig> reload) throws InterruptedException {
    OpsmindServer server = OpsmindServer.start(config);
    if (file != null) {
      new dev.opsmind.server.config.ConfigWatch(file, reload, server::reload, 2000);
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      System.err.println("opsmind: shutting down, draining in-flight requests ...");
      server.close();
      stopped.countDown();
    }, "opsmind-shutdown"));
    String host = server.host();
    String shown = host.equals("0.0.0.0") || host.equals("::") ? "every interface, port " + server.port()
        : "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + server.port() + "/v1";
    String mode = config.openMode() ? " (open mode: no API keys)" : "";
    if (!server.ready().isComplete()) {
      System.err.println("opsmind: listening on " + shown + mode + ", indexing the configured sources first"
          + " (/health shows the progress; Ctrl-C to stop) ...");
    }
    server.ready().onSuccess(ignored -> System.err.println("opsmind: serving on " + shown + mode
        + " (ready; Ctrl-C to stop)"));
    stopped.await();
    return 0;
  }
}
