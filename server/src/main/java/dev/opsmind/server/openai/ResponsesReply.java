package dev.opsmind.server.openai;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opsmind.inference.generate.FinishReason;
import dev.opsmind.server.http.ApiErrors;
import dev.opsmind.server.http.Json;
import dev.opsmind.server.http.SseStream;
import java.util.List;
import java.util.UUID;

/**
 * Writes a Responses API answer (one choice): a {@code response} object whose output is an
 * assistant message and/or function calls, or, streamed, its typed events: response.created,
 * the message's output_text deltas, each item's done events, and response.completed (or
 * response.incomplete when max_output_tokens cut it). With tools, text streams as {@link
 * ToolCallHold} lets it and the calls come whole at the end.
 */
final class ResponsesReply implements GenerationSession.Reply {
  private final String id = "resp_" + uuid();
  private final String messageId = "msg_" + uuid();
  private final long createdAt = System.currentTimeMillis() / 1000;
  private final String model;
  private final ObjectNode echo;
  private final ToolCalls tools;
  private final ToolCallHold hold;
  private int sequence;
  /** Streamed: whether the message item is open, and the text it has sent. */
  private boolean messageOpen;
  private final StringBuilder sent = new StringBuilder();
  private ToolCalls.Parsed parsed;

  /** {@code tools}: the request's offered tools, or null. */
  ResponsesReply(String model, ObjectNode echo, ToolCalls tools) {
    this.model = model;
    this.echo = echo;
    this.tools = tools;
    this.hold = tools == null ? null : new ToolCallHold();
  }

  private static String uuid() {
    return UUID.randomUUID().toString().replace("-", "");
  }

  @Override
  public void opened(SseStream sse, List<GenerationSession.Choice> choices) {
    sse.send("response.created", event("response.created").set("response", response(null, "in_progress")));
    sse.send("response.in_progress", event("response.in_progress").set("response", response(null, "in_progress")));
  }

  @Override
  public void token(SseStream sse, GenerationSession.Choice choice, String delta, Logprobs.TokenText logprob) {
    sendText(sse, hold == null ? delta : hold.next(choice.text.toString()));
  }

  private void sendText(SseStream sse, String text) {
    if (text.isEmpty()) {
      return;
    }
    if (!messageOpen) {
      messageOpen = true;
      sse.send("response.output_item.added", event("response.output_item.added").put("output_index", 0)
          .set("item", message("", "in_progress")));
      sse.send("response.content_part.added", part(event("response.content_part.added"), ""));
    }
    sent.append(text);
    ObjectNode delta = event("response.output_text.delta").put("item_id", messageId).put("output_index", 0)
        .put("content_index", 0).put("delta", text);
    delta.putArray("logprobs");
    sse.send("response.output_text.delta", delta);
  }

  @Override
  public void finished(SseStream sse, GenerationSession.Choice choice) {
    ToolCalls.Parsed p = parsed(choice);
    if (hold != null) {
      sendText(sse, hold.rest(choice.result.text(), p));
    }
    int index = 0;
    if (messageOpen) {
      String text = sent.toString();
      ObjectNode done = event("response.output_text.done").put("item_id", messageId).put("output_index", 0)
          .put("content_index", 0).put("text", text);
      done.putArray("logprobs");
      sse.send("response.output_text.done", done);
      sse.send("response.content_part.done", part(event("response.content_part.done"), text));
      sse.send("response.output_item.done", event("response.output_item.done").put("output_index", 0)
          .set("item", message(text, itemStatus(choice))));
      index = 1;
    }
    for (ToolCalls.Call call : p.calls()) {
      ObjectNode item = functionCall(call);
      String itemId = item.get("id").textValue();
      sse.send("response.output_item.added", event("response.output_item.added").put("output_index", index)
          .set("item", item.deepCopy().put("arguments", "").put("status", "in_progress")));
      sse.send("response.function_call_arguments.delta", event("response.function_call_arguments.delta")
          .put("item_id", itemId).put("output_index", index).put("delta", call.arguments()));
      sse.send("response.function_call_arguments.done", event("response.function_call_arguments.done")
          .put("item_id", itemId).put("output_index", index).put("name", call.name())
          .put("arguments", call.arguments()));
      sse.send("response.output_item.done", event("response.output_item.done").put("output_index", index)
          .set("item", item));
      index++;
    }
  }

