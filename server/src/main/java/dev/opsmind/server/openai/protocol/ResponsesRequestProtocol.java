package dev.opsmind.server.openai.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opsmind.server.http.Fields;
import dev.opsmind.server.http.InvalidRequestException;
import dev.opsmind.server.openai.protocol.ChatRequestProtocol.Message;
import dev.opsmind.server.openai.protocol.ChatRequestProtocol.ResponseFormat;
import dev.opsmind.server.openai.protocol.ChatRequestProtocol.Tool;
import dev.opsmind.server.openai.protocol.ChatRequestProtocol.ToolCall;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The request of POST /v1/responses (OpenAI's Responses API) as it is bound ({@code
 * RequestReader}), read straight into chat's records: {@code input} items become chat {@link
 * Message}s (function call items an assistant turn's calls, their outputs tool turns), the flat
 * function tools chat's {@link Tool}s, {@code text.format} a {@link ResponseFormat}. The sampling
 * fields are {@link SamplingRequest}. Errors name the Responses fields; conversations and
 * background runs are refused.
 *
 * @param input the new input as chat messages (without instructions or the previous conversation)
 * @param toolChoice as chat takes it (a named function as {"type":"function","function":{"name"}}), or null
 * @param echo what the response object repeats of the request as sent: {@code tools}, {@code
 *     tool_choice}, {@code text}, {@code metadata} (null when absent)
 */
public record ResponsesRequestProtocol(String model, List<Message> input, String instructions,
    Integer maxOutputTokens, Boolean store, List<Tool> tools, JsonNode toolChoice, ResponseFormat format,
    Boolean parallelToolCalls, String previousResponseId, JsonNode grounding, Echoed echo) {
  private static final Set<String> TEXT_PARTS = Set.of("input_text", "output_text", "text");
  private static final Set<String> ROLES = Set.of("user", "assistant", "system", "developer");

  /** Fields the response object repeats as they were sent. */
  public record Echoed(JsonNode tools, JsonNode toolChoice, JsonNode text, JsonNode metadata) {}

  @JsonCreator
  static ResponsesRequestProtocol of(@JsonProperty("model") String model,
      @JsonProperty("conversation") JsonNode conversation, @JsonProperty("background") Boolean background,
      @JsonProperty("store") Boolean store, @JsonProperty("max_output_tokens") JsonNode maxOutputTokens,
      @JsonProperty("input") JsonNode input, @JsonProperty("instructions") String instructions,
      @JsonProperty("tools") List<JsonNode> tools, @JsonProperty("tool_choice") JsonNode toolChoice,
      @JsonProperty("text") JsonNode text, @JsonProperty("metadata") JsonNode metadata,
      @JsonProperty("parallel_tool_calls") Boolean parallel,
      @JsonProperty("previous_response_id") JsonNode previousResponseId, @JsonProperty("opsmind") JsonNode grounding) {
    if (previousResponseId != null && !previousResponseId.isNull() && !previousResponseId.isTextual()) {
      throw new InvalidRequestException("previous_response_id", "'previous_response_id' must be a string");
    }
    Fields.nonBlank("model", model);
    if (conversation != null && !conversation.isNull()) {
      throw new InvalidRequestException("conversation", "'conversation' objects are not supported: continue with "
          + "'previous_response_id', or send the whole conversation as 'input'");
    }
    if (Boolean.TRUE.equals(background)) {
      throw new InvalidRequestException("background", "'background' responses are not supported: ask without it "
          + "(stream to see progress)");
    }
    Integer max = Fields.optInt("max_output_tokens", maxOutputTokens, 1, Integer.MAX_VALUE);
    List<Message> messages = inputMessages(input);
    boolean choiceGiven = toolChoice != null && !toolChoice.isNull();
    List<Tool> chatTools = tools == null ? List.of() : tools(tools);
    return new ResponsesRequestProtocol(model, messages, instructions, max, store, chatTools,
        choiceGiven ? toolChoice(toolChoice) : null, textFormat(text), parallel,
        previousResponseId == null || previousResponseId.isNull() ? null : previousResponseId.textValue(),
        grounding, new Echoed(tools == null ? null : JsonNodeFactory.instance.arrayNode().addAll(tools),
            choiceGiven ? toolChoice : null, text, metadata));
  }

  /** {@code input} (a string, or items) as chat messages. */
  private static List<Message> inputMessages(JsonNode input) {
    List<Message> messages = new ArrayList<>();
    if (input == null || input.isNull()) {
      throw new InvalidRequestException("input", "Missing required parameter: 'input'");
    }
    if (input.isTextual()) {
      return List.of(new Message("user", input.textValue(), List.of(), null, null));
    }
    if (!input.isArray() || input.isEmpty()) {
      throw new InvalidRequestException("input", "'input' must be a string or a non-empty array of input items");
    }
    List<ToolCall> pendingCalls = null; // consecutive function_call items: one assistant turn
    for (int i = 0; i < input.size(); i++) {
      JsonNode item = input.get(i);
      String param = "input[" + i + "]";
      if (!item.isObject()) {
        throw new InvalidRequestException(param, "'" + param + "' must be an input item object");
      }
      String type = item.path("type").asText("message");
      if (!type.equals("function_call")) {
        pendingCalls = null;
      }
      switch (type) {
        case "message" -> messages.add(message((ObjectNode) item, param));
        case "function_call" -> {
          if (pendingCalls == null) {
            pendingCalls = new ArrayList<>();
            messages.add(new Message("assistant", "", pendingCalls, null, null));
          }
          pendingCalls.add(new ToolCall(requireText(item, "call_id", param), requireText(item, "name", param),
              JsonNodeFactory.instance.textNode(requireText(item, "arguments", param))));
        }
        case "function_call_output" -> {
          JsonNode output = item.get("output");
          String text = output != null && output.isArray() ? textParts(output, param + ".output")
              : requireText(item, "output", param);
          messages.add(new Message("tool", text, List.of(), requireText(item, "call_id", param), null));
        }
        case "reasoning" -> { } // a reasoning model's notes: nothing a template takes
        default -> throw new InvalidRequestException(param + ".type", "'" + param + ".type' must be message, "
            + "function_call, function_call_output or reasoning; got '" + type + "'");
      }
    }
    return messages;
  }

  private static Message message(ObjectNode item, String param) {
    JsonNode role = item.get("role");
    if (role == null || !role.isTextual()) {
      throw new InvalidRequestException(param + ".role", "Missing required parameter: '" + param + ".role'");
    }
    if (!ROLES.contains(role.textValue())) {
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
    return new Message(role.textValue(), text, List.of(), null, null);
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

  /** Function tools, flat here ({type, name, parameters}) where chat nests them ({type, function}). */
  private static List<Tool> tools(List<JsonNode> tools) {
    List<Tool> out = new ArrayList<>();
    for (int i = 0; i < tools.size(); i++) {
      JsonNode tool = tools.get(i);
      String param = "tools[" + i + "]";
      String type = tool.path("type").asText("");
      if (!type.equals("function")) {
        throw new InvalidRequestException(param + ".type", "only function tools are supported by this server, got "
            + (type.isEmpty() ? "a tool without a type" : "'" + type + "'"));
      }
      ObjectNode function = JsonNodeFactory.instance.objectNode();
      for (String field : List.of("name", "description", "parameters", "strict")) {
        if (tool.has(field)) {
          function.set(field, tool.get(field));
        }
      }
      JsonNode name = function.get("name");
      if (name == null || !name.isTextual()) {
        throw new InvalidRequestException(param + ".name", "Missing required parameter: '" + param + ".name'");
      }
      if (!Tool.NAME.matcher(name.textValue()).matches()) {
        throw new InvalidRequestException(param + ".name",
            "'" + param + ".name' must be 1-64 letters, digits, '_', '.' or '-'");
      }
      JsonNode parameters = function.get("parameters");
      if (parameters != null && !parameters.isNull() && !parameters.isObject()) {
        throw Fields.wrongType(param + ".parameters", "a JSON Schema object", parameters);
      }
      out.add(Tool.of(JsonNodeFactory.instance.objectNode().put("type", "function").set("function", function)));
    }
    return out;
  }

  /** none / auto / required as they are; {type: function, name} → chat's {type, function: {name}}. */
  private static JsonNode toolChoice(JsonNode choice) {
    if (choice.isObject() && choice.path("type").asText("").equals("function") && choice.path("name").isTextual()) {
      ObjectNode chat = JsonNodeFactory.instance.objectNode().put("type", "function");
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
  private static ResponseFormat textFormat(JsonNode text) {
    ObjectNode given = Fields.optObject("text", text);
    ObjectNode format = given == null ? null : Fields.optObject("format", given.get("format"));
    if (format == null) {
      return null;
    }
    String type = format.path("type").asText("");
    return switch (type) {
      case "text", "json_object" -> new ResponseFormat(type, null);
      case "json_schema" -> {
        if (!format.path("schema").isObject()) {
          throw new InvalidRequestException("text.format.schema",
              "'text.format.schema' is required with type json_schema");
        }
        yield new ResponseFormat(type, format.get("schema"));
      }
      default -> throw new InvalidRequestException("text.format.type",
          "'text.format.type' must be text, json_object or json_schema, got '" + type + "'");
    };
  }
}
