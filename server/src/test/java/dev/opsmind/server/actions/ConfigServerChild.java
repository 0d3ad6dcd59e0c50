package dev.opsmind.server.actions;

import dev.opsmind.server.OpsmindServer;
import dev.opsmind.server.config.ServerConfigLoader;
import java.nio.file.Path;
import java.util.Map;

/** A server in a child JVM for kill -9 tests: {@code ConfigServerChild CONFIG.yaml} prints {@code PORT n} and runs until killed. */
public final class ConfigServerChild {
  private ConfigServerChild() {}

  public static void main(String[] args) throws Exception {
    OpsmindServer server = OpsmindServer.start(ServerConfigLoader.load(Path.of(args[0]), Map.of()));
    System.out.println("PORT " + server.port());
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
