package dev.opsmind.server.cluster;

import com.hazelcast.config.Config;
import dev.opsmind.server.config.ClusterConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The clustered Vert.x of a member: Hazelcast configured from {@code cluster:}, and the event bus. */
final class ClusterVertx {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterVertx.class);

  private ClusterVertx() {}

  /**
   * Starts a clustered Vert.x: Hazelcast with the cluster's name, port range and explicit member
   * list (multicast and auto-detection off), the event bus on {@code cluster.host}; with
   * {@code cluster.tls}, the event bus is TLS with client certificates required ({@code cert}/{@code key},
   * peers checked against {@code cluster.caFile}). Blocks until joined: call it from a plain thread.
   */
  static Vertx start(ClusterConfig config, Path cert, Path key) {
    config.resolveSecret(); // refuse to start without one, before binding anything
    Config hazelcast = ConfigUtil.loadConfig();
    hazelcast.setClusterName(config.name());
    hazelcast.setProperty("hazelcast.logging.type", "slf4j");
    hazelcast.setProperty("hazelcast.phone.home.enabled", "false");
    hazelcast.setProperty("hazelcast.shutdownhook.enabled", "false"); // the server leaves itself, after draining
    hazelcast.setProperty("hazelcast.wait.seconds.before.join", "1");
    hazelcast.setProperty("hazelcast.heartbeat.interval.seconds", "1");
    hazelcast.setProperty("hazelcast.max.no.heartbeat.seconds", Integer.toString(config.failureSeconds()));
    hazelcast.setProperty("hazelcast.local.localAddress", config.host());
    SharedResponses.configure(hazelcast, config.journalCopies());
    var network = hazelcast.getNetworkConfig();
    network.setPort(config.port()).setPortCount(config.portCount()).setPortAutoIncrement(config.portCount() > 1);
    var join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setMembers(new ArrayList<>(config.members()))
        .setConnectionTimeoutSeconds(2);
    EventBusOptions eventBus = new EventBusOptions().setHost(config.host()).setPort(config.eventBusPort())
        .setClusterPublicHost(config.host());
    if (config.tls()) {
      if (cert == null || key == null) {
        throw new IllegalArgumentException("cluster.tls needs tls.cert and tls.key (this node's certificate)");
      }
      eventBus.setSsl(true)
          .setKeyCertOptions(new PemKeyCertOptions().setCertPath(cert.toString()).setKeyPath(key.toString()))
          .setTrustOptions(new PemTrustOptions().addCertPath(config.caFile().toString()))
          .setClientAuth(ClientAuth.REQUIRED);
    }
    Future<Vertx> started = Vertx.builder().with(new VertxOptions().setEventBusOptions(eventBus))
        .withClusterManager(new HazelcastClusterManager(hazelcast)).buildClustered();
    try {
      Vertx vertx = started.toCompletionStage().toCompletableFuture().get(2, TimeUnit.MINUTES);
      LOG.info("cluster '{}': joined as {} (Hazelcast {}:{}+{}, members {}, event bus {}{})", config.name(),
          clusterManager(vertx).getNodeId(), config.host(), config.port(), config.portCount() - 1, config.members(),
          config.host(), config.tls() ? ", TLS with client certificates" : "");
      return vertx;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while joining the cluster", e);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new IllegalStateException("could not join cluster '" + config.name() + "': " + cause.getMessage(), cause);
    }
  }

  static HazelcastClusterManager clusterManager(Vertx vertx) {
    return (HazelcastClusterManager) ((io.vertx.core.internal.VertxInternal) vertx).clusterManager();
  }

}
