package dev.opsmind.server.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.opsmind.retrieval.Chunk;
import dev.opsmind.retrieval.KnowledgeIndex;
import dev.opsmind.retrieval.ReadOnlyIndexException;
import dev.opsmind.retrieval.SourceManifest;
import dev.opsmind.retrieval.VectorSpace;
import dev.opsmind.server.config.ClusterConfig;
import dev.opsmind.server.ops.Metrics;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writer fencing with two members in one JVM (two Hazelcast instances): the writer is deposed the
 * way the other side of a partition deposes it, by a newer term in the cluster's map. It steps
 * down at its next tick: its uncommitted write is dropped, it refuses writes, and it follows the
 * writer elected under the newer term; no node ever holds the deposed writer's late write, and
 * both refuse commits offered under its term.
 */
class WriterFencingTest {
  static final String SECRET = "test-cluster-secret-0123456789";
  static final String SPACE = "test-model";
  static final List<VectorSpace> SPACES = List.of(new VectorSpace(SPACE, 4));
  @TempDir Path tmp;

  @Test
  void aWriterDeposedByANewerTermStepsDownAndItsUncommittedWriteIsNowhere() throws Exception {
    int[] ports = ClusterRoutingTest.freePorts(2);
    List<String> members = List.of("127.0.0.1:" + ports[0], "127.0.0.1:" + ports[1]);
    Vertx va = ClusterVertx.start(config("node-a", ports[0], members), null, null);
    Vertx vb = ClusterVertx.start(config("node-b", ports[1], members), null, null);
    KnowledgeIndex ia = KnowledgeIndex.openReplica(tmp.resolve("a"), SPACES);
    KnowledgeIndex ib = KnowledgeIndex.openReplica(tmp.resolve("b"), SPACES);
    IndexReplication ra = replication(va, ia, "node-a");
    IndexReplication rb = replication(vb, ib, "node-b");
    try {
      ra.start();
      rb.start();
      await("a writer is elected", () -> ra.writer() != rb.writer());
      boolean aWrites = ra.writer();
      IndexReplication deposed = aWrites ? ra : rb;
      KnowledgeIndex deposedIndex = aWrites ? ia : ib;
      KnowledgeIndex otherIndex = aWrites ? ib : ia;
      put(deposedIndex, "a.md", "restart nginx", true);
      await("the replica copies the first commit", () -> otherIndex.chunkCount("ops") == 1);

      put(deposedIndex, "late.md", "written but not committed when deposed", false);
      var map = ClusterVertx.clusterManager(aWrites ? vb : va).getHazelcastInstance()
          .<String, String>getMap(IndexReplication.MAP);
      long term = Long.parseLong(map.get(IndexReplication.TERM));
      map.put(IndexReplication.TERM, Long.toString(term + 1)); // elected elsewhere meanwhile

      await("the deposed writer steps down", () -> !deposed.writer() && !deposedIndex.writable());
      assertThrows(ReadOnlyIndexException.class, () -> put(deposedIndex, "x.md", "refused", true));
      await("a writer is elected under a newer term", () -> ra.writer() != rb.writer());
      assertTrue(Long.parseLong(map.get(IndexReplication.TERM)) > term + 1, "the new writer's term is newer still");
      long newest = Long.parseLong(map.get(IndexReplication.TERM));
      for (IndexReplication node : List.of(ra, rb)) {
        // a replica learns the term at its next tick: wait until an offer under newest - 1 is stale there
        await("each node knows the newest term", () -> node.stale(newest - 1));
        assertTrue(node.stale(term), "a commit offered under the deposed writer's term is not copied");
      }
      KnowledgeIndex writer = ra.writer() ? ia : ib;
      put(writer, "b.md", "the new writer's", true);
      await("both nodes hold the new writer's commit", () -> ia.chunkCount("ops") == 2 && ib.chunkCount("ops") == 2);
      for (KnowledgeIndex index : List.of(ia, ib)) {
        assertTrue(index.manifest("ops", "late.md").isEmpty(), "the deposed writer's uncommitted write is nowhere");
        assertFalse(index.manifest("ops", "b.md").isEmpty());
      }
      assertEquals(1, List.of(ra, rb).stream().filter(IndexReplication::writer).count(), "one writer");
    } finally {
      ra.close();
      rb.close();
      ia.close();
      ib.close();
      vb.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      va.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }

  static ClusterConfig config(String name, int port, List<String> members) {
    return new ClusterConfig(true, "opsmind-fencing-test", name, "127.0.0.1", port, 1, 0, members, SECRET, null, 4, 30,
        false, null, 1);
  }

  static IndexReplication replication(Vertx vertx, KnowledgeIndex index, String name) {
    var manager = ClusterVertx.clusterManager(vertx);
    return new IndexReplication(vertx, new Sealer(SECRET, "opsmind-fencing-test"), index, manager.getNodeId(), name,
        manager.getHazelcastInstance(), new ClusterMetrics(new Metrics(), null), 2, 20_000, () -> { });
  }

  static void put(KnowledgeIndex index, String path, String text, boolean commit) {
    float[] vector = {0.5f, 0.5f, 0.5f, 0.5f};
    Chunk chunk = new Chunk("ops:" + path + "#0", "ops", path, "markdown", 1, 2, List.of("Runbook"), null,
        "hash-" + path, 1_700_000_000_000L, List.of(), text, Map.of(SPACE, vector));
    index.replaceSource("ops", path, SourceManifest.of(path, "markdown", "h" + text.hashCode(), 1_700_000_000_000L,
        List.of(chunk), List.of(SPACE)), List.of(chunk));
    if (commit) {
      index.commit();
    }
  }

  static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "timed out waiting until " + what);
      Thread.sleep(100);
    }
  }
}
