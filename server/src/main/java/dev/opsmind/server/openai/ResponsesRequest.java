package dev.opsmind.server.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opsmind.server.http.Fields;
import dev.opsmind.server.http.InvalidRequestException;
import dev.opsmind.server.http.Json;
import dev.opsmind.server.openai.protocol.ResponsesProtocol;
import java.util.List;
import java.util.Set;

/**
 * POST /v1/responses (OpenAI's Responses API), read as the chat request it amounts to: {@code
 * instructions} and {@code input} become messages, function call items and their outputs become
 * an assistant's {@code tool_calls} and tool messages, {@code max_output_tokens}, {@code
 * text.format} and the flat function tools become their chat names. Errors name the Responses
 * fields. A {@code previous_response_id}'s conversation (from the {@link ResponseStore}) comes
 * before the new input; conversations and background runs are refused.
 *
 * @param chat the equivalent chat request (sampling, tools, constrained output, and the {@code
 *     opsmind} grounding extension when the request has one: grounded chat reads it)
 * @param conversation the chat messages without the instructions: what a follow-up continues
 * @param echo the request's own fields that the response object repeats: instructions,
 *     max_output_tokens, temperature, top_p, tools, tool_choice, text, metadata, user,
 *     parallel_tool_calls, previous_response_id, store
 * @param store whether to keep the response for follow-ups and GET (OpenAI's default: true)
 */
