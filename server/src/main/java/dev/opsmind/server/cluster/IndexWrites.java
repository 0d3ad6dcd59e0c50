package dev.opsmind.server.cluster;

import dev.opsmind.server.http.ApiErrors;
import dev.opsmind.server.http.ApiException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/**
 * Index writes (collections and their documents: create, upload, delete) sent to a replica go to
 * the cluster's one index writer over the sealed event bus, as it answers them: the client may
 * call any node. The body is read raw (a multipart upload's bytes, up to the upload limit) and
 * replayed on the writer. A write is never retried on another node (it may have run there): with
 * no writer reachable, or the writer lost before answering, the client gets 503
 * {@code index_writer_unavailable} with Retry-After; an upload retried later is idempotent (the
 * content hash), and a delete answers 404 once done.
 */
final class IndexWrites {
  private final ClusterNode node;
  private final long maxBodyBytes;

  IndexWrites(ClusterNode node, long maxBodyBytes) {
    this.node = node;
    this.maxBodyBytes = maxBodyBytes;
  }

  /** Served here (the local routes) on the writer, routed otherwise; a route without a body handler. */
  void route(RoutingContext ctx) {
    if (ctx.request().getHeader(ClusterNode.HOP_HEADER) != null || !node.replicatesIndex() || node.indexWriter()) {
      ctx.next();
      return;
    }
    NodeStatus writer = node.indexWriterNode();
    if (writer == null) {
      ApiErrors.send(ctx, unavailable("no index writer is reachable now; one is elected within seconds of the "
          + "last one's loss"));
      return;
    }
    HttpServerRequest request = ctx.request();
    Buffer body = Buffer.buffer();
    boolean[] tooLarge = {false};
    request.handler(chunk -> {
      if (tooLarge[0]) {
        return;
      }
      if (body.length() + chunk.length() > maxBodyBytes) {
        tooLarge[0] = true;
        ApiErrors.send(ctx, new ApiException(413, "invalid_request_error", "request_too_large", null,
            "The request body is larger than " + maxBodyBytes + " bytes", 0));
        return;
      }
      body.appendBuffer(chunk);
    });
    request.exceptionHandler(ctx::fail);
    request.endHandler(v -> {
      if (!tooLarge[0]) {
        new RemoteCall(node, ctx, toWriter(writer), body, false).start(writer);
      }
    });
    request.resume();
  }

  private static Destinations toWriter(NodeStatus writer) {
    return new Destinations() {
      @Override
      public NodeStatus next(Set<String> tried) {
        return tried.contains(writer.nodeId()) ? null : writer;
      }

      @Override
      public String label() {
        return "index-writer";
      }

      @Override
      public ApiException unavailable(String why) {
        return IndexWrites.unavailable(why);
      }
    };
  }

  static ApiException unavailable(String why) {
    return new ApiException(503, "server_error", "index_writer_unavailable", null,
        "This node holds a replica of the knowledge index and could not reach the cluster's index writer (" + why
            + "); the write was not acknowledged. Retry in a few seconds.", 2);
  }
}
