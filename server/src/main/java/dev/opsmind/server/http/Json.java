package dev.opsmind.server.http;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

/** The one JSON mapper of the server, request-body parsing and JSON replies. */
public final class Json {
  public static final ObjectMapper MAPPER = new ObjectMapper();

  static {
    MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(200).build());
  }

  /** Reads a request body: one JSON value and nothing after it (Jackson would stop at the first). */
  private static final com.fasterxml.jackson.databind.ObjectReader BODY = MAPPER.reader()
      .with(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private Json() {}

  /** The request body as a JSON object; malformed JSON or a non-object → 400. */
  public static ObjectNode body(RoutingContext ctx) {
    Buffer buffer = ctx.body() == null ? null : ctx.body().buffer();
    if (buffer == null || buffer.length() == 0) {
      throw new IllegalArgumentException("The request body is empty: expected a JSON object");
    }
    JsonNode node;
    try {
      node = BODY.readTree(buffer.getBytes());
    } catch (JacksonException e) {
      throw new IllegalArgumentException(
          "The request body is not valid JSON: " + e.getOriginalMessage());
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("The request body could not be read: " + e.getMessage());
    }
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException(
          "The request body must be a JSON object, got " + (node == null ? "nothing" : node.getNodeType().name().toLowerCase(java.util.Locale.ROOT)));
    }
    return (ObjectNode) node;
  }

  public static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /** A JSON tree or a wire record (see the {@code protocol} records) as JSON text. */
  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JacksonException e) {
      throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName() + " as JSON", e);
    }
  }

  /** Replies {@code status} with a JSON body: a tree or a wire record. */
  public static void reply(RoutingContext ctx, int status, Object body) {
    replySerialized(ctx, status, write(body));
  }

  /** Replies with JSON already serialised (large bodies are written on a worker, not the event loop). */
  public static void replySerialized(RoutingContext ctx, int status, String json) {
    if (ctx.response().ended() || ctx.response().closed()) {
      return;
    }
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .end(json);
  }
}
