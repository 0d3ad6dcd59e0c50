package dev.opsmind.server.cluster;

import dev.opsmind.server.OpsmindServer;
import dev.opsmind.server.config.ClusterConfig;
import dev.opsmind.server.config.ServerConfig;
import java.nio.file.Path;
import java.util.List;

/**
 * A cluster member with a knowledge index in a child JVM (open mode, the bundled small embedder):
 * {@code IndexNodeChild NAME HAZELCAST_PORT MEMBERS SECRET INDEX_DIR SOURCES_DIR} joins on
 * 127.0.0.1, keeps collection {@code runbooks} in step with the folder when it is the index
 * writer, may propose the action runbooks declare with /bin/true, prints {@code PORT n} once listening (before it is ready) and runs until killed.
 */
public final class IndexNodeChild {
  private IndexNodeChild() {}

  public static void main(String[] args) throws Exception {
    ClusterConfig cluster = new ClusterConfig(true, "opsmind-index-test", args[0], "127.0.0.1",
        Integer.parseInt(args[1]), 1, 0, List.of(args[2].split(",")), args[3], null, 8, 30, false, null, null);
    ServerConfig config = ServerConfig.defaults().withPort(0).withEmbedder("bge-small-zh-v1.5-q")
        .withIndex(Path.of(args[4])).withModels(List.of()).withCluster(cluster)
        .withSources(List.of(new ServerConfig.Source("runbooks", Path.of(args[5]), List.of("*"))))
        .withActions(new dev.opsmind.server.config.FeatureSettings.Actions(List.of("/bin/true"), null, null, null,
            null, null, null));
    OpsmindServer server = OpsmindServer.start(config);
    Runtime.getRuntime().addShutdownHook(new Thread(server::close));
    System.out.println("PORT " + server.port());
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
