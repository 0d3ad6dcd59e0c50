package dev.opsmind.server.cluster;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import dev.opsmind.server.auth.RoutedCaller;
import dev.opsmind.server.config.ClusterConfig;
import dev.opsmind.server.http.Json;
import dev.opsmind.server.models.Backends;
import dev.opsmind.server.models.GeneratorModel;
import dev.opsmind.server.ops.Metrics;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's membership in an opsmind cluster: the clustered Vert.x (Hazelcast, TCP/IP member
 * list), the announcements of what it serves ({@link Membership}), the routing of generation
 * requests to the node that hosts their model ({@link RemoteCall}) and the serving of requests
 * routed here ({@link ServedCall}).
 */
public final class ClusterNode implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterNode.class);
  /** Set on requests a node replays for another: they are served here, never routed again. */
  static final String HOP_HEADER = "X-Opsmind-Routed-From";

  private final Vertx vertx;
  private final ClusterConfig config;
  private final Sealer sealer;
  private final String selfId;
  private final String name;
  private final Backends backends;
  private final int maxBatch;
  private final BooleanSupplier ready;
  private final ClusterMetrics metrics;
  private final Membership membership;
  private final Map<String, Set<RemoteCall>> callsByTarget = new ConcurrentHashMap<>();
  private final Set<ServedCall> served = ConcurrentHashMap.newKeySet();
  private MessageConsumer<Buffer> generate;
  private Probes probes;
  private HttpServer loopback;
  /** Marks this node's own replays on its loopback listener ({@link RoutedCaller}). */
  private final String replayToken = RoutedCaller.newToken();
  private HttpClient client;
  private java.util.UUID listenerId;
  /** The index's replication (one writer, the others replicas); null without an index. */
  private IndexReplication replication;
  /** Copies of the journals' appends on other nodes; null until {@link #copyJournals}. */
  private JournalCopies journals;

  /** See {@link ClusterVertx#start}. */
  public static Vertx startVertx(ClusterConfig config, Path cert, Path key) {
    return ClusterVertx.start(config, cert, key);
  }

  private static HazelcastClusterManager clusterManager(Vertx vertx) {
    return ClusterVertx.clusterManager(vertx);
  }

  private ClusterNode(Vertx vertx, ClusterConfig config, String name, Backends backends, int maxBatch,
      BooleanSupplier ready, Metrics metrics) {
    this.vertx = vertx;
    this.config = config;
    this.sealer = new Sealer(config.resolveSecret(), config.name());
    this.selfId = clusterManager(vertx).getNodeId();
    this.name = name;
    this.backends = backends;
    this.maxBatch = maxBatch;
    this.ready = ready;
    this.metrics = new ClusterMetrics(metrics, this);
    this.membership = new Membership(vertx, sealer, selfId, this::status, config.failureSeconds(), this::nodeLost,
        () -> this.metrics.refused());
  }

  /**
   * Joins the routing on a clustered {@code vertx} ({@link #startVertx}): announces this node's
   * generators every second and follows Hazelcast's membership events. {@link #serve} then
   * accepts routed requests.
   *
   * @param name how this node is shown (cluster.nodeName, else the API's host:port)
   * @param ready whether this node serves now (the same as /ready)
   */
  public static ClusterNode join(Vertx vertx, ClusterConfig config, String name, Backends backends, int maxBatch,
      BooleanSupplier ready, Metrics metrics) {
    ClusterNode node = new ClusterNode(vertx, config, config.nodeName() != null ? config.nodeName() : name, backends,
        maxBatch, ready, metrics);
    node.listenerId = clusterManager(vertx).getHazelcastInstance().getCluster()
        .addMembershipListener(new MembershipListener() {
          @Override
          public void memberAdded(MembershipEvent event) {
            node.membership.memberJoined(vertxNodeId(event.getMember()));
          }

          @Override
          public void memberRemoved(MembershipEvent event) {
            node.membership.memberLeft(vertxNodeId(event.getMember()));
          }
        });
    node.membership.start();
    node.probes = new Probes(vertx, node.sealer, node.selfId, node.membership, node.metrics);
    return node;
  }

  /**
   * A member's Vert.x node id (what the event bus and the announcements use): Vert.x's Hazelcast
   * cluster manager keeps it as a member attribute; it is not Hazelcast's member UUID.
   */
  static String vertxNodeId(com.hazelcast.cluster.Member member) {
    String id = member.getAttribute("__vertx.nodeId");
    return id != null ? id : member.getUuid().toString();
  }

  /** The token this node's replays carry: the server's {@code AuthHandler} trusts their caller. */
  public String replayToken() {
    return replayToken;
  }

  /**
   * Accepts requests routed here: each is replayed on a loopback-only listener that hands it to
   * {@code requests} (the server's own request handling) and its response relayed back.
   */
  public void serve(Handler<HttpServerRequest> requests) {
    // Only this node's replays get in: another local process holds no token (and the public
    // listener's client-certificate check would otherwise be a loopback port away)
    loopback = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
        .requestHandler(onlyReplays(replayToken, requests));
    await(loopback.listen(), "open the loopback listener for routed requests");
    client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setKeepAliveTimeout(30),
        new io.vertx.core.http.PoolOptions().setHttp1MaxSize(256));
    int port = loopback.actualPort();
    String address = generateAddress(selfId);
    generate = vertx.eventBus().consumer(address, message -> {
      ObjectNode request;
      try {
        var node = Json.MAPPER.readTree(sealer.open(address, message.body()));
        request = (ObjectNode) node;
      } catch (Sealer.Refused | java.io.IOException | ClassCastException e) {
        metrics.refused();
        LOG.warn("cluster: refused a routed request: {}", e.getMessage());
        message.fail(403, "refused");
        return;
      }
      ServedCall.serve(this, client, port, message, request);
    });
    await(generate.completion(), "register for routed requests");
    membership.announce();
  }

  /** {@code requests} for requests carrying {@code token}; 403 for any other. */
  static Handler<HttpServerRequest> onlyReplays(String token, Handler<HttpServerRequest> requests) {
    return request -> {
      if (!RoutedCaller.matches(token, request.getHeader(RoutedCaller.TOKEN_HEADER))) {
        request.response().setStatusCode(403).end();
        return;
      }
      requests.handle(request);
    };
  }

  /**
   * Joins the cluster's index: this node's index (opened with {@code KnowledgeIndex.openReplica})
   * receives the writer's commits, or becomes the writer when there is none ({@code onPromoted}
   * then runs on the replication thread: the server starts ingesting there). Call once, last.
   */
  public void replicate(dev.opsmind.retrieval.KnowledgeIndex index, Runnable onPromoted) {
    // At start, wait for the configured members (the list may or may not name this node) at most
    // twice the failure-detection time before taking the writer role with what is there.
    replication = new IndexReplication(vertx, sealer, index, selfId, name,
        clusterManager(vertx).getHazelcastInstance(), metrics, config.members().size(),
        TimeUnit.SECONDS.toMillis(2L * config.failureSeconds()), onPromoted);
    replication.start();
  }

  /**
   * From now on every journal append under {@code dataRoot} (feedback, proposals, audit) is also on
   * {@code cluster.journalCopies} other nodes' disks before it returns, and this node keeps the
   * others' copies under {@code dataRoot/peers/<node>/}.
   */
  public void copyJournals(java.nio.file.Path dataRoot) {
    journals = new JournalCopies(vertx, sealer, clusterManager(vertx).getHazelcastInstance(), selfId, name, dataRoot,
        config.journalCopies());
  }

  /** Whether this node writes the cluster's index (false without one, or as a replica). */
  public boolean indexWriter() {
    return replication != null && replication.writer();
  }

  /** Whether this node takes part in the cluster's index (writer or replica). */
  boolean replicatesIndex() {
    return replication != null;
  }

  /** The index writer's status when it is another live, routable node; else null. */
  NodeStatus indexWriterNode() {
    String writer = replication == null ? null : replication.writerId();
    if (writer == null || writer.equals(selfId)) {
      return null;
    }
    return membership.nodes().stream().filter(n -> n.nodeId().equals(writer) && !n.leaving()).findFirst()
        .orElse(null);
  }

  private static void await(Future<?> future, String what) {
    try {
      future.toCompletionStage().toCompletableFuture().get(1, TimeUnit.MINUTES);
    } catch (Exception e) {
      throw new IllegalStateException("cluster: could not " + what + ": " + e.getMessage(), e);
    }
  }

  // ------------------------------------------------------------------ routing (entry side)

  NodeStatus choose(String model, String affinityKey, Set<String> excluded) {
    return Placement.choose(membership.nodes(), model, affinityKey, excluded);
  }

  NodeStatus chooseEmbedder(String model, String key, Set<String> excluded) {
    return Placement.chooseEmbedder(membership.nodes(), model, key, excluded);
  }

  void track(String nodeId, RemoteCall call) {
    callsByTarget.computeIfAbsent(nodeId, id -> ConcurrentHashMap.newKeySet()).add(call);
  }

  void untrack(String nodeId, RemoteCall call) {
    Set<RemoteCall> calls = callsByTarget.get(nodeId);
    if (calls != null) {
      calls.remove(call);
    }
  }

  void trackServed(ServedCall call) {
    served.add(call);
  }

  void untrackServed(ServedCall call) {
    served.remove(call);
  }

  /** A node stopped being routable: its calls in flight fail over or end; calls it sent here stop. */
  private void nodeLost(String nodeId) {
    Set<RemoteCall> calls = callsByTarget.remove(nodeId);
    if (calls != null) {
      calls.forEach(call -> call.nodeLost(nodeId));
    }
    for (ServedCall call : served) {
      if (call.origin().equals(nodeId)) {
        call.originLost();
      }
    }
  }

  // ------------------------------------------------------------------ what this node is

  /** This node's announcement, computed now. */
  NodeStatus status() {
    List<NodeStatus.ModelLoad> models = new ArrayList<>();
    for (GeneratorModel model : backends.generators().values()) {
      models.add(new NodeStatus.ModelLoad(model.id(), model.contextLength(), model.scheduler().queueDepth(),
          model.scheduler().runningBatchSize(), maxBatch));
    }
    List<String> embedders = backends.embedders()
        .map(set -> set.members().stream().map(m -> m.embedder().name()).toList()).orElse(List.of());
    return new NodeStatus(selfId, name, ready.getAsBoolean(), false, models, System.currentTimeMillis(), embedders);
  }

  /** Every node's latest status, this one's first. */
  public Collection<NodeStatus> nodes() {
    return membership.nodes();
  }

  /** The "cluster" object of /ready: this node, and every member with what it serves and its load. */
  public ObjectNode describe() {
    ObjectNode out = Json.object().put("name", config.name()).put("node", name).put("node_id", selfId);
    if (replication != null) {
      out.set("index", replication.describe());
    }
    var members = out.putArray("members");
    for (NodeStatus node : membership.nodes()) {
      ObjectNode member = members.addObject().put("node", node.name()).put("node_id", node.nodeId())
          .put("ready", node.ready()).put("self", node.nodeId().equals(selfId));
      var models = member.putArray("models");
      for (NodeStatus.ModelLoad load : node.models()) {
        models.addObject().put("id", load.id()).put("queue_depth", load.queueDepth()).put("running", load.running())
            .put("free_slots", load.freeSlots());
      }
    }
    return out;
  }

  String selfId() {
    return selfId;
  }

  public String name() {
    return name;
  }

  Vertx vertx() {
    return vertx;
  }

  Sealer sealer() {
    return sealer;
  }

  com.hazelcast.core.HazelcastInstance hazelcast() {
    return clusterManager(vertx).getHazelcastInstance();
  }

  ClusterMetrics metrics() {
    return metrics;
  }

  long relayTimeoutMillis() {
    return TimeUnit.SECONDS.toMillis(config.relayTimeoutSeconds());
  }

  static String generateAddress(String nodeId) {
    return "opsmind.cluster.generate." + nodeId;
  }

  static String relayChannel(String callId) {
    return "opsmind.cluster.relay." + callId;
  }

  /**
   * The first step of a clean shutdown: the others stop routing here at once. Requests already
   * routed here finish while the server drains; {@link #close} then stops accepting them.
   */
  public void leave() {
    membership.leave();
  }

  @Override
  public void close() {
    if (replication != null) {
      replication.close();
    }
    if (journals != null) {
      journals.close();
    }
    if (probes != null) {
      probes.close();
    }
    membership.leave();
    membership.close();
    if (listenerId != null) {
      try {
        clusterManager(vertx).getHazelcastInstance().getCluster().removeMembershipListener(listenerId);
      } catch (RuntimeException e) {
        LOG.debug("cluster: membership listener not removed: {}", e.toString());
      }
    }
    if (generate != null) {
      generate.unregister();
    }
    if (loopback != null) {
      try {
        await(loopback.shutdown(java.time.Duration.ofSeconds(5)), "close the loopback listener");
      } catch (RuntimeException e) {
        LOG.warn("{}", e.getMessage());
      }
    }
    if (client != null) {
      client.close();
    }
  }
}
