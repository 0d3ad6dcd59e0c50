package dev.opsmind.server.openai;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opsmind.server.http.ApiErrors;
import dev.opsmind.server.http.Json;
import dev.opsmind.server.http.SseStream;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The Responses API's JSON for one response: the response object and, streamed, its typed events
 * in order (response.created, the assistant message's text events, each function call's events,
 * response.completed or .incomplete), numbered from 0. Used by plain and grounded replies alike;
 * methods run on the request's context.
 */
public final class ResponseWriter {
  private final String id = "resp_" + uuid();
  private final String messageId = "msg_" + uuid();
  private final long createdAt = System.currentTimeMillis() / 1000;
  private final String model;
  private final ObjectNode echo;
  private final Consumer<ObjectNode> onDone;
  private int sequence;
  private boolean messageOpen;
  private final StringBuilder sent = new StringBuilder();

  /**
   * {@code echo}: the request's fields the response repeats ({@link ResponsesRequest#echo});
   * {@code onDone}: told the finished response (to store it).
   */
  public ResponseWriter(String model, ObjectNode echo, Consumer<ObjectNode> onDone) {
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

  /** The first events: response.created and response.in_progress. */
  public void start(SseStream sse) {
    sse.send("response.created", event("response.created").set("response", response("in_progress", null)));
    sse.send("response.in_progress", event("response.in_progress").set("response", response("in_progress", null)));
  }

  /** A piece of the assistant message's text (the message item opens with the first piece). */
  public void text(SseStream sse, String text) {
    if (text.isEmpty()) {
      return;
    }
    if (!messageOpen) {
      messageOpen = true;
      sse.send("response.output_item.added", event("response.output_item.added").put("output_index", 0)
          .set("item", message("", "in_progress", null)));
      sse.send("response.content_part.added", part(event("response.content_part.added"), outputText("", null)));
    }
    sent.append(text);
    ObjectNode delta = event("response.output_text.delta").put("item_id", messageId).put("output_index", 0)
        .put("content_index", 0).put("delta", text);
    delta.putArray("logprobs");
    sse.send("response.output_text.delta", delta);
  }

  /**
   * Closes the message item: its done events carry {@code finalText} (null = the text sent) and
   * {@code annotations} (null = none). Without text there is no message item. Returns the next
   * free output index.
   */
  public int closeMessage(SseStream sse, String finalText, ArrayNode annotations, String status) {
    if (!messageOpen) {
      if (finalText == null || finalText.isEmpty()) {
        return 0;
      }
      text(sse, finalText); // nothing was streamed: the final text is the one delta
    }
    String text = finalText == null ? sent.toString() : finalText;
    ObjectNode done = event("response.output_text.done").put("item_id", messageId).put("output_index", 0)
        .put("content_index", 0).put("text", text);
    done.putArray("logprobs");
    sse.send("response.output_text.done", done);
    sse.send("response.content_part.done", part(event("response.content_part.done"), outputText(text, annotations)));
    sse.send("response.output_item.done", event("response.output_item.done").put("output_index", 0)
        .set("item", message(text, status, annotations)));
    return 1;
  }

  /** One function call's events, whole: item added, its arguments, item done. */
  public void functionCall(SseStream sse, int outputIndex, ToolCalls.Call call) {
    ObjectNode item = functionCall(call);
    String itemId = item.get("id").textValue();
    sse.send("response.output_item.added", event("response.output_item.added").put("output_index", outputIndex)
        .set("item", item.deepCopy().put("arguments", "").put("status", "in_progress")));
    sse.send("response.function_call_arguments.delta", event("response.function_call_arguments.delta")
        .put("item_id", itemId).put("output_index", outputIndex).put("delta", call.arguments()));
    sse.send("response.function_call_arguments.done", event("response.function_call_arguments.done")
        .put("item_id", itemId).put("output_index", outputIndex).put("name", call.name())
        .put("arguments", call.arguments()));
    sse.send("response.output_item.done", event("response.output_item.done").put("output_index", outputIndex)
        .set("item", item));
  }

  /** The last event (response.completed, or response.incomplete) with the whole response; the stream ends. */
  public void finish(SseStream sse, ObjectNode response) {
    String type = response.get("status").textValue().equals("completed") ? "response.completed" : "response.incomplete";
    sse.send(type, event(type).set("response", response));
    sse.end();
  }

  /** An error after the stream started: an error event, and the end. */
  public void failed(SseStream sse, Throwable error) {
    ObjectNode body = (ObjectNode) ApiErrors.map(error).body().get("error");
    ObjectNode event = event("error").put("message", body.path("message").asText());
    event.set("code", body.get("code"));
    event.set("param", body.get("param"));
    sse.send("error", event);
    sse.end();
  }

  /**
   * The response object; {@code usage} null while running. {@code status} "incomplete" adds
   * incomplete_details (max_output_tokens). Output items are added to its {@code output}.
   */
  public ObjectNode response(String status, Usage usage) {
    ObjectNode response = Json.object().put("id", id).put("object", "response").put("created_at", createdAt)
        .put("status", status).put("model", model);
    response.putNull("error");
    if (status.equals("incomplete")) {
      response.putObject("incomplete_details").put("reason", "max_output_tokens");
    } else {
      response.putNull("incomplete_details");
    }
    response.putArray("output");
    response.setAll(echo);
    response.putObject("reasoning").putNull("effort").putNull("summary");
    response.put("truncation", "disabled");
    if (usage == null) {
      response.putNull("usage");
    } else {
      ObjectNode node = response.putObject("usage").put("input_tokens", usage.input());
      node.putObject("input_tokens_details").put("cached_tokens", usage.cached());
      node.put("output_tokens", usage.output());
      node.putObject("output_tokens_details").put("reasoning_tokens", 0);
      node.put("total_tokens", usage.input() + usage.output());
    }
    return response;
  }

  /** The finished response, output and usage in: handed to {@code onDone}, and returned. */
  public ObjectNode done(ObjectNode response) {
    onDone.accept(response);
    return response;
  }

  /** Token counts of a response. */
  public record Usage(long input, long cached, long output) {}

  /** The assistant message item: one output_text part (none while in progress). */
  public ObjectNode message(String text, String status, ArrayNode annotations) {
    ObjectNode item = Json.object().put("id", messageId).put("type", "message").put("status", status)
        .put("role", "assistant");
    ArrayNode content = item.putArray("content");
    if (!status.equals("in_progress")) {
      content.add(outputText(text, annotations));
    }
    return item;
  }

  /** A function_call output item. */
  public static ObjectNode functionCall(ToolCalls.Call call) {
    return Json.object().put("id", "fc_" + call.id().replaceFirst("^call_", "")).put("type", "function_call")
        .put("status", "completed").put("call_id", call.id()).put("name", call.name())
        .put("arguments", call.arguments());
  }

  private ObjectNode event(String type) {
    return Json.object().put("type", type).put("sequence_number", sequence++);
  }

  private ObjectNode part(ObjectNode event, ObjectNode part) {
    event.put("item_id", messageId).put("output_index", 0).put("content_index", 0).set("part", part);
    return event;
  }

  private static ObjectNode outputText(String text, ArrayNode annotations) {
    ObjectNode part = Json.object().put("type", "output_text").put("text", text);
    part.set("annotations", annotations == null ? Json.MAPPER.createArrayNode() : annotations);
    part.putArray("logprobs");
    return part;
  }
}
