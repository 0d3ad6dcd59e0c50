package dev.opsmind.server.openai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opsmind.server.http.ApiErrors;
import dev.opsmind.server.http.Json;
import dev.opsmind.server.http.SseStream;
import dev.opsmind.server.openai.protocol.OpsmindProtocol;
import dev.opsmind.server.openai.protocol.ResponsesProtocol;
import dev.opsmind.server.openai.protocol.ResponsesProtocol.Annotation;
import dev.opsmind.server.openai.protocol.ResponsesProtocol.Event;
import dev.opsmind.server.openai.protocol.ResponsesProtocol.OutputItem;
import dev.opsmind.server.openai.protocol.ResponsesProtocol.OutputText;
import dev.opsmind.server.openai.protocol.ResponsesProtocol.Response;
import io.vertx.core.Future;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * One response of the Responses API as it is written: the response object and, streamed, its
 * typed events in order (response.created, the assistant message's text events, each function
 * call's events, response.completed or .incomplete), numbered from 0. The records are {@link
 * ResponsesProtocol}'s. Used by plain and grounded replies alike; methods run on the request's
 * context.
 */
public final class ResponseWriter {
  private final String id = "resp_" + uuid();
  private final String messageId = "msg_" + uuid();
  private final long createdAt = System.currentTimeMillis() / 1000;
  private final String model;
  private final ResponsesProtocol.Echo echo;
  private final Function<ObjectNode, Future<Void>> onDone;
  private Future<Void> acknowledged = Future.succeededFuture();
  private int sequence;
  private boolean messageOpen;
  private final StringBuilder sent = new StringBuilder();

  /**
   * {@code echo}: the request's fields the response repeats ({@link ResponsesRequest#echo});
   * {@code onDone}: told the finished response (to store it), says when it may be acknowledged
   * ({@link ResponseStore#save}'s future).
   */
  public ResponseWriter(String model, ResponsesProtocol.Echo echo, Function<ObjectNode, Future<Void>> onDone) {
    this.model = model;
    this.echo = echo;
    this.onDone = onDone;
  }

  private static String uuid() {
    return UUID.randomUUID().toString().replace("-", "");
  }

  public String id() {
    return id;
  }

  private void send(SseStream sse, Event event) {
    sse.send(event.type(), event);
  }

  /** The first events: response.created and response.in_progress. */
  public void start(SseStream sse) {
    for (String type : List.of("response.created", "response.in_progress")) {
      send(sse, new ResponsesProtocol.ResponseEvent(type, sequence++, response("in_progress", List.of(), null, null)));
    }
  }

  /** A piece of the assistant message's text (the message item opens with the first piece). */
  public void text(SseStream sse, String text) {
    if (text.isEmpty()) {
      return;
    }
    if (!messageOpen) {
      messageOpen = true;
      send(sse, new ResponsesProtocol.ItemEvent("response.output_item.added", sequence++, 0,
          message("", "in_progress", null)));
      send(sse, new ResponsesProtocol.PartEvent("response.content_part.added", sequence++, messageId, 0, 0,
          OutputText.of("", null)));
    }
    sent.append(text);
    send(sse, new ResponsesProtocol.TextDelta("response.output_text.delta", sequence++, messageId, 0, 0, text,
        List.of()));
  }

  /**
   * Closes the message item: its done events carry {@code finalText} (null = the text sent) and
   * {@code annotations} (null = none). Without text there is no message item. Returns the next
   * free output index.
   */
  public int closeMessage(SseStream sse, String finalText, List<Annotation> annotations, String status) {
    if (!messageOpen) {
      if (finalText == null || finalText.isEmpty()) {
        return 0;
      }
      text(sse, finalText); // nothing was streamed: the final text is the one delta
    }
    String text = finalText == null ? sent.toString() : finalText;
    send(sse, new ResponsesProtocol.TextDone("response.output_text.done", sequence++, messageId, 0, 0, text,
        List.of()));
    send(sse, new ResponsesProtocol.PartEvent("response.content_part.done", sequence++, messageId, 0, 0,
        OutputText.of(text, annotations)));
    send(sse, new ResponsesProtocol.ItemEvent("response.output_item.done", sequence++, 0,
        message(text, status, annotations)));
    return 1;
  }

  /** One function call's events, whole: item added, its arguments, item done. */
  public void functionCall(SseStream sse, int outputIndex, ToolCalls.Call call) {
    ResponsesProtocol.FunctionCall item = functionCall(call);
    send(sse, new ResponsesProtocol.ItemEvent("response.output_item.added", sequence++, outputIndex,
        ResponsesProtocol.FunctionCall.of(call.id(), call.name(), "", "in_progress")));
    send(sse, new ResponsesProtocol.ArgumentsDelta("response.function_call_arguments.delta", sequence++, item.id(),
        outputIndex, call.arguments()));
    send(sse, new ResponsesProtocol.ArgumentsDone("response.function_call_arguments.done", sequence++, item.id(),
        outputIndex, call.name(), call.arguments()));
    send(sse, new ResponsesProtocol.ItemEvent("response.output_item.done", sequence++, outputIndex, item));
  }

  /** The last event (response.completed, or response.incomplete) with the whole response; the stream ends. */
  public void finish(SseStream sse, Response response) {
    String type = response.status().equals("completed") ? "response.completed" : "response.incomplete";
    send(sse, new ResponsesProtocol.ResponseEvent(type, sequence++, response));
    sse.end();
  }

  /** An error after the stream started: an error event, and the end. */
  public void failed(SseStream sse, Throwable error) {
    ObjectNode body = (ObjectNode) ApiErrors.map(error).body().get("error");
    send(sse, new ResponsesProtocol.ErrorEvent("error", sequence++, body.path("message").asText(), body.get("code"),
        body.get("param")));
    sse.end();
  }

  /**
   * The response object of {@code status} ("incomplete" adds incomplete_details:
   * max_output_tokens); {@code usage} null while running, {@code opsmind} null unless grounded.
   */
  public Response response(String status, List<OutputItem> output, Usage usage, OpsmindProtocol.Extension opsmind) {
    return Response.of(id, createdAt, model, status, echo, output,
        usage == null ? null : ResponsesProtocol.Usage.of(usage.input(), usage.cached(), usage.output()), opsmind);
  }

  /** The finished response: handed to {@code onDone} (as the store keeps it), and returned. */
  public Response done(Response response) {
    acknowledged = onDone.apply(Json.MAPPER.valueToTree(response));
    return response;
  }

  /**
   * When the finished response may be sent (the whole one, or a stream's last event): once
   * {@code onDone} has it stored where it must be — at once alone, in a cluster once the shared map
   * has it. Completes on the request's context.
   */
  public Future<Void> acknowledged() {
    return acknowledged;
  }

  /** Token counts of a response. */
  public record Usage(long input, long cached, long output) {}

  /** The assistant message item: one output_text part (none while in progress). */
  public ResponsesProtocol.Message message(String text, String status, List<Annotation> annotations) {
    return ResponsesProtocol.Message.of(messageId, status,
        status.equals("in_progress") ? List.of() : List.of(OutputText.of(text, annotations)));
  }

  /** A function_call output item. */
  public static ResponsesProtocol.FunctionCall functionCall(ToolCalls.Call call) {
    return ResponsesProtocol.FunctionCall.of(call.id(), call.name(), call.arguments(), "completed");
  }
}