public record ResponsesRequest(ChatCompletionRequest chat, ArrayNode conversation,
    ResponsesProtocol.Echo echo, boolean store) {
  /** Fields that mean the same here as in chat: sampling (OpenAI's, vLLM's extras) and grounding. */
  private static final List<String> SHARED = List.of("opsmind", "temperature", "top_p", "seed", "stream", "user",
      "presence_penalty", "frequency_penalty", "logit_bias", "stop", "top_k", "min_p", "repetition_penalty",
      "stop_token_ids", "min_tokens", "ignore_eos");
  private static final Set<String> TEXT_PARTS = Set.of("input_text", "output_text", "text");

  /** Reads a request; {@code history}: the previous response's conversation, or null. */
  public static ResponsesRequest parse(ObjectNode body, ArrayNode history) {
    Fields.requireNonBlank(body, "model");
    JsonNode conversationField = body.get("conversation");
    if (conversationField != null && !conversationField.isNull()) {
      throw new InvalidRequestException("conversation", "'conversation' objects are not supported: continue with "
          + "'previous_response_id', or send the whole conversation as 'input'");
    }
    if (Boolean.TRUE.equals(Fields.optBoolean(body, "background"))) {
      throw new InvalidRequestException("background", "'background' responses are not supported: ask without it "
          + "(stream to see progress)");
    }
    Boolean store = Fields.optBoolean(body, "store");
    Integer maxOutputTokens = Fields.optInt(body, "max_output_tokens", 1, Integer.MAX_VALUE);
    ObjectNode chat = Json.object().put("model", body.get("model").textValue());
    for (String field : SHARED) {
      if (body.has(field)) {
        chat.set(field, body.get(field));
      }
    }
    if (maxOutputTokens != null) {
      chat.put("max_tokens", maxOutputTokens);
    }
    ArrayNode conversation = history == null ? Json.MAPPER.createArrayNode() : history;
    conversation.addAll(inputMessages(body));
    ArrayNode messages = Json.MAPPER.createArrayNode();
    String instructions = Fields.optString(body, "instructions");
    if (instructions != null && !instructions.isEmpty()) {
      messages.addObject().put("role", "system").put("content", instructions);
    }
    messages.addAll(conversation);
    chat.set("messages", messages);
    ArrayNode tools = tools(body);
    if (!tools.isEmpty()) {
      chat.set("tools", tools);
    }
    JsonNode toolChoice = body.get("tool_choice");
    if (toolChoice != null && !toolChoice.isNull()) {
      chat.set("tool_choice", toolChoice(toolChoice));
    }
    ObjectNode format = textFormat(body);
    if (format != null) {
      chat.set("response_format", format);
    }
    ChatCompletionRequest request;
    try {
      request = ChatCompletionRequest.parse(chat);
    } catch (InvalidRequestException e) {
      throw new InvalidRequestException(responsesName(e.param()), responsesName(e.getMessage()));
    }

    Boolean parallel = Fields.optBoolean(body, "parallel_tool_calls");
    var echo = new ResponsesProtocol.Echo(
        body.path("instructions").isTextual() ? body.get("instructions").textValue() : null,
        maxOutputTokens,
        request.options().temperature(),
        request.options().topP(),
        body.path("tools").isArray() ? body.get("tools") : Json.MAPPER.createArrayNode(),
        toolChoice == null || toolChoice.isNull() ? Json.MAPPER.valueToTree("auto") : toolChoice,
        body.path("text").isObject() && body.path("text").path("format").isObject() ? body.get("text")
            : Json.object().set("format", Json.object().put("type", "text")),
        body.path("metadata").isObject() ? body.get("metadata") : Json.object(),
        body.path("user").isTextual() ? body.get("user").textValue() : null,
        parallel == null || parallel,
        body.path("previous_response_id").isTextual() ? body.get("previous_response_id").textValue() : null,
        store == null || store);
    return new ResponsesRequest(request, conversation, echo, store == null || store);
  }

  /** A chat field's name (in a param or a message) as this API calls it. */
  private static String responsesName(String text) {
    if (text == null) {
      return null;
    }
    return text.replace("response_format.json_schema.schema", "text.format.schema")
        .replace("response_format", "text.format")
        .replace("max_tokens", "max_output_tokens")
        .replaceAll("messages\\[\\d+\\]", "input")
        .replaceAll("(tools\\[\\d+\\])\\.function", "$1")
        .replace("tool_choice.function.name", "tool_choice.name");
  }

  /** {@code input} (a string, or items) as chat messages. */
  private static ArrayNode inputMessages(ObjectNode body) {
    ArrayNode messages = Json.MAPPER.createArrayNode();
    JsonNode input = body.get("input");
    if (input == null || input.isNull()) {
      throw new InvalidRequestException("input", "Missing required parameter: 'input'");
    }
    if (input.isTextual()) {
      messages.addObject().put("role", "user").put("content", input.textValue());
      return messages;
    }
    if (!input.isArray() || input.isEmpty()) {
      throw new InvalidRequestException("input", "'input' must be a string or a non-empty array of input items");
    }
    ObjectNode pendingCalls = null; // consecutive function_call items: one assistant turn
    for (int i = 0; i < input.size(); i++) {
      JsonNode item = input.get(i);
      String param = "input[" + i + "]";
      if (!item.isObject()) {
        throw new InvalidRequestException(param, "'" + param + "' must be an input item object");
      }
      String type = item.path("type").asText("message");
      switch (type) {
        case "message" -> {
          pendingCalls = null;
          messages.add(message((ObjectNode) item, param));
        }
        case "function_call" -> {
          if (pendingCalls == null) {
            pendingCalls = messages.addObject().put("role", "assistant");
            pendingCalls.putNull("content");
            pendingCalls.putArray("tool_calls");
          }
          ObjectNode call = ((ArrayNode) pendingCalls.get("tool_calls")).addObject()
              .put("id", requireText(item, "call_id", param)).put("type", "function");
          call.putObject("function").put("name", requireText(item, "name", param))
              .put("arguments", requireText(item, "arguments", param));
        }
        case "function_call_output" -> {
          pendingCalls = null;
          JsonNode output = item.get("output");
          String text = output != null && output.isArray() ? textParts(output, param + ".output")
              : requireText(item, "output", param);
          messages.addObject().put("role", "tool").put("tool_call_id", requireText(item, "call_id", param))
              .put("content", text);
        }
        case "reasoning" -> { } // a reasoning model's notes: nothing a template takes
        default -> throw new InvalidRequestException(param + ".type", "'" + param + ".type' must be message, "
            + "function_call, function_call_output or reasoning; got '" + type + "'");
      }
    }
    return messages;
  }

  private static ObjectNode message(ObjectNode item, String param) {
    JsonNode role = item.get("role");
    if (role == null || !role.isTextual()) {
      throw new InvalidRequestException(param + ".role", "Missing required parameter: '" + param + ".role'");
    }
    if (!Set.of("user", "assistant", "system", "developer").contains(role.textValue())) {
      throw new InvalidRequestException(param + ".role", "'" + param + ".role' must be user, assistant, system or "
          + "developer; got '" + role.textValue() + "'");
    }
    JsonNode content = item.get("content");
    String text;
    if (content != null && content.isTextual()) {
      text = content.textValue();
    } else if (content != null && content.isArray()) {
      text = textParts(content, param + ".content");
    } else {
      throw new InvalidRequestException(param + ".content", "'" + param + ".content' must be a string or an array "
          + "of input_text parts");
    }
    return Json.object().put("role", role.textValue()).put("content", text);
  }

  /** Text parts (input_text, output_text), joined by a line break; other kinds are refused. */
  private static String textParts(JsonNode parts, String param) {
    StringBuilder text = new StringBuilder();
    for (int j = 0; j < parts.size(); j++) {
      JsonNode part = parts.get(j);
      String type = part.path("type").asText("");
      if (!TEXT_PARTS.contains(type) || !part.path("text").isTextual()) {
        throw new InvalidRequestException(param + "[" + j + "]", "only text parts (input_text, output_text) are "
            + "supported by this server, got " + (type.isEmpty() ? "a part without a type" : "type '" + type + "'"));
      }
      if (!text.isEmpty()) {
        text.append('\n');
      }
      text.append(part.get("text").textValue());
    }
    return text.toString();
  }

  private static String requireText(JsonNode item, String field, String param) {
    JsonNode value = item.get(field);
    if (value == null || !value.isTextual()) {
      throw new InvalidRequestException(param + "." + field, "'" + param + "." + field + "' must be a string");
    }
    return value.textValue();
  }

  /** Function tools, flat here ({type, name, parameters}) and nested in chat ({type, function}). */
  private static ArrayNode tools(ObjectNode body) {
    ArrayNode out = Json.MAPPER.createArrayNode();
    ArrayNode tools = Fields.optArray(body, "tools");
    if (tools == null) {
      return out;
    }
    for (int i = 0; i < tools.size(); i++) {
      JsonNode tool = tools.get(i);
      String param = "tools[" + i + "]";
      String type = tool.path("type").asText("");
      if (!type.equals("function")) {
        throw new InvalidRequestException(param + ".type", "only function tools are supported by this server, got "
            + (type.isEmpty() ? "a tool without a type" : "'" + type + "'"));
      }
      ObjectNode function = Json.object();
      for (String field : List.of("name", "description", "parameters", "strict")) {
        if (tool.has(field)) {
          function.set(field, tool.get(field));
        }
      }
      if (!function.path("name").isTextual()) {
        throw new InvalidRequestException(param + ".name", "Missing required parameter: '" + param + ".name'");
      }
      out.addObject().put("type", "function").set("function", function);
    }
    return out;
  }

  /** none / auto / required as they are; {type: function, name} → chat's {type, function: {name}}. */
  private static JsonNode toolChoice(JsonNode choice) {
    if (choice.isObject() && choice.path("type").asText("").equals("function") && choice.path("name").isTextual()) {
      ObjectNode chat = Json.object().put("type", "function");
      chat.putObject("function").put("name", choice.get("name").textValue());
      return chat;
    }
    if (choice.isTextual()) {
      return choice;
    }
    throw new InvalidRequestException("tool_choice",
        "'tool_choice' must be none, auto, required or {\"type\":\"function\",\"name\":...}");
  }

  /** {@code text.format}: text, json_object, or json_schema (its schema at the top level here). */
  private static ObjectNode textFormat(ObjectNode body) {
    ObjectNode text = Fields.optObject(body, "text");
    ObjectNode format = text == null ? null : Fields.optObject(text, "format");
    if (format == null) {
      return null;
    }
    String type = format.path("type").asText("");
    return switch (type) {
      case "text", "json_object" -> Json.object().put("type", type);
      case "json_schema" -> {
        if (!format.path("schema").isObject()) {
          throw new InvalidRequestException("text.format.schema",
              "'text.format.schema' is required with type json_schema");
        }
        ObjectNode chat = Json.object().put("type", "json_schema");
        chat.putObject("json_schema").put("name", format.path("name").asText("response"))
            .set("schema", format.get("schema"));
        yield chat;
      }
      default -> throw new InvalidRequestException("text.format.type",
          "'text.format.type' must be text, json_object or json_schema, got '" + type + "'");
    };
  }
}
