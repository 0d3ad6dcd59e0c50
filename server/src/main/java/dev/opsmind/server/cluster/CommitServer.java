package dev.opsmind.server.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opsmind.retrieval.KnowledgeIndex;
import dev.opsmind.retrieval.replica.CommitCopy;
import dev.opsmind.retrieval.replica.CommitFiles;
import dev.opsmind.server.http.Json;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.lucene.index.IndexCommit;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.store.IndexInput;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The index writer's side of replication: answers replicas over the sealed event bus.
 * {@code head} pins the last commit (its answer carries the writer's fencing term) (it stays on disk while replicas copy it, whatever is committed
 * meanwhile) and describes its files; {@code read} returns bytes of a file of a pinned commit (and
 * only of one); {@code done} unpins. A pin a replica never released goes after {@link #PIN_MILLIS}
 * without use. Disk work runs on worker threads, never on the event loop.
 */
final class CommitServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CommitServer.class);
  static final long PIN_MILLIS = TimeUnit.MINUTES.toMillis(2);

  private record Pin(IndexCommit commit, CommitFiles files, long[] lastUsed) {}

  private final Vertx vertx;
  private final Sealer sealer;
  private final KnowledgeIndex index;
  private final String address;
  /** Pinned commits by pin id (one per head request). */
  private final Map<String, Pin> pins = new ConcurrentHashMap<>();
  private final MessageConsumer<Buffer> consumer;
  private final long sweeper;

  /** The writer's fencing term, sent with every commit offered. */
  private final java.util.function.LongSupplier term;

  CommitServer(Vertx vertx, Sealer sealer, KnowledgeIndex index, String selfId, java.util.function.LongSupplier term) {
    this.term = term;
    this.vertx = vertx;
    this.sealer = sealer;
    this.index = index;
    this.address = address(selfId);
    this.replyAddress = replyAddress(selfId);
    this.consumer = vertx.eventBus().consumer(address, this::handle);
    this.sweeper = vertx.setPeriodic(PIN_MILLIS / 4, id -> sweep());
  }

  /** Where the writer {@code nodeId} answers replicas. */
  static String address(String nodeId) {
    return "opsmind.cluster.index.writer." + nodeId;
  }

  /** The address replies are sealed for (a reply has no address of its own). */
  static String replyAddress(String nodeId) {
    return address(nodeId) + ".reply";
  }

  private final String replyAddress;

  private void handle(Message<Buffer> message) {
    JsonNode request;
    try {
      request = Json.MAPPER.readTree(sealer.open(address, message.body()));
    } catch (Sealer.Refused | IOException e) {
      LOG.warn("cluster: refused an index replication request: {}", e.getMessage());
      message.fail(403, "refused");
      return;
    }
    vertx.executeBlocking(() -> answer(request), false).onComplete(done -> {
      if (done.succeeded()) {
        message.reply(sealer.seal(replyAddress, done.result()));
      } else {
        message.fail(500, String.valueOf(done.cause().getMessage()));
      }
    });
  }

  private byte[] answer(JsonNode request) throws IOException {
    String op = request.path("op").asText();
    switch (op) {
      case "head" -> {
        IndexCommit commit = index.snapshotLatest();
        CommitFiles files;
        try {
          files = CommitFiles.of(index.luceneDirectory(), commit);
        } catch (IOException | RuntimeException e) {
          index.release(commit);
          throw e;
        }
        String pin = java.util.UUID.randomUUID().toString();
        pins.put(pin, new Pin(commit, files, new long[] {System.currentTimeMillis()}));
        ObjectNode reply = Json.MAPPER.valueToTree(files);
        reply.put("pin", pin).put("term", term.getAsLong());
        return Json.MAPPER.writeValueAsBytes(reply);
      }
      case "read" -> {
        Pin pin = pins.get(request.path("pin").asText());
        String name = request.path("name").asText();
        if (pin == null || pin.files().files().stream().noneMatch(f -> f.name().equals(name))) {
          throw new IOException("no pinned commit holds " + name + " (released, or expired after "
              + PIN_MILLIS / 1000 + " s)");
        }
        pin.lastUsed()[0] = System.currentTimeMillis();
        long offset = request.path("offset").asLong();
        int length = Math.min(request.path("length").asInt(), CommitCopy.CHUNK);
        try (IndexInput in = index.luceneDirectory().openInput(name, IOContext.READONCE)) {
          byte[] bytes = new byte[(int) Math.max(0, Math.min(length, in.length() - offset))];
          in.seek(offset);
          in.readBytes(bytes, 0, bytes.length);
          return bytes;
        }
      }
      case "done" -> {
        Pin pin = pins.remove(request.path("pin").asText());
        if (pin != null) {
          index.release(pin.commit());
        }
        return "{}".getBytes(StandardCharsets.UTF_8);
      }
      default -> throw new IOException("unknown replication request '" + op + "'");
    }
  }

  private void sweep() {
    long now = System.currentTimeMillis();
    pins.forEach((id, pin) -> {
      if (now - pin.lastUsed()[0] > PIN_MILLIS && pins.remove(id, pin)) {
        vertx.executeBlocking(() -> {
          index.release(pin.commit());
          return null;
        }, false);
      }
    });
  }

  @Override
  public void close() {
    vertx.cancelTimer(sweeper);
    consumer.unregister();
    pins.values().forEach(pin -> index.release(pin.commit()));
    pins.clear();
  }
}
