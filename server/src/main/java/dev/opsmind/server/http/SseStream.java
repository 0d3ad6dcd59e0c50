package dev.opsmind.server.http;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * A server-sent-events reply in OpenAI's streaming shapes: chat and completions send {@code
 * data: {json}} events, then {@code data: [DONE]}; the Responses API names each event ({@code
 * event: type}) and just ends. Every method must be called on the request's context.
 */
public final class SseStream {
  private final HttpServerResponse response;
  private boolean finished;

  private SseStream(HttpServerResponse response) {
    this.response = response;
  }

  /** Sends the headers; {@code onClientGone} runs once if the client disconnects before the end. */
  public static SseStream open(RoutingContext ctx, Runnable onClientGone) {
    HttpServerResponse response = ctx.response();
    SseStream stream = new SseStream(response);
    response.setStatusCode(200)
        .setChunked(true)
        .putHeader("Content-Type", "text/event-stream; charset=utf-8")
        .putHeader("Cache-Control", "no-cache")
        .putHeader("X-Accel-Buffering", "no");
    response.closeHandler(v -> {
      if (!stream.finished) {
        stream.finished = true;
        onClientGone.run();
      }
    });
    response.writeHead();
    return stream;
  }

  public boolean finished() {
    return finished;
  }

  /** An unnamed event: a JSON tree or a wire record. */
  public void send(Object event) {
    if (!finished && !response.closed()) {
      response.write("data: " + Json.write(event) + "\n\n");
    }
  }

  /** A named event: {@code event: name} and its data. */
  public void send(String name, Object event) {
    if (!finished && !response.closed()) {
      response.write("event: " + name + "\ndata: " + Json.write(event) + "\n\n");
    }
  }

  /** Ends the stream without a {@code [DONE]} event. */
  public void end() {
    if (!finished) {
      finished = true;
      if (!response.closed()) {
        response.end();
      }
    }
  }

  /** The terminating {@code data: [DONE]} event. */
  public void done() {
    if (!finished) {
      finished = true;
      if (!response.closed()) {
        response.end("data: [DONE]\n\n");
      }
    }
  }

  /** Ends the stream with an error event (the status line is already sent). */
  public void fail(Throwable error) {
    if (!finished) {
      finished = true;
      if (!response.closed()) {
        response.write("data: " + Json.write(ApiErrors.map(error).body()) + "\n\n");
        response.end("data: [DONE]\n\n");
      }
    }
  }
}
