package dev.opsmind.server.cluster;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opsmind.server.auth.RoutedCaller;
import dev.opsmind.server.http.Json;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The serving node's side of a routed request: replays it on this node's loopback listener, so it
 * runs through the same authentication, validation, limits, scheduler and audit as a direct call,
 * and relays the response back frame by frame: head, then the bytes as they come (merged while the
 * entry node has not asked for more), then end. The entry node's silence (its ack timeout) or its
 * loss resets the loopback request, which cancels the generation.
 */
final class ServedCall {
  /** An entry node alive acks within milliseconds; this long without an ack means it is gone. */
  static final long ACK_TIMEOUT_MILLIS = 30_000;

  private final ClusterNode node;
  private final String callId;
  private final String origin;
  private final Deque<Frame> outbox = new ArrayDeque<>();
  private Message<Buffer> pending;
  private HttpClientRequest loopback;
  private boolean done;
  private boolean flushing;
  private final io.vertx.core.Context context = io.vertx.core.Vertx.currentContext();

  private ServedCall(ClusterNode node, String callId, String origin, Message<Buffer> request) {
    this.node = node;
    this.callId = callId;
    this.origin = origin;
    this.pending = request;
  }

  String origin() {
    return origin;
  }

  /** Opens a routed request (a sealed JSON object) and starts replaying it. */
  static void serve(ClusterNode node, HttpClient client, int loopbackPort, Message<Buffer> message, ObjectNode request) {
    ServedCall call = new ServedCall(node, request.path("callId").asText(), request.path("origin").asText(), message);
    node.trackServed(call);
    RequestOptions options = new RequestOptions().setHost("127.0.0.1").setPort(loopbackPort)
        .setMethod(HttpMethod.valueOf(request.path("method").asText("POST"))).setURI(request.path("path").asText("/"));
    request.path("headers").properties().forEach(e -> options.putHeader(e.getKey(), e.getValue().asText()));
    options.putHeader(ClusterNode.HOP_HEADER, request.path("origin").asText());
    options.putHeader(RoutedCaller.TOKEN_HEADER, node.replayToken());
    if (request.hasNonNull("caller")) {
      options.putHeader(RoutedCaller.CALLER_HEADER, RoutedCaller.header(request.get("caller")));
    }
    Buffer body = Buffer.buffer(java.util.Base64.getDecoder().decode(request.path("body64").asText("")));
    client.request(options)
        .compose(http -> {
          call.loopback = http;
          return http.send(body);
        })
        .onSuccess(call::relay)
        .onFailure(t -> call.fail("the loopback request failed: " + t.getMessage()));
  }

  private void relay(HttpClientResponse response) {
    ObjectNode head = Json.object().put("status", response.statusCode());
    ObjectNode headers = head.putObject("headers");
    response.headers().forEach(e -> headers.put(e.getKey().toLowerCase(java.util.Locale.ROOT), e.getValue()));
    push(Frame.json(Frame.HEAD, head));
    response.handler(bytes -> push(new Frame(Frame.DATA, bytes.getBytes())));
    response.endHandler(v -> push(Frame.of(Frame.END)));
    response.exceptionHandler(t -> fail("the response broke off: " + t.getMessage()));
  }

  private void fail(String why) {
    push(Frame.json(Frame.ERROR, Json.object().put("message", why)));
  }

  private void push(Frame frame) {
    if (done) {
      return;
    }
    Frame last = outbox.peekLast();
    if (last != null && last.terminal()) {
      return;
    }
    if (frame.type() == Frame.DATA && last != null && last.type() == Frame.DATA) {
      // The entry node has not asked for more yet: tokens that came meanwhile go in one frame.
      byte[] merged = new byte[last.bytes().length + frame.bytes().length];
      System.arraycopy(last.bytes(), 0, merged, 0, last.bytes().length);
      System.arraycopy(frame.bytes(), 0, merged, last.bytes().length, frame.bytes().length);
      outbox.pollLast();
      outbox.addLast(new Frame(Frame.DATA, merged));
    } else {
      outbox.addLast(frame);
    }
    if (!flushing) {
      // On the next turn of the event loop: what the loopback response has ready by then (its
      // end, right behind a short answer's bytes) goes in the same message.
      flushing = true;
      context.runOnContext(v -> {
        flushing = false;
        flush();
      });
    }
  }

  private void flush() {
    if (pending == null || outbox.isEmpty() || done) {
      return;
    }
    if (outbox.size() == 1 && outbox.peekFirst().type() == Frame.HEAD) {
      return; // the head waits for the first bytes: one round trip fewer
    }
    java.util.List<Frame> frames = new java.util.ArrayList<>(outbox);
    outbox.clear();
    Message<Buffer> to = pending;
    pending = null;
    Buffer sealed = node.sealer().seal(ClusterNode.relayChannel(callId), Frame.encodeAll(frames));
    if (frames.getLast().terminal()) {
      to.reply(sealed);
      finish();
      return;
    }
    to.<Buffer>replyAndRequest(sealed, new DeliveryOptions().setSendTimeout(ACK_TIMEOUT_MILLIS)).onComplete(ack -> {
      if (ack.failed()) {
        abort();
        return;
      }
      Frame answer;
      try {
        answer = Frame.decode(node.sealer().open(ClusterNode.relayChannel(callId), ack.result().body()));
      } catch (Sealer.Refused | java.io.IOException e) {
        node.metrics().refused();
        abort();
        return;
      }
      if (answer.type() != Frame.ACK) {
        abort();
        return;
      }
      pending = ack.result();
      flush();
    });
  }

  /** Called from a membership event (any thread): the entry node is gone. */
  void originLost() {
    context.runOnContext(v -> abort());
  }

  /** The entry node is gone or its client is: the loopback request is reset, cancelling generation. */
  void abort() {
    if (done) {
      return;
    }
    finish();
    if (loopback != null) {
      loopback.reset();
    }
  }

  private void finish() {
    done = true;
    outbox.clear();
    node.untrackServed(this);
  }
}
