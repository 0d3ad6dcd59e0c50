package dev.opsmind.server.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hazelcast.core.HazelcastInstance;
import dev.opsmind.server.http.Json;
import dev.opsmind.server.journal.Journal;
import dev.opsmind.server.journal.JournalMirror;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable journals (feedback, proposals and their decisions, the audit log) on other nodes'
 * disks too: every append is sent, under the journal's lock, to {@code copies} other live members
 * (the next ones after this node in the ring of member ids, skipping any that fail), each appends
 * the lines to {@code <data>/peers/<this node's name>/<journal>} and fsyncs before it answers; the
 * append returns (and the client gets its answer) only then. So an acknowledged record is on
 * 1 + copies nodes' disks, or on every live node's when fewer are up. The copies are byte for
 * byte the origin's lines: a mirrored audit log is the same hash chain.
 */
final class JournalCopies implements JournalMirror, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(JournalCopies.class);
  static final String PEERS = dev.opsmind.server.journal.PeerCopies.FOLDER;
  private static final long TIMEOUT_MILLIS = 10_000;
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:-]+");

  private final Vertx vertx;
  private final Sealer sealer;
  private final HazelcastInstance hazelcast;
  private final String selfId;
  private final String origin;
  private final Path dataRoot;
  private final int copies;
  private final MessageConsumer<Buffer> consumer;
  private final Map<Path, Journal> mirrors = new ConcurrentHashMap<>();
  /** The last line of each copy (a chained copy checks that new lines follow it). */
  private final Map<Path, String> lastLines = new ConcurrentHashMap<>();

  JournalCopies(Vertx vertx, Sealer sealer, HazelcastInstance hazelcast, String selfId, String origin,
      Path dataRoot, int copies) {
    this.vertx = vertx;
    this.sealer = sealer;
    this.hazelcast = hazelcast;
    this.selfId = selfId;
    this.origin = origin;
    this.dataRoot = dataRoot.toAbsolutePath().normalize();
    this.copies = copies;
    this.consumer = vertx.eventBus().consumer(address(selfId), this::received);
    JournalMirror.register(this.dataRoot, this);
  }

  static String address(String nodeId) {
    return "opsmind.cluster.journal." + nodeId;
  }

  /** The folder where copies of {@code node}'s journals are kept under a data folder. */
  static String folderName(String node) {
    String safe = node.replaceAll("[^A-Za-z0-9._-]", "_");
    return safe.isEmpty() ? "_" : safe;
  }

  @Override
  public void mirror(String name, List<String> lines) {
    if (copies == 0 || name.startsWith(PEERS + "/")) {
      return; // copies of others' journals are not copied again
    }
    ObjectNode message = Json.object().put("origin", origin).put("journal", name);
    ArrayNode array = message.putArray("lines");
    lines.forEach(array::add);
    byte[] payload = Json.write(message).getBytes(StandardCharsets.UTF_8);
    int done = 0;
    int down = 0;
    List<String> failed = new ArrayList<>();
    List<String> ring = ring();
    for (String peer : ring) {
      if (done == copies) {
        break;
      }
      try {
        try {
          send(peer, payload);
        } catch (java.util.concurrent.ExecutionException e) {
          if (!(e.getCause() instanceof io.vertx.core.eventbus.ReplyException reply) || reply.failureCode() != GAP) {
            throw e;
          }
          repair(peer, name, Long.parseLong(reply.getMessage()));
        }
        done++;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while copying a journal append to the cluster", e);
      } catch (Exception e) {
        if (e.getCause() instanceof io.vertx.core.eventbus.ReplyException reply
            && reply.failureType() == io.vertx.core.eventbus.ReplyFailure.NO_HANDLERS) {
          down++; // still starting, or leaving: it is not up, as far as copies go
        } else {
          failed.add(peer + ": " + (e.getCause() == null ? e : e.getCause()).getMessage());
        }
      }
    }
    if (done < Math.min(copies, ring.size() - down)) {
      throw new dev.opsmind.server.journal.NotCopiedException("journal " + name + ": the append is on this node's disk "
          + "but on only " + done + " of the " + copies + " other nodes asked for (" + failed + ")");
    }
    if (!failed.isEmpty()) {
      LOG.warn("cluster: journal {} copied to {} nodes; these failed first: {}", name, done, failed);
    }
  }

  private void send(String peer, byte[] payload) throws Exception {
    String address = address(peer);
    vertx.eventBus().request(address, sealer.seal(address, payload), new DeliveryOptions()
        .setSendTimeout(TIMEOUT_MILLIS)).toCompletionStage().toCompletableFuture()
        .get(TIMEOUT_MILLIS + 1000, TimeUnit.MILLISECONDS);
  }

  /**
   * The peer's copy of a hash chain ends at {@code lastSeq}, before the lines just sent (this
   * node was down, restarted, or an append was not copied): send it every entry after that from
   * this node's own files (the new lines included), so the copy stays one unbroken chain.
   */
  private void repair(String peer, String name, long lastSeq) throws Exception {
    List<String> missing = new ArrayList<>();
    dev.opsmind.server.audit.AuditChain.forEach(dataRoot.resolve(name), located -> {
      if (located.entry() != null && located.entry().path("seq").asLong() > lastSeq) {
        missing.add(located.text());
      }
    });
    LOG.info("cluster: {}'s copy of journal {} ends at seq {}: sending the {} entries after it", peer, name, lastSeq,
        missing.size());
    for (int from = 0; from < missing.size(); from += 1000) {
      ObjectNode message = Json.object().put("origin", origin).put("journal", name);
      ArrayNode array = message.putArray("lines");
      missing.subList(from, Math.min(missing.size(), from + 1000)).forEach(array::add);
      send(peer, Json.write(message).getBytes(StandardCharsets.UTF_8));
    }
  }

  /** The other live members, starting after this node in the order of member ids. */
  private List<String> ring() {
    // Vert.x node ids (the event-bus addresses use them), not Hazelcast's member UUIDs
    List<String> ids = new ArrayList<>(ClusterVertx.clusterManager(vertx).getNodes().stream().sorted().toList());
    int self = ids.indexOf(selfId);
    List<String> out = new ArrayList<>();
    for (int i = 1; i < ids.size(); i++) {
      out.add(ids.get(((self < 0 ? 0 : self) + i) % ids.size()));
    }
    return out;
  }

  private void received(Message<Buffer> message) {
    JsonNode copy;
    try {
      copy = Json.MAPPER.readTree(sealer.open(address(selfId), message.body()));
    } catch (Sealer.Refused | IOException e) {
      LOG.warn("cluster: refused a journal copy: {}", e.getMessage());
      message.fail(403, "refused");
      return;
    }
    vertx.executeBlocking(() -> {
      append(copy);
      return null;
    }, true).onComplete(done -> {
      if (done.succeeded()) {
        message.reply(Buffer.buffer("ok"));
      } else if (done.cause() instanceof Gap gap) {
        message.fail(GAP, Long.toString(gap.lastSeq));
      } else {
        LOG.error("cluster: cannot keep a journal copy: {}", done.cause().getMessage());
        message.fail(500, String.valueOf(done.cause().getMessage()));
      }
    });
  }

  private void append(JsonNode copy) {
    String from = copy.path("origin").asText();
    String journal = copy.path("journal").asText();
    Path folder = dataRoot.resolve(PEERS).resolve(folderName(from)).normalize();
    Path file = folder.resolve(journal).normalize();
    if (!file.startsWith(folder) || journal.isEmpty() || !SAFE.matcher(file.getFileName().toString()).matches()) {
      throw new IllegalArgumentException("a journal copy names an odd file: " + journal);
    }
    List<String> lines = new ArrayList<>();
    copy.path("lines").forEach(line -> lines.add(line.asText()));
    if (lines.isEmpty()) {
      return;
    }
    synchronized (mirrors) {
      Journal target = mirrors.computeIfAbsent(file, f -> {
        Journal opened = Journal.open(f, line -> line.startsWith("{"));
        if (!opened.records().isEmpty()) {
          lastLines.put(f, opened.records().getLast());
        }
        return opened;
      });
      String last = lastLines.get(file);
      if (journal.startsWith("audit/") && last != null) {
        // A hash chain: the new lines must follow the copy's last one, or the origin fills the gap.
        String expected = dev.opsmind.server.audit.AuditChain.sha256(last);
        try {
          JsonNode first = Json.MAPPER.readTree(lines.getFirst());
          if (!expected.equals(first.path("prev").asText())) {
            throw new Gap(Json.MAPPER.readTree(last).path("seq").asLong());
          }
        } catch (IOException e) {
          throw new IllegalArgumentException("an audit copy that is not JSON", e);
        }
      }
      target.appendAll(lines);
      lastLines.put(file, lines.getLast());
    }
  }

  /** Reply code: the copy of a hash chain ends before the lines sent (message: its last seq). */
  static final int GAP = 409;

  private static final class Gap extends RuntimeException {
    final long lastSeq;

    Gap(long lastSeq) {
      super("the copy ends at seq " + lastSeq, null, false, false);
      this.lastSeq = lastSeq;
    }
  }

  @Override
  public void close() {
    JournalMirror.unregister(dataRoot);
    consumer.unregister();
    mirrors.values().forEach(Journal::close);
  }
}
