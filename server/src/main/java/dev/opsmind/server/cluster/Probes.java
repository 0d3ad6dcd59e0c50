package dev.opsmind.server.cluster;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Liveness probes between members, faster than Hazelcast's heartbeat timeout for a killed process. */
final class Probes {
  private static final Logger LOG = LoggerFactory.getLogger(Probes.class);
  static final long PROBE_AFTER_MILLIS = 2000;

  private final Vertx vertx;
  private final MessageConsumer<Buffer> ping;
  private final long timer;
  private final Set<String> probing = ConcurrentHashMap.newKeySet();

  /**
   * Starts answering pings and probing: a node not heard from for {@value #PROBE_AFTER_MILLIS} ms (it announces every second)
   * gets a sealed ping. A live node answers within milliseconds; a killed one's event-bus port
   * refuses the connection, which proves it gone at once, seconds before Hazelcast's heartbeat
   * timeout. A ping that only times out proves nothing: Hazelcast decides then.
   */
  Probes(Vertx vertx, Sealer sealer, String selfId, Membership membership, ClusterMetrics metrics) {
    this.vertx = vertx;
    String address = pingAddress(selfId);
    ping = vertx.eventBus().consumer(address, message -> {
      try {
        sealer.open(address, message.body());
        message.reply(sealer.seal(address, new byte[] {Frame.ACK}));
      } catch (Sealer.Refused e) {
        metrics.refused();
        message.fail(403, "refused");
      }
    });
    timer = vertx.setPeriodic(500, id -> {
      for (String nodeId : membership.silentFor(PROBE_AFTER_MILLIS)) {
        if (!probing.add(nodeId)) {
          continue;
        }
        String to = pingAddress(nodeId);
        long start = System.nanoTime();
        vertx.eventBus().request(to, sealer.seal(to, new byte[] {Frame.ACK}),
            new DeliveryOptions().setSendTimeout(PROBE_AFTER_MILLIS)).onComplete(reply -> {
          probing.remove(nodeId);
          if (reply.failed()) {
            boolean timeout = reply.cause() instanceof ReplyException re
                && re.failureType() == ReplyFailure.TIMEOUT;
            LOG.info("cluster: probe of {} failed after {} ms: {}", nodeId,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), reply.cause().toString());
            if (!timeout) {
              membership.proven(nodeId, reply.cause().getMessage());
            }
          }
        });
      }
    });
  }

  static String pingAddress(String nodeId) {
    return "opsmind.cluster.ping." + nodeId;
  }

  void close() {
    vertx.cancelTimer(timer);
    ping.unregister();
  }
}
