package dev.opsmind.server.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opsmind.inference.generate.QueueFullException;
import dev.opsmind.retrieval.UnknownCollectionException;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place exceptions become HTTP errors in OpenAI's shape
 * {@code {"error":{"message","type","param","code"}}}. Caller errors (IllegalArgumentException)
 * are 400 with their message; anything unexpected is a 500 with a generic message and the detail
 * in the log only.
 */
public final class ApiErrors {
  private static final Logger LOG = LoggerFactory.getLogger(ApiErrors.class);

  private ApiErrors() {}

  /** An error as status + OpenAI error object, ready to send as JSON or as an SSE event. */
  public record Mapped(int status, ObjectNode body, int retryAfterSeconds) {}

  public static Mapped map(Throwable failure) {
    Throwable error = unwrap(failure);
    if (error instanceof ApiException api) {
      return new Mapped(api.status(), body(api.getMessage(), api.type(), api.param(), api.code()),
          api.retryAfterSeconds());
    }
    if (error instanceof QueueFullException) {
      ApiException full = ApiException.queueFull(1);
      return new Mapped(429, body(full.getMessage(), full.type(), null, full.code()), 1);
    }
    if (error instanceof UnknownCollectionException unknown) {
      return new Mapped(404, body(unknown.getMessage(), "invalid_request_error", null, "collection_not_found"), 0);
    }
    if (error instanceof dev.opsmind.retrieval.ReadOnlyIndexException) {
      // a cluster replica: only the index writer node writes (GET /ready: cluster.index.writer)
      return new Mapped(503, body("This node holds a replica of the knowledge index; index writes (collections, "
          + "documents) go to the cluster's index writer node, named in GET /ready under cluster.index.writer.",
          "server_error", null, "index_replica"), 2);
    }
    if (error instanceof dev.opsmind.server.journal.NotCopiedException) {
      return new Mapped(503, body("The change is stored on this node but could not be copied to the other cluster "
          + "nodes (cluster.journalCopies), so it is not acknowledged; retry.", "server_error", null, "not_copied"), 2);
    }
    if (error instanceof InvalidRequestException bad) {
      return new Mapped(400, body(bad.getMessage(), "invalid_request_error", bad.param(), null), 0);
    }
    if (error instanceof IllegalArgumentException bad) {
      return new Mapped(400, body(bad.getMessage(), "invalid_request_error", null, null), 0);
    }
    if (error instanceof HttpException http) {
      return forStatus(http.getStatusCode(), null);
    }
    if (error instanceof io.netty.handler.codec.DecoderException) { // a form or multipart body Netty cannot read
      return new Mapped(400, body("The request body could not be decoded: " + error.getClass().getSimpleName(),
          "invalid_request_error", null, null), 0);
    }
    if (clientWentAway(error)) {
      // Not a server error: the client closed the connection (abort, timeout, Ctrl-C).
      LOG.debug("client closed the connection: {}", error.toString());
      return new Mapped(499, body("The client closed the connection.", "invalid_request_error", null,
          "client_closed_request"), 0);
    }
    LOG.error("internal error", error);
    return new Mapped(500, body("The server had an internal error; see its log.", "server_error", null, null), 0);
  }

  /** Errors Vert.x itself raises by status (no route, wrong method, body too large). */
  public static Mapped forStatus(int status, RoutingContext ctx) {
    String where = ctx == null ? "" : ": " + ctx.request().method() + " " + ctx.request().path();
    return switch (status) {
      case 404 -> new Mapped(404, body("Unknown request URL" + where, "invalid_request_error", null, "unknown_url"), 0);
      case 405 -> new Mapped(405, body("Method not allowed" + where, "invalid_request_error", null, "method_not_allowed"), 0);
      case 413 -> new Mapped(413, body("The request body is too large", "invalid_request_error", null, "request_too_large"), 0);
      case 415 -> new Mapped(415, body("Unsupported content type", "invalid_request_error", null, "unsupported_media_type"), 0);
      case 400 -> new Mapped(400, body("Bad request" + where, "invalid_request_error", null, null), 0);
      default -> status >= 400 && status < 500
          ? new Mapped(status, body("Request failed with status " + status, "invalid_request_error", null, null), 0)
          : new Mapped(500, body("The server had an internal error; see its log.", "server_error", null, null), 0);
    };
  }

  /** Sends the error for {@code failure} as JSON (or ends a started stream with an error event). */
  public static void send(RoutingContext ctx, Throwable failure) {
    reply(ctx, map(failure));
  }

  /** The router's failure handler: ctx.fail(status) and ctx.fail(throwable) both land here. */
  public static void handleFailure(RoutingContext ctx) {
    Mapped mapped = ctx.failure() != null ? map(ctx.failure()) : forStatus(ctx.statusCode(), ctx);
    reply(ctx, mapped);
  }

  /**
   * The router's error handler for {@code status}: the router may call it with no failure and no
   * status on the context (a request path it cannot decode), so the status it was registered for counts.
   */
  public static void handleRouterError(RoutingContext ctx, int status) {
    if (ctx.failure() != null) {
      handleFailure(ctx);
      return;
    }
    reply(ctx, forStatus(ctx.statusCode() > 0 ? ctx.statusCode() : status, ctx));
  }

  private static void reply(RoutingContext ctx, Mapped mapped) {
    var response = ctx.response();
    if (response.ended() || response.closed()) {
      return;
    }
    if (response.headWritten()) {
      // A stream already started: the status is sent, so the error goes in the stream.
      response.write("data: " + Json.write(mapped.body()) + "\n\n");
      response.end();
      return;
    }
    if (mapped.retryAfterSeconds() > 0) {
      response.putHeader("Retry-After", Integer.toString(mapped.retryAfterSeconds()));
    }
    Json.reply(ctx, mapped.status(), mapped.body());
  }

  public static ObjectNode body(String message, String type, String param, String code) {
    ObjectNode error = Json.object();
    error.put("message", message);
    error.put("type", type);
    if (param == null) {
      error.putNull("param");
    } else {
      error.put("param", param);
    }
    if (code == null) {
      error.putNull("code");
    } else {
      error.put("code", code);
    }
    ObjectNode root = Json.object();
    root.set("error", error);
    return root;
  }

  /** Failures that only mean the client is gone: a closed connection or stream, a reset. */
  static boolean clientWentAway(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof io.vertx.core.http.HttpClosedException
          || t instanceof java.nio.channels.ClosedChannelException
          || t instanceof io.vertx.core.http.StreamResetException) {
        return true;
      }
      String message = String.valueOf(t.getMessage());
      if ((t instanceof java.io.IOException || t instanceof io.vertx.core.VertxException)
          && (message.contains("Connection reset") || message.contains("Broken pipe")
              || message.contains("Connection was closed") || message.contains("closed"))) {
        return true;
      }
      if (t instanceof IllegalStateException && (message.contains("Response is closed")
          || message.contains("Response has already been written"))) {
        return true;
      }
    }
    return false;
  }

  private static Throwable unwrap(Throwable t) {
    Throwable current = t;
    while ((current instanceof java.util.concurrent.CompletionException
            || current instanceof java.util.concurrent.ExecutionException)
        && current.getCause() != null) {
      current = current.getCause();
    }
    return current;
  }
}
