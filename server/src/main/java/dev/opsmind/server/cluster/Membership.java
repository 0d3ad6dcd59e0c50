package dev.opsmind.server.cluster;

import dev.opsmind.server.http.Json;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who serves what: every node publishes its {@link NodeStatus} (sealed) every second on one
 * address; each keeps the latest from every other. A node is dropped from routing the moment
 * Hazelcast reports it gone ({@link #memberLeft}), when it announces it is leaving, or (a backstop)
 * when nothing was heard from it for the failure-detection time.
 */
final class Membership {
  private static final Logger LOG = LoggerFactory.getLogger(Membership.class);
  static final String ADDRESS = "opsmind.cluster.status";
  static final long ANNOUNCE_MILLIS = 1000;

  private record Heard(NodeStatus status, long atNanos) {}

  private final Vertx vertx;
  private final Sealer sealer;
  private final String selfId;
  private final Supplier<NodeStatus> self;
  private final long staleNanos;
  private final Consumer<String> onLost;
  private final Runnable onRefused;
  /** When a refused message was last logged: one line a minute, not one a second per intruder. */
  private volatile long refusedLogged = Long.MIN_VALUE;
  private final Map<String, Heard> others = new ConcurrentHashMap<>();
  /** Members Hazelcast reported gone: their late announcements (already in flight) are ignored. */
  private final Map<String, Long> gone = new ConcurrentHashMap<>();
  private MessageConsumer<Buffer> consumer;
  private long timer = -1;
  private volatile boolean leaving;

  /** {@code onLost}: called with a node id once it stops being routable (left, leaving, silent). */
  Membership(Vertx vertx, Sealer sealer, String selfId, Supplier<NodeStatus> self, int failureSeconds,
      Consumer<String> onLost, Runnable onRefused) {
    this.onRefused = onRefused;
    this.vertx = vertx;
    this.sealer = sealer;
    this.selfId = selfId;
    this.self = self;
    this.staleNanos = TimeUnit.SECONDS.toNanos(failureSeconds);
    this.onLost = onLost;
  }

  void start() {
    consumer = vertx.eventBus().consumer(ADDRESS, message -> heard(message.body()));
    timer = vertx.setPeriodic(0, ANNOUNCE_MILLIS, id -> {
      announce();
      expire();
    });
  }

  private void heard(Buffer sealed) {
    NodeStatus status;
    try {
      status = Json.MAPPER.readValue(sealer.open(ADDRESS, sealed), NodeStatus.class);
    } catch (Sealer.Refused e) {
      onRefused.run();
      long now = System.nanoTime();
      if (refusedLogged == Long.MIN_VALUE || now - refusedLogged > TimeUnit.MINUTES.toNanos(1)) {
        refusedLogged = now;
        LOG.warn("cluster: dropped a status message: {} (a member without the shared secret? logged once a minute; "
            + "opsmind_cluster_messages_refused_total counts them)", e.getMessage());
      }
      return;
    } catch (java.io.IOException e) {
      LOG.warn("cluster: dropped an unreadable status message: {}", e.getMessage());
      return;
    }
    if (status.nodeId().equals(selfId) || gone.containsKey(status.nodeId())) {
      return;
    }
    if (status.leaving()) {
      if (others.remove(status.nodeId()) != null) {
        LOG.info("cluster: node {} is leaving; no more requests go there", status.name());
        onLost.accept(status.nodeId());
      }
      return;
    }
    Heard before = others.put(status.nodeId(), new Heard(status, System.nanoTime()));
    if (before == null) {
      LOG.info("cluster: node {} serves {}", status.name(), status.models().stream().map(NodeStatus.ModelLoad::id).toList());
    }
  }

  /** Publishes this node's status (not after {@link #leave}, which sends the last one). */
  void announce() {
    if (!leaving) {
      publish(self.get());
    }
  }

  private void publish(NodeStatus status) {
    try {
      vertx.eventBus().publish(ADDRESS, sealer.seal(ADDRESS, Json.MAPPER.writeValueAsBytes(status)));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private void expire() {
    long now = System.nanoTime();
    others.forEach((id, heard) -> {
      if (now - heard.atNanos() > staleNanos && others.remove(id, heard)) {
        LOG.warn("cluster: nothing heard from node {} for {} s; no more requests go there", heard.status().name(),
            TimeUnit.NANOSECONDS.toSeconds(staleNanos));
        onLost.accept(id);
      }
    });
  }

  /** Hazelcast removed the member (crash, network loss or a clean leave). */
  void memberLeft(String nodeId) {
    gone.put(nodeId, System.nanoTime());
    Heard heard = others.remove(nodeId);
    LOG.warn("cluster: member {} left the cluster", heard == null ? nodeId : heard.status().name());
    onLost.accept(nodeId);
  }

  /** A member joined: it learns of this node at once instead of within a second. */
  void memberJoined(String nodeId) {
    gone.remove(nodeId);
    vertx.runOnContext(v -> announce());
  }

  /** Ids of the other nodes heard from, but not for {@code millis}: the ones worth a probe. */
  List<String> silentFor(long millis) {
    long now = System.nanoTime();
    return others.entrySet().stream()
        .filter(e -> now - e.getValue().atNanos() > TimeUnit.MILLISECONDS.toNanos(millis))
        .map(Map.Entry::getKey).toList();
  }

  /**
   * A probe proved the node gone (its event-bus port refuses connections) before Hazelcast's
   * heartbeat timeout did: it stops being routable now. Hazelcast's own verdict follows.
   */
  void proven(String nodeId, String why) {
    Heard heard = others.remove(nodeId);
    if (heard != null) {
      gone.put(nodeId, System.nanoTime());
      LOG.warn("cluster: node {} is unreachable ({}); no more requests go there", heard.status().name(), why);
      onLost.accept(nodeId);
    }
  }

  /** This node's status (fresh) and every other's (latest heard). */
  Collection<NodeStatus> nodes() {
    List<NodeStatus> all = new ArrayList<>();
    all.add(self.get());
    others.values().forEach(heard -> all.add(heard.status()));
    return all;
  }

  /** The others' statuses only. */
  Collection<NodeStatus> others() {
    return others.values().stream().map(Heard::status).toList();
  }

  /** Tells the others this node is leaving (routing to it stops at once), then stops announcing. */
  void leave() {
    if (leaving) {
      return;
    }
    NodeStatus now = self.get();
    leaving = true;
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    publish(new NodeStatus(now.nodeId(), now.name(), false, true, now.models(), System.currentTimeMillis(),
        now.embedders()));
  }

  void close() {
    if (consumer != null) {
      consumer.unregister();
    }
  }
}
