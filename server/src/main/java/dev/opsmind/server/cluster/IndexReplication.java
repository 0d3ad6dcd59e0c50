package dev.opsmind.server.cluster;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.opsmind.retrieval.KnowledgeIndex;
import dev.opsmind.retrieval.replica.CommitFiles;
import dev.opsmind.server.http.Json;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One writer of the knowledge index in the cluster, the others replicas of its commits.
 *
 * <p>The writer holds the lock on key {@code writer} of the Hazelcast map {@code opsmind.index}
 * (a map entry lock: open-source Hazelcast, no CP subsystem; Hazelcast releases it when its owner
 * leaves or is declared dead) and names itself under that key. Every node publishes the generation
 * of its last commit there too; when no one holds the lock, the node with the newest commit
 * (ties: the smallest node id) takes it, the others only after {@link #TAKEOVER_GRACE_MILLIS}, so
 * the writer that takes over loses as little as possible. It opens an IndexWriter on its last
 * copied commit ({@link KnowledgeIndex#promote}) and {@code onPromoted} runs (the server syncs its
 * configured sources: the incremental ingest's content hashes redo what the dead writer had not
 * committed or not shipped).
 *
 * <p>Fencing: each election raises the term kept under key {@value #TERM}; the writer sends its term
 * with every commit it offers (announcement, {@code head}). A writer that finds a newer term there,
 * or another node named writer (the other side of a partition elected one, and the halves merged),
 * steps down at its next tick ({@link KnowledgeIndex#demote}: its uncommitted writes are dropped)
 * and becomes a replica; replicas ignore commits offered under a term older than the newest they
 * know, so a deposed writer's late commits are never copied.
 *
 * <p>A replica asks the writer for its last commit ({@link CommitServer}) at each commit
 * announcement and every second and copies what it lacks ({@link CommitFetcher}). All of it runs
 * on one thread of its own (never an event loop): copying, electing, promoting.
 */
final class IndexReplication implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(IndexReplication.class);
  static final String MAP = "opsmind.index";
  static final String WRITER = "writer";
  static final String TERM = "term";
  static final String COMMITS = "opsmind.cluster.index.commit";
  /** A node that is not the best candidate waits this long for the best to take over. */
  static final long TAKEOVER_GRACE_MILLIS = 10_000;

  private final Vertx vertx;
  private final Sealer sealer;
  private final KnowledgeIndex index;
  private final String selfId;
  private final String name;
  private final Runnable onPromoted;
  private final ClusterMetrics metrics;
  private final HazelcastInstance hazelcast;
  private final IMap<String, String> map;
  private final ScheduledExecutorService thread;
  private final MessageConsumer<Buffer> announcements;
  private final CommitFetcher fetcher;
  private volatile CommitServer server;
  private volatile CommitFiles local;
  private volatile String writerId;
  private volatile String writerName;
  private volatile long copiedAt;
  /** Commit time (writer's clock, ms) of the last announcement heard: the lag is measured from it. */
  private volatile long announcedAt;
  private volatile long announcedGeneration = -1;
  private long writerMissingSince = -1;
  /**
   * A node starting with no writer in the cluster waits (until this time at most) for the members
   * it was told of, so that a cluster started together elects the newest commit, not the first
   * node up.
   */
  private final int expectedMembers;
  private final long startupWaitUntil;
  private volatile boolean closed;
  /** The term this node writes under (0: not the writer). */
  private volatile long term;
  /** The newest term seen (the map's, or offered by a writer): older offers are stale. */
  private volatile long newestTerm;
  private boolean listening;

  IndexReplication(Vertx vertx, Sealer sealer, KnowledgeIndex index, String selfId, String name,
      HazelcastInstance hazelcast, ClusterMetrics metrics, int expectedMembers, long startupWaitMillis,
      Runnable onPromoted) {
    this.expectedMembers = expectedMembers;
    this.startupWaitUntil = System.currentTimeMillis() + startupWaitMillis;
    this.vertx = vertx;
    this.sealer = sealer;
    this.index = index;
    this.selfId = selfId;
    this.name = name;
    this.hazelcast = hazelcast;
    this.metrics = metrics;
    this.onPromoted = onPromoted;
    this.map = hazelcast.getMap(MAP);
    this.fetcher = new CommitFetcher(vertx, sealer, index, metrics, id -> members().contains(id), () -> closed);
    try {
      this.local = CommitFiles.latest(index.luceneDirectory()).orElse(null);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot read the index's last commit", e);
    }
    this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "opsmind-index-replication");
      t.setDaemon(true);
      return t;
    });
    this.announcements = vertx.eventBus().consumer(COMMITS, message -> {
      try {
        var heard = Json.MAPPER.readTree(sealer.open(COMMITS, message.body()));
        long offered = heard.path("term").asLong(0);
        if (stale(offered)) {
          LOG.warn("cluster: ignored a commit announced under stale term {} (newest {})", offered, newestTerm);
        } else if (!heard.path("writer").asText().equals(selfId)) {
          announcedAt = heard.path("at").asLong();
          announcedGeneration = heard.path("generation").asLong();
          thread.execute(this::tick);
        }
      } catch (Sealer.Refused | IOException e) {
        metrics.refused();
      }
    });
  }

  void start() {
    publishGeneration();
    thread.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
  }

  /** One step: copy the writer's new commit, or take over when there is no writer. */
  private void tick() {
    if (closed) {
      return;
    }
    if (server != null) {
      checkFence();
      return;
    }
    try {
      String current = map.isLocked(WRITER) ? map.get(WRITER) : null;
      if (current != null && !current.startsWith(selfId + " ")) {
        writerMissingSince = -1;
        String[] parts = current.split(" ", 2);
        if (members().contains(parts[0])) { // not one Hazelcast is about to declare dead
          writerId = parts[0];
          writerName = parts.length > 1 ? parts[1] : parts[0];
          copyFrom(writerId);
        }
        return;
      }
      long now = System.currentTimeMillis();
      if (members().size() < expectedMembers && now < startupWaitUntil) {
        return;
      }
      if (writerMissingSince < 0) {
        writerMissingSince = now;
      }
      if ((best() || now - writerMissingSince > TAKEOVER_GRACE_MILLIS) && map.tryLock(WRITER)) {
        promote();
      }
    } catch (RuntimeException | IOException e) {
      if (!closed) {
        LOG.warn("cluster: index replication step failed (retried in a second): {}", e.toString());
      }
    }
  }

  /** The writer's check that it still is: a newer term or another writer named means it was deposed. */
  private void checkFence() {
    try {
      String named = map.get(WRITER);
      long current = currentTerm();
      if (current > term || named == null || !named.startsWith(selfId + " ")) {
        stepDown("the cluster names " + (named == null ? "no writer" : "writer " + named) + " under term " + current
            + ", this node wrote under term " + term);
      }
    } catch (RuntimeException e) {
      if (!closed) {
        LOG.warn("cluster: could not check the index writer's fencing term (retried in a second): {}", e.toString());
      }
    }
  }

  /** Deposed: stops offering commits, drops uncommitted writes and follows the new writer. */
  private void stepDown(String why) {
    LOG.warn("cluster: this node stops writing the index ({}); it is a replica again", why);
    CommitServer stopped = server;
    server = null;
    term = 0;
    writerId = null;
    writerName = null;
    stopped.close();
    index.demote();
    try {
      map.unlock(WRITER);
    } catch (RuntimeException e) {
      LOG.debug("cluster: writer lock not held any more: {}", e.toString());
    }
  }

  /** Whether a commit offered under {@code offered} comes from a deposed writer (a newer term is known). */
  boolean stale(long offered) {
    return offered < newestTerm;
  }

  private long currentTerm() {
    String value = map.get(TERM);
    long current = value == null ? 0 : Long.parseLong(value);
    newestTerm = Math.max(newestTerm, current);
    return current;
  }

  /** Whether this node has the newest commit of the members (ties: the smallest id). */
  private boolean best() {
    long mine = local == null ? -1 : local.generation();
    for (String member : members()) {
      if (member.equals(selfId)) {
        continue;
      }
      String theirs = map.get("generation." + member);
      if (theirs == null) {
        continue; // no index there (or not started yet)
      }
      long generation = Long.parseLong(theirs);
      if (generation > mine || (generation == mine && member.compareTo(selfId) < 0)) {
        return false;
      }
    }
    return true;
  }

  /** The live members' Vert.x node ids (not Hazelcast's member UUIDs: the two differ). */
  private Set<String> members() {
    return Set.copyOf(ClusterVertx.clusterManager(vertx).getNodes());
  }

  private void promote() {
    try {
      index.promote();
    } catch (RuntimeException e) {
      map.unlock(WRITER); // another node takes over instead
      throw e;
    }
    long elected = currentTerm() + 1; // under the lock: no other node of this side raises it now
    map.put(TERM, Long.toString(elected));
    term = elected;
    newestTerm = elected;
    LOG.info("cluster: this node is the index writer now, term {} (from its commit of generation {})", elected,
        local == null ? "none" : local.generation());
    map.put(WRITER, selfId + " " + name);
    writerId = selfId;
    writerName = name;
    server = new CommitServer(vertx, sealer, index, selfId, () -> term);
    if (!listening) {
      listening = true;
      index.onCommit(this::announce);
    }
    onPromoted.run();
  }

  /** The writer's commit announcement: replicas copy at once instead of at their next poll. */
  private void announce() {
    if (server == null) {
      return; // deposed meanwhile: its commits are not offered
    }
    try {
      local = CommitFiles.latest(index.luceneDirectory()).orElse(local);
    } catch (IOException e) {
      LOG.debug("cannot read the last commit: {}", e.toString());
    }
    publishGeneration();
    ObjectNode note = Json.object().put("writer", selfId).put("term", term)
        .put("generation", local == null ? -1 : local.generation())
        .put("at", System.currentTimeMillis());
    vertx.eventBus().publish(COMMITS, sealer.seal(COMMITS, Json.write(note).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  private void publishGeneration() {
    if (local != null) {
      map.put("generation." + selfId, Long.toString(local.generation()));
    }
  }

  /** Copies the writer's last commit when this index lacks it, and measures the lag from its announcement. */
  private void copyFrom(String writer) throws IOException {
    currentTerm(); // the newest term known includes the map's now
    var copied = fetcher.fetch(writer, writerName, local, this::stale);
    if (copied.isEmpty()) {
      return;
    }
    CommitFiles commit = copied.get();
    local = commit;
    copiedAt = System.currentTimeMillis();
    publishGeneration();
    if (announcedGeneration == commit.generation() && announcedAt > 0) {
      metrics.replicationLag(copiedAt - announcedAt);
    }
  }

  /** The node id of the writer last seen holding the lock (this node's when it writes); null before. */
  String writerId() {
    return writerId;
  }

  /** Whether this node writes the index now. */
  boolean writer() {
    return server != null;
  }

  /** The "index" object of /ready's cluster: role, writer, last commit. */
  ObjectNode describe() {
    CommitFiles commit = local;
    ObjectNode out = Json.object().put("role", writer() ? "writer" : "replica")
        .put("writer", writerName == null ? null : writerName).put("term", newestTerm)
        .put("generation", commit == null ? -1 : commit.generation());
    if (!writer() && copiedAt > 0) {
      out.put("last_copied", copiedAt / 1000);
    }
    return out;
  }

  @Override
  public void close() {
    closed = true;
    announcements.unregister();
    if (server != null) {
      // Writes have stopped (the server stops ingesting before it leaves the cluster): the others
      // take over from their last copy at once. Released on the replication thread, which owns
      // the lock: from any other thread Hazelcast's remove would wait for the lock (for its
      // operation timeout, a minute) and shutdown would hang there.
      try {
        thread.submit(this::release).get(5, TimeUnit.SECONDS);
      } catch (Exception e) {
        LOG.debug("writer entry not released on its thread: {}", e.toString());
        try {
          map.forceUnlock(WRITER);
        } catch (RuntimeException again) {
          LOG.debug("writer lock not released: {}", again.toString());
        }
      }
    }
    thread.shutdownNow();
    try {
      thread.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** On the replication thread: stops serving commits, removes this node's writer entry and unlocks. */
  private void release() {
    CommitServer stopped = server;
    if (stopped == null) {
      return;
    }
    server = null;
    stopped.close();
    try {
      map.remove(WRITER);
    } finally {
      map.unlock(WRITER);
    }
  }
}
