package dev.opsmind.server.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.EvictionConfig;
import com.hazelcast.config.EvictionPolicy;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MaxSizePolicy;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.opsmind.server.openai.ResponseStore;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stored responses (the Responses API's {@code store}, followed up by {@code previous_response_id})
 * shared by the nodes: each saved response is put, sealed, in the Hazelcast map {@value #MAP},
 * which keeps {@code max(1, cluster.journalCopies)} synchronous backups on other members, so a
 * follow-up works on any node and after the kill -9 of the node that made it. A stored response
 * is acknowledged only once it is in the map: the client gets the whole response, or a stream's
 * last event ({@code response.completed}) and end, once the put has completed on the entry's
 * primary and its synchronous backups (acknowledged = in the memory of {@code 1 + backups}
 * members, or of all of them when fewer). A put that fails still answers (the response is kept on
 * this node only, with a warning). Before a request that
 * names a response this node lacks, it is fetched from the map ({@link #fetch}); the local {@link
 * ResponseStore} then serves it as its own. In memory only: a whole-cluster restart forgets them,
 * as a single node's restart does.
 */
final class SharedResponses implements ResponseStore.Shared {
  private static final Logger LOG = LoggerFactory.getLogger(SharedResponses.class);
  static final String MAP = "opsmind.responses";

  private final IMap<String, byte[]> map;
  private final Sealer sealer;
  private final ResponseStore store;

  SharedResponses(HazelcastInstance hazelcast, Sealer sealer, ResponseStore store) {
    this.map = hazelcast.getMap(MAP);
    this.sealer = sealer;
    this.store = store;
    store.shareWith(this);
  }

  /** The map's backups and bound (LRU past {@link ResponseStore#MAX_RESPONSES} per member). */
  static void configure(Config hazelcast, int journalCopies) {
    hazelcast.addMapConfig(new MapConfig(MAP).setBackupCount(Math.min(6, Math.max(1, journalCopies)))
        .setEvictionConfig(new EvictionConfig().setEvictionPolicy(EvictionPolicy.LRU)
            .setMaxSizePolicy(MaxSizePolicy.PER_NODE).setSize(ResponseStore.MAX_RESPONSES)));
  }

  private static String sealedFor(String id) {
    return MAP + "/" + id;
  }

  /**
   * Completes once the map has the entry: on its primary and its synchronous backups (setAsync's
   * completion), on a Hazelcast thread; exceptionally, with a warning, when it could not be put.
   */
  @Override
  public CompletionStage<Void> put(String id, byte[] entry) {
    CompletionStage<Void> put;
    try {
      put = map.setAsync(id, sealer.seal(sealedFor(id), entry).getBytes());
    } catch (RuntimeException e) {
      put = CompletableFuture.failedFuture(e);
    }
    return put.whenComplete((v, e) -> {
      if (e != null) {
        LOG.warn("cluster: stored response {} not shared, answered anyway (a follow-up works on this node only, "
            + "and it is lost with it): {}", id, e.toString());
      }
    });
  }

  @Override
  public void remove(String id) {
    map.deleteAsync(id);
  }

  /**
   * Then {@code ctx.next()}: once response {@code id} is in the local store when another node
   * stored it (an unknown id goes on, and the local handler answers 404).
   */
  void fetch(RoutingContext ctx, String id) {
    if (id == null || store.has(id)) {
      ctx.next();
      return;
    }
    Context context = Vertx.currentContext();
    map.getAsync(id).whenComplete((sealed, failure) -> context.runOnContext(v -> {
      if (sealed != null) {
        try {
          store.adopt(sealer.openStored(sealedFor(id), Buffer.buffer(sealed)));
        } catch (Sealer.Refused | IllegalArgumentException e) {
          LOG.warn("cluster: shared response {} refused: {}", id, e.getMessage());
        }
      } else if (failure != null) {
        LOG.warn("cluster: shared response {} could not be read: {}", id, failure.toString());
      }
      ctx.next();
    }));
  }
}
