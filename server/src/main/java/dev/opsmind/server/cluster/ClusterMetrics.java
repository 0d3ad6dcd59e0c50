package dev.opsmind.server.cluster;

import dev.opsmind.server.ops.Metrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The cluster's meters on /metrics: members, which node serves which model with what load, and
 * what routing did (requests routed per node, retried elsewhere, streams cut by a lost node,
 * inter-node messages refused as not sealed with the secret).
 */
final class ClusterMetrics {
  private final MeterRegistry registry;
  private final ClusterNode node;
  private final Set<String> gauged = ConcurrentHashMap.newKeySet();

  ClusterMetrics(Metrics metrics, ClusterNode node) {
    this.registry = metrics.registry();
    this.node = node;
    Gauge.builder("opsmind.cluster.members", () -> node.nodes().size())
        .description("nodes this node routes to (itself included)").register(registry);
  }

  /** Per (node, model) load gauges, registered the first time the pair is routed to or described. */
  void observe(String nodeName, String model) {
    if (!gauged.add(nodeName + "\u0000" + model)) {
      return;
    }
    Gauge.builder("opsmind.cluster.node.queue.depth", () -> load(nodeName, model, true))
        .description("requests waiting at a member for a batch slot, as it last announced")
        .tag("node", nodeName).tag("model", model).register(registry);
    Gauge.builder("opsmind.cluster.node.running", () -> load(nodeName, model, false))
        .description("sequences running at a member, as it last announced (NaN: it no longer serves the model)")
        .tag("node", nodeName).tag("model", model).register(registry);
  }

  private double load(String nodeName, String model, boolean queue) {
    for (NodeStatus status : node.nodes()) {
      if (status.name().equals(nodeName)) {
        var load = status.model(model);
        if (load.isPresent()) {
          return queue ? load.get().queueDepth() : load.get().running();
        }
      }
    }
    return Double.NaN;
  }

  void routed(String model, String nodeName) {
    observe(nodeName, model);
    Counter.builder("opsmind.cluster.routed").description("generation requests sent to another node")
        .tag("model", model).tag("node", nodeName).register(registry).increment();
  }

  void retried(String model) {
    Counter.builder("opsmind.cluster.retried")
        .description("routed requests retried on another node before any byte reached the client")
        .tag("model", model).register(registry).increment();
  }

  void streamCut(String model) {
    Counter.builder("opsmind.cluster.streams.cut")
        .description("routed streams ended with an error event because their node was lost midway")
        .tag("model", model).register(registry).increment();
  }

  /** A replica made a commit searchable this long after the writer announced it. */
  void replicationLag(long millis) {
    io.micrometer.core.instrument.Timer.builder("opsmind.cluster.index.replication.lag")
        .description("from the writer's commit announcement to the commit being searchable on this replica")
        .publishPercentiles(0.5, 0.99).register(registry).record(millis, java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  void refused() {
    Counter.builder("opsmind.cluster.messages.refused")
        .description("inter-node messages dropped: not sealed with this cluster's secret, or too old")
        .register(registry).increment();
  }
}