  @Override
  public void end(SseStream sse, List<GenerationSession.Choice> choices) {
    ObjectNode whole = whole(choices);
    String type = whole.get("status").textValue().equals("completed") ? "response.completed" : "response.incomplete";
    sse.send(type, event(type).set("response", whole));
    sse.end();
  }

  @Override
  public ObjectNode whole(List<GenerationSession.Choice> choices) {
    GenerationSession.Choice choice = choices.get(0);
    boolean cut = choice.result.finishReason() == FinishReason.LENGTH;
    ObjectNode response = response(choices, cut ? "incomplete" : "completed");
    if (cut) {
      response.putObject("incomplete_details").put("reason", "max_output_tokens");
    }
    ArrayNode output = response.putArray("output");
    ToolCalls.Parsed p = parsed(choice);
    String text = p.calls().isEmpty() ? choice.result.text() : p.content();
    if (text != null && !text.isEmpty()) {
      output.add(message(text, itemStatus(choice)));
    }
    for (ToolCalls.Call call : p.calls()) {
      output.add(functionCall(call));
    }
    return response;
  }

  @Override
  public void failed(SseStream sse, Throwable error) {
    ApiErrors.Mapped mapped = ApiErrors.map(error);
    ObjectNode body = (ObjectNode) mapped.body().get("error");
    ObjectNode event = event("error").put("message", body.path("message").asText());
    event.set("code", body.get("code"));
    event.set("param", body.get("param"));
    sse.send("error", event);
    sse.end();
  }

  /** A message cut by max_output_tokens is incomplete, as its response is. */
  private static String itemStatus(GenerationSession.Choice choice) {
    return choice.result.finishReason() == FinishReason.LENGTH ? "incomplete" : "completed";
  }

  /** Each choice's reply parsed once, so call ids are the same in events and the final object. */
  private ToolCalls.Parsed parsed(GenerationSession.Choice choice) {
    if (parsed == null) {
      parsed = tools == null ? new ToolCalls.Parsed(List.of(), choice.result.text()) : tools.parse(choice.result.text());
    }
    return parsed;
  }

  private ObjectNode event(String type) {
    return Json.object().put("type", type).put("sequence_number", sequence++);
  }

  private ObjectNode part(ObjectNode event, String text) {
    event.put("item_id", messageId).put("output_index", 0).put("content_index", 0).set("part", outputText(text));
    return event;
  }

  private static ObjectNode outputText(String text) {
    ObjectNode part = Json.object().put("type", "output_text").put("text", text);
    part.putArray("annotations");
    part.putArray("logprobs");
    return part;
  }

  private ObjectNode message(String text, String status) {
    ObjectNode item = Json.object().put("id", messageId).put("type", "message").put("status", status)
        .put("role", "assistant");
    ArrayNode content = item.putArray("content");
    if (!status.equals("in_progress")) {
      content.add(outputText(text));
    }
    return item;
  }

  private static ObjectNode functionCall(ToolCalls.Call call) {
    return Json.object().put("id", "fc_" + call.id().replaceFirst("^call_", "")).put("type", "function_call")
        .put("status", "completed").put("call_id", call.id()).put("name", call.name())
        .put("arguments", call.arguments());
  }

  /** The response object; {@code choices} null = still running (no output or usage yet). */
  private ObjectNode response(List<GenerationSession.Choice> choices, String status) {
    ObjectNode response = Json.object().put("id", id).put("object", "response").put("created_at", createdAt)
        .put("status", status).put("model", model);
    response.putNull("error");
    response.putNull("incomplete_details");
    response.putArray("output");
    response.setAll(echo);
    response.putNull("previous_response_id");
    response.putObject("reasoning").putNull("effort").putNull("summary");
    response.put("store", false).put("truncation", "disabled");
    if (choices == null) {
      response.putNull("usage");
    } else {
      GenerationSession.Usage counts = GenerationSession.Usage.of(choices);
      ObjectNode usage = response.putObject("usage").put("input_tokens", counts.prompt());
      usage.putObject("input_tokens_details").put("cached_tokens", counts.cached());
      usage.put("output_tokens", counts.completion());
      usage.putObject("output_tokens_details").put("reasoning_tokens", 0);
      usage.put("total_tokens", counts.prompt() + counts.completion());
    }
    return response;
  }
}
