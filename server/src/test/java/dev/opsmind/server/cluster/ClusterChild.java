package dev.opsmind.server.cluster;

import dev.opsmind.server.config.ClusterConfig;
import dev.opsmind.server.OpsmindServer;
import dev.opsmind.server.config.ServerConfig;
import java.util.List;

/**
 * A cluster member in a child JVM (open mode, no embedder, on a free API port):
 * {@code ClusterChild NAME HAZELCAST_PORT MEMBERS SECRET [MODEL_DIR [EMBEDDER]]} joins the cluster on
 * 127.0.0.1 with the comma-separated member list, hosts the model (and embedder) when given, prints
 * {@code PORT n} once ready and runs until killed (kill -9) or stopped (SIGTERM: a clean leave).
 */
public final class ClusterChild {
  private ClusterChild() {}

  public static void main(String[] args) throws Exception {
    ClusterConfig cluster = new ClusterConfig(true, "opsmind-test", args[0], "127.0.0.1", Integer.parseInt(args[1]), 1,
        0, List.of(args[2].split(",")), args[3], null, null, 30, false, null, null);
    ServerConfig config = ServerConfig.defaults().withPort(0).withEmbedder(args.length > 5 ? args[5] : "none").withCluster(cluster)
        .withLimits(new ServerConfig.Limits(0, 0, 2, 16, 8192, 16))
        .withModels(args.length > 4 ? List.of(args[4]) : List.of());
    OpsmindServer server = OpsmindServer.start(config);
    Runtime.getRuntime().addShutdownHook(new Thread(server::close));
    server.ready().toCompletionStage().toCompletableFuture().get();
    System.out.println("PORT " + server.port());
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
