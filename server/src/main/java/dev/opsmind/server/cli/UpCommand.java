package dev.opsmind.server.cli;

import dev.opsmind.inference.embed.EmbedderDirectory;
import dev.opsmind.server.config.ServerConfig;
import dev.opsmind.server.config.ServerConfigLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code opsmind up}: serve on the embedded default: the bundled embedder, an index (data/index)
 * of the sample runbooks kept in step at every start, and every generator found under models/.
 * OPSMIND_* environment variables still apply.
 */
@Command(name = "up", description = "Serve on the embedded default: bundled embedder, sample runbooks indexed at start, generators under models/.",
    mixinStandardHelpOptions = true)
public final class UpCommand implements Callable<Integer> {
  @Option(names = "--port", description = "TCP port (default 8080)")
  Integer port;

  @Option(names = "--api-key", paramLabel = "KEY", description = "a plain API key for an admin principal named 'cli' (repeatable); none = open local mode")
  List<String> apiKeys = new ArrayList<>();

  @Option(names = "--host", description = "interface to listen on (default: 127.0.0.1 without API keys, else 0.0.0.0)")
  String host;

  @Option(names = "--allow-open-remote", description = "without API keys, listen on a non-loopback --host anyway (everyone is admin; warned every minute)")
  boolean allowOpenRemote;

  @Override
  public Integer call() throws InterruptedException {
    var env = System.getenv();
    ServerConfig config = embeddedDefault(home(), ServerConfigLoader.load(null, env), env.containsKey("OPSMIND_INDEX"),
        env.containsKey("OPSMIND_MODELS"));
    return ServeCommand.run(ServeCommand.applyNetworkFlags(ServeCommand.applyFlags(config, port, List.of(), apiKeys),
        host, allowOpenRemote));
  }

  /** The launcher passes the repository root as opsmind.home; else the working directory. */
  static Path home() {
    return ServerConfig.home();
  }

  static ServerConfig embeddedDefault(Path home, ServerConfig base, boolean keepIndex, boolean keepModels) {
    ServerConfig config = base;
    if (!keepIndex) {
      config = config.withIndex(home.resolve("data").resolve("index"));
    }
    if (!keepModels) {
      config = config.withModels(generatorsUnder(home.resolve("models")));
    }
    Path runbooks = home.resolve("samples").resolve("runbooks");
    if (Files.isDirectory(runbooks)) {
      config = config.withSources(List.of(new ServerConfig.Source("runbooks", runbooks, List.of("*"))));
    }
    return config;
  }

  /**
   * Directories under {@code models} holding a config.json (a Hugging Face checkpoint), except
   * embedder directories (an optimum ONNX export keeps its config.json beside opsmind-embedder.json),
   * and {@code .gguf} files.
   */
  static List<String> generatorsUnder(Path models) {
    if (!Files.isDirectory(models)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(models)) {
      return entries.filter(dir -> (Files.isRegularFile(dir.resolve("config.json"))
              && !EmbedderDirectory.isEmbedderDirectory(dir))
              || (Files.isRegularFile(dir) && dev.opsmind.inference.model.GgufCheckpoint.isGguf(dir)))
          .map(Path::toString).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + models, e);
    }
  }
}
