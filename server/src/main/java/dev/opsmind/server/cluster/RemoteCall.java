package dev.opsmind.server.cluster;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opsmind.server.auth.AuthHandler;
import dev.opsmind.server.auth.RoutedCaller;
import dev.opsmind.server.http.ApiErrors;
import dev.opsmind.server.http.ApiException;
import dev.opsmind.server.http.Json;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entry node's side of a routed request: sends it to the chosen node over the event bus and
 * writes what comes back to the client as it comes. Until the first byte reaches the client
 * (a stream's first chunk; a whole non-streamed answer) a lost node, a refused send or a 503 from
 * the node makes it try the next node that hosts the model; after that, a lost node ends the
 * stream with an OpenAI error event and {@code data: [DONE]}. Runs on the request's context.
 */
final class RemoteCall {
  private static final Logger LOG = LoggerFactory.getLogger(RemoteCall.class);
  private static final Set<String> RELAYED_HEADERS = Set.of("content-type", "cache-control", "retry-after",
      "x-accel-buffering");

  private final ClusterNode node;
  private final RoutingContext ctx;
  private final Context context;
  private final Destinations destinations;
  /** The request body as received (a JSON text, or a multipart upload's bytes). */
  private final Buffer body;
  /** Whether the request may go to another node after one failed before answering (not for writes). */
  private final boolean retriable;
  private final Set<String> tried = new HashSet<>();
  private NodeStatus target;
  private String callId;
  /** Bumped per attempt: frames of an abandoned attempt are ignored. */
  private int attempt;
  private int status;
  private ObjectNode headers;
  private boolean stream;
  private boolean committed;
  private boolean finished;
  private boolean clientGone;
  private Buffer whole = Buffer.buffer();

  RemoteCall(ClusterNode node, RoutingContext ctx, Destinations destinations, Buffer body, boolean retriable) {
    this.node = node;
    this.ctx = ctx;
    this.context = Vertx.currentContext();
    this.destinations = destinations;
    this.body = body;
    this.retriable = retriable;
  }

  void start(NodeStatus first) {
    ctx.response().closeHandler(v -> clientGone = true);
    send(first);
  }

  private void send(NodeStatus to) {
    target = to;
    tried.add(to.nodeId());
    callId = UUID.randomUUID().toString();
    String call = callId;
    int mine = ++attempt;
    status = 0;
    headers = null;
    stream = false;
    whole = Buffer.buffer();
    node.track(to.nodeId(), this);
    ObjectNode request = Json.object()
        .put("callId", callId)
        .put("origin", node.selfId())
        .put("method", ctx.request().method().name())
        .put("path", ctx.request().uri())
        .put("body64", java.util.Base64.getEncoder().encodeToString(body.getBytes()));
    // The caller this node authenticated (and counted against its rate limit) travels instead of
    // its key. Open mode's local admin never travels (a keyed node must not take it as an admin):
    // then the key, if any, goes along and is checked where the request runs.
    dev.opsmind.retrieval.Principal authenticated = AuthHandler.principalOrNull(ctx);
    // (by identity: the instance open mode sets, not a keyed principal of the same name)
    dev.opsmind.retrieval.Principal caller = authenticated == AuthHandler.LOCAL ? null : authenticated;
    if (caller != null) {
      request.set("caller", RoutedCaller.describe(caller, AuthHandler.role(ctx)));
    }
    ObjectNode forwarded = request.putObject("headers");
    for (String name : new String[] {"Authorization", "Content-Type", "Accept", "OpenAI-Organization"}) {
      if (caller != null && name.equals("Authorization")) {
        continue;
      }
      String value = ctx.request().getHeader(name);
      if (value != null) {
        forwarded.put(name, value);
      }
    }
    String address = ClusterNode.generateAddress(to.nodeId());
    node.metrics().routed(destinations.label(), to.name());
    node.vertx().eventBus().<Buffer>request(address,
        node.sealer().seal(address, Json.write(request).getBytes(java.nio.charset.StandardCharsets.UTF_8)),
        new DeliveryOptions().setSendTimeout(node.relayTimeoutMillis()))
        .onComplete(reply -> onFrame(reply, mine, call));
  }

  /** {@code which}, {@code call}: the attempt the frame belongs to (an abandoned one's are cancelled). */
  private void onFrame(AsyncResult<Message<Buffer>> reply, int which, String call) {
    if (which != attempt || finished) {
      if (reply.succeeded()) {
        reply.result().reply(node.sealer().seal(ClusterNode.relayChannel(call), Frame.of(Frame.CANCEL).encode()));
      }
      return;
    }
    if (reply.failed()) {
      lost(target.name() + " did not answer: " + reply.cause().getMessage());
      return;
    }
    Message<Buffer> message = reply.result();
    java.util.List<Frame> frames;
    try {
      frames = Frame.decodeAll(node.sealer().open(relayChannel(), message.body()));
    } catch (Sealer.Refused | java.io.IOException e) {
      node.metrics().refused();
      lost("an unreadable relay frame from " + target.name() + " (" + e.getMessage() + ")");
      return;
    }
    try {
      for (Frame frame : frames) {
        boolean more = switch (frame.type()) {
          case Frame.HEAD -> head(message, frame.json());
          case Frame.DATA -> data(frame.bytes());
          case Frame.END -> end();
          case Frame.ERROR -> lost(target.name() + " could not run it: " + frame.json().path("message").asText());
          default -> lost("an unknown relay frame from " + target.name());
        };
        if (!more) {
          return;
        }
      }
    } catch (java.io.IOException e) {
      lost("an unreadable relay frame from " + target.name() + " (" + e.getMessage() + ")");
      return;
    }
    HttpServerResponse response = ctx.response();
    if (committed && response.writeQueueFull() && !response.closed()) {
      response.drainHandler(v -> ack(message)); // paced by the client: no ack until it reads
    } else {
      ack(message);
    }
  }

  /** Whether the rest of the message's frames are still wanted (not: retried elsewhere). */
  private boolean head(Message<Buffer> message, ObjectNode head) {
    status = head.path("status").asInt(502);
    headers = (ObjectNode) head.path("headers");
    stream = headers.path("content-type").asText("").startsWith("text/event-stream");
    if (status == 503 && retriable && destinations.next(tried) != null) {
      // The node is draining or not ready: another host gets it, nothing was sent yet.
      message.reply(seal(Frame.of(Frame.CANCEL)));
      retry(target.name() + " answered 503");
      return false;
    }
    return true;
  }

  private boolean data(byte[] bytes) {
    if (!stream) {
      whole.appendBytes(bytes);
      return true;
    }
    HttpServerResponse response = ctx.response();
    if (!committed) {
      committed = true;
      writeHead(response);
      response.setChunked(true);
    }
    if (!response.closed()) {
      response.write(Buffer.buffer(bytes));
    }
    return true;
  }

  private void writeHead(HttpServerResponse response) {
    response.setStatusCode(status);
    headers.properties().forEach(e -> {
      if (RELAYED_HEADERS.contains(e.getKey())) {
        response.putHeader(e.getKey(), e.getValue().asText());
      }
    });
    response.putHeader("X-Opsmind-Node", target.name());
    // the serving node's own request id: its audit log's entry for this request
    String routedId = headers.path("x-request-id").asText(null);
    if (routedId != null) {
      response.putHeader("X-Opsmind-Routed-Request-Id", routedId);
    }
  }

  private boolean end() {
    finish();
    HttpServerResponse response = ctx.response();
    if (response.closed()) {
      return false;
    }
    if (!committed) {
      committed = true;
      writeHead(response);
      response.end(whole);
    } else {
      response.end();
    }
    return false;
  }

  private void ack(Message<Buffer> message) {
    if (finished) {
      return;
    }
    if (clientGone) {
      message.reply(seal(Frame.of(Frame.CANCEL)));
      finish();
      return;
    }
    int mine = attempt;
    String call = callId;
    message.<Buffer>replyAndRequest(seal(Frame.of(Frame.ACK)),
        new DeliveryOptions().setSendTimeout(node.relayTimeoutMillis()))
        .onComplete(reply -> onFrame(reply, mine, call));
  }

  /** Called from a membership event (any thread): the node serving this call is gone. */
  void nodeLost(String nodeId) {
    context.runOnContext(v -> {
      if (target != null && target.nodeId().equals(nodeId)) {
        lost(target.name() + " left the cluster");
      }
    });
  }

  /** Always false: nothing more of this attempt is wanted. */
  private boolean lost(String why) {
    if (finished) {
      return false;
    }
    node.untrack(target.nodeId(), this);
    if (clientGone) {
      finished = true;
      return false;
    }
    if (!committed) {
      retry(why);
      return false;
    }
    finished = true;
    node.metrics().streamCut(destinations.label());
    LOG.warn("cluster: stream of {} from {} cut midway: {}", destinations.label(), target.name(), why);
    HttpServerResponse response = ctx.response();
    if (!response.closed()) {
      ApiErrors.Mapped error = ApiErrors.map(lostError(why));
      if (ctx.request().path().equals("/v1/responses")) { // the Responses API's own error event
        ObjectNode event = Json.object().put("type", "error").put("code", "node_lost")
            .put("message", error.body().path("error").path("message").asText()).putNull("param");
        response.end("event: error\ndata: " + Json.write(event) + "\n\n");
      } else {
        response.write("data: " + Json.write(error.body()) + "\n\n");
        response.end("data: [DONE]\n\n");
      }
    }
    return false;
  }

  private void retry(String why) {
    node.untrack(target.nodeId(), this);
    NodeStatus next = retriable ? destinations.next(tried) : null;
    if (next == null) {
      finished = true;
      LOG.warn("cluster: {} failed and no other node takes {}: {}", callId, destinations.label(), why);
      if (!ctx.response().closed() && !ctx.response().headWritten()) {
        ApiErrors.send(ctx, destinations.unavailable(why));
      }
      return;
    }
    node.metrics().retried(destinations.label());
    LOG.info("cluster: retrying a request for {} on {} ({})", destinations.label(), next.name(), why);
    send(next);
  }

  private static ApiException lostError(String why) {
    return new ApiException(502, "server_error", "node_lost",
        null, "The cluster node generating this response was lost midway (" + why + "); the answer is incomplete.", 0);
  }

  private void finish() {
    finished = true;
    node.untrack(target.nodeId(), this);
  }

  private String relayChannel() {
    return ClusterNode.relayChannel(callId);
  }

  private Buffer seal(Frame frame) {
    return node.sealer().seal(relayChannel(), frame.encode());
  }
}
