package dev.opsmind.server;

import dev.opsmind.server.auth.ApiKeys;
import dev.opsmind.server.config.ServerConfig;
import java.nio.file.Path;
import java.util.List;

/**
 * A running server with one generator and no embedder or index, as the API tests use it, with a
 * client and the model's id.
 */
public record GeneratorServer(OpsmindServer server, TestHttp http, String model) implements AutoCloseable {

  /** Serves {@code modelDir} (a checkpoint directory or a .gguf file) within {@code limits}; {@code key}: its one API key, or null for none. */
  public static GeneratorServer start(Path modelDir, ServerConfig.Limits limits, String key) {
    ServerConfig config = ServerConfig.defaults().withPort(0).withEmbedder("none")
        .withModels(List.of(modelDir.toString())).withLimits(limits);
    if (key != null) {
      config = config.withApiKeys(List.of(new ServerConfig.ApiKeyEntry("tester", ApiKeys.sha256Hex(key), false)));
    }
    OpsmindServer server = OpsmindServer.start(config);
    return new GeneratorServer(server, new TestHttp(server.port(), key),
        dev.opsmind.inference.model.ModelCatalog.modelName(modelDir));
  }

  @Override
  public void close() {
    server.close();
  }
}
