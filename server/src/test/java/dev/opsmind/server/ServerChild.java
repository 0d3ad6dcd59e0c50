package dev.opsmind.server;

import dev.opsmind.server.config.ServerConfig;
import java.nio.file.Path;
import java.util.List;

/**
 * A server in a child JVM for the kill -9 tests: {@code ServerChild INDEX_DIR RUNBOOKS} starts
 * open mode on a free port, prints {@code PORT n} and runs until it is killed.
 */
public final class ServerChild {
  private ServerChild() {}

  public static void main(String[] args) throws Exception {
    ServerConfig config = ServerConfig.defaults().withPort(0).withEmbedder("bge-small-zh-v1.5-q")
        .withIndex(Path.of(args[0]))
        .withSources(List.of(new ServerConfig.Source("runbooks", Path.of(args[1]), List.of("*"))));
    OpsmindServer server = OpsmindServer.start(config);
    System.out.println("PORT " + server.port());
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
