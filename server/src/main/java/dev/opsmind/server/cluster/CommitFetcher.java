package dev.opsmind.server.cluster;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opsmind.retrieval.KnowledgeIndex;
import dev.opsmind.retrieval.replica.CommitCopy;
import dev.opsmind.retrieval.replica.CommitFiles;
import dev.opsmind.server.http.Json;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongPredicate;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A replica's side of {@link CommitServer}: asks the writer for its last commit ({@code head},
 * which pins it there), copies the files this index lacks ({@link CommitCopy}: segments_N last, so
 * a search never sees part of a commit), reopens the searchers, drops unused files and releases
 * the pin. Runs on {@link IndexReplication}'s thread; it blocks there, never on an event loop.
 */
final class CommitFetcher {
  private static final Logger LOG = LoggerFactory.getLogger(CommitFetcher.class);
  /** A file chunk may take a while on a loaded writer; asking for its last commit should not. */
  private static final long READ_MILLIS = 30_000;
  private static final long HEAD_MILLIS = 5_000;

  private final Vertx vertx;
  private final Sealer sealer;
  private final KnowledgeIndex index;
  private final ClusterMetrics metrics;
  private final Predicate<String> member;
  private final BooleanSupplier closed;

  /**
   * {@code member}: whether a node id is still in the cluster (a writer that died mid-copy is
   * given up on once Hazelcast drops it); {@code closed}: whether replication is shutting down.
   */
  CommitFetcher(Vertx vertx, Sealer sealer, KnowledgeIndex index, ClusterMetrics metrics, Predicate<String> member,
      BooleanSupplier closed) {
    this.vertx = vertx;
    this.sealer = sealer;
    this.index = index;
    this.metrics = metrics;
    this.member = member;
    this.closed = closed;
  }

  /**
   * Copies {@code writer}'s last commit unless this index has it ({@code local}) or it is offered
   * under a term {@code stale} says is deposed; the commit copied, or empty.
   */
  Optional<CommitFiles> fetch(String writer, String writerName, CommitFiles local, LongPredicate stale)
      throws IOException {
    ObjectNode head = (ObjectNode) Json.MAPPER.readTree(request(writer, Json.object().put("op", "head"), HEAD_MILLIS));
    String pin = head.remove("pin").asText();
    long offered = head.has("term") ? head.remove("term").asLong() : 0;
    try {
      if (stale.test(offered)) {
        LOG.warn("cluster: {} offers a commit under stale term {}: not copied", writerName, offered);
        return Optional.empty();
      }
      CommitFiles commit = Json.MAPPER.treeToValue(head, CommitFiles.class);
      if (commit.sameAs(local)) {
        return Optional.empty();
      }
      long started = System.nanoTime();
      CommitCopy.Result result = CommitCopy.apply(index.luceneDirectory(), commit, (file, offset, length) ->
          request(writer, Json.object().put("op", "read").put("pin", pin).put("name", file).put("offset", offset)
              .put("length", length), READ_MILLIS));
      index.refresh();
      CommitCopy.cleanup(index.luceneDirectory(), commit);
      LOG.info("cluster: index commit {} copied from {} ({} files, {} bytes, {} ms)", commit.generation(),
          writerName, result.files(), result.bytes(), (System.nanoTime() - started) / 1_000_000);
      return Optional.of(commit);
    } finally {
      try {
        request(writer, Json.object().put("op", "done").put("pin", pin), HEAD_MILLIS);
      } catch (IOException e) {
        LOG.debug("cluster: could not release commit pin: {}", e.toString());
      }
    }
  }

  private byte[] request(String writer, ObjectNode body, long timeoutMillis) throws IOException {
    String address = CommitServer.address(writer);
    try {
      var pending = vertx.eventBus().<Buffer>request(address,
          sealer.seal(address, Json.write(body).getBytes(java.nio.charset.StandardCharsets.UTF_8)),
          new DeliveryOptions().setSendTimeout(timeoutMillis)).toCompletionStage().toCompletableFuture();
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis + 1000);
      io.vertx.core.eventbus.Message<Buffer> reply = null;
      while (reply == null) {
        try {
          reply = pending.get(1, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
          // A writer that died mid-copy never answers: give up once Hazelcast drops it, not at the
          // read timeout, so the election (which runs on this thread) is not held up.
          if (!member.test(writer) || closed.getAsBoolean() || System.nanoTime() > deadline) {
            pending.cancel(false);
            throw e;
          }
        }
      }
      return sealer.open(CommitServer.replyAddress(writer), reply.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IOException("the index writer did not answer " + body.path("op").asText() + ": "
          + (e.getCause() == null ? e : e.getCause()).getMessage(), e);
    } catch (Sealer.Refused e) {
      metrics.refused();
      throw new IOException("an unreadable answer from the index writer: " + e.getMessage(), e);
    }
  }
}
