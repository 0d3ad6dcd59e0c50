package dev.opsmind.server.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opsmind.inference.tokenizer.ChatMessage;
import dev.opsmind.inference.tokenizer.ChatTemplate;
import dev.opsmind.server.http.Fields;
import dev.opsmind.server.http.InvalidRequestException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * POST /v1/chat/completions, parsed and validated. Message content is a string or an array of
 * text parts; "developer" is OpenAI's newer name for "system", "function" its older one for
 * "tool". Unknown fields are ignored.
 *
 * @param templateMessages the messages as chat templates take them: role and content, and an
 *     assistant turn's {@code tool_calls} (arguments as objects), a tool turn's {@code
 *     tool_call_id} and {@code name}
 * @param tools the request's functions and tool_choice; null without tools
 * @param grounding the {@code opsmind} extension as sent (null without one): it asks for an answer
 *     from the knowledge base, and grounded chat validates it (plain chat ignores it)
 */
public record ChatCompletionRequest(
    String model, List<ChatMessage> messages, GenerationOptions options, boolean logprobs, int topLogprobs,
    List<Map<String, Object>> templateMessages, ToolCalls tools, JsonNode grounding) {
  /** The extension field that asks for a grounded answer. */
  public static final String GROUNDING = "opsmind";

  private static final ObjectMapper JSON = new ObjectMapper();

  public static ChatCompletionRequest parse(ObjectNode body) {
    String model = Fields.requireNonBlank(body, "model");
    ArrayNode array = Fields.optArray(body, "messages");
    if (array == null) {
      throw new InvalidRequestException("messages", "Missing required parameter: 'messages'");
    }
    if (array.isEmpty()) {
      throw new InvalidRequestException("messages", "'messages' must hold at least one message");
    }
    List<ChatMessage> messages = new ArrayList<>();
    List<Map<String, Object>> templateMessages = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      ChatMessage m = message(array.get(i), "messages[" + i + "]");
      messages.add(m);
      templateMessages.add(templateValue(m, (ObjectNode) array.get(i)));
    }
    GenerationOptions options = GenerationOptions.parse(body, "max_completion_tokens", "max_tokens");
    Boolean logprobs = Fields.optBoolean(body, "logprobs");
    Integer topLogprobs = Fields.optInt(body, "top_logprobs", 0, 20);
    if (topLogprobs != null && topLogprobs > 0 && !Boolean.TRUE.equals(logprobs)) {
      throw new InvalidRequestException("top_logprobs", "'top_logprobs' needs 'logprobs' to be true");
    }
    toolTurnsAnswerCalls(array);
    ToolCalls tools = ToolCalls.parse(body);
    JsonNode parallel = body.get("parallel_tool_calls");
    if (parallel != null && !parallel.isNull() && tools == null) {
      throw new InvalidRequestException("parallel_tool_calls",
          "Invalid value for 'parallel_tool_calls': 'parallel_tool_calls' is only allowed when 'tools' are specified.");
    }
    if (tools != null && tools.forced() && options.json() != null) {
      throw new InvalidRequestException("tool_choice", "a forced 'tool_choice' and 'response_format' JSON both "
          + "shape the reply: send one of them");
    }
    return new ChatCompletionRequest(model, List.copyOf(messages), options,
        Boolean.TRUE.equals(logprobs), topLogprobs == null ? 0 : topLogprobs, List.copyOf(templateMessages), tools,
        body.get(GROUNDING));
  }

  /**
   * OpenAI's conversation rules for tool turns: a {@code tool} message carries a
   * {@code tool_call_id} naming a call of the assistant turn before it (with only tool messages
   * between), and an assistant turn's {@code tool_calls} are each answered by a tool message
   * before the next user or assistant turn. (The deprecated {@code function} role is exempt.)
   */
  private static void toolTurnsAnswerCalls(ArrayNode messages) {
    java.util.Set<String> open = new java.util.LinkedHashSet<>();
    int callsAt = -1;
    for (int i = 0; i < messages.size(); i++) {
      JsonNode m = messages.get(i);
      String role = m.path("role").asText("");
      if (role.equals("tool")) {
        JsonNode id = m.get("tool_call_id");
        if (id == null || !id.isTextual()) {
          throw new InvalidRequestException("messages[" + i + "].tool_call_id", "Missing parameter 'tool_call_id': "
              + "messages with role 'tool' must have a 'tool_call_id'.");
        }
        if (callsAt < 0) {
          throw new InvalidRequestException("messages[" + i + "].role", "Invalid parameter: messages with role 'tool' "
              + "must be a response to a preceeding message with 'tool_calls'.");
        }
        open.remove(id.textValue());
        continue;
      }
      if (role.equals("function")) {
        continue;
      }
      if (!open.isEmpty()) {
        throw new InvalidRequestException("messages[" + callsAt + "].tool_calls", "An assistant message with "
            + "'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following "
            + "tool_call_ids did not have response messages: " + String.join(", ", open));
      }
      callsAt = -1;
      JsonNode calls = m.get("tool_calls");
      if (role.equals("assistant") && calls != null && calls.isArray() && !calls.isEmpty()) {
        callsAt = i;
        for (JsonNode call : calls) {
          open.add(call.path("id").asText(""));
        }
      }
    }
  }

  /**
   * The prompt text: the messages through the model's chat template, with the tools when they are
   * offered (a worker's job: templates can be slow).
   */
  String render(ChatTemplate template, boolean addGenerationPrompt) {
    Map<String, Object> extra = tools != null && tools.offered() ? Map.of("tools", tools.templateValue()) : Map.of();
    return template.renderValues(templateMessages, extra, addGenerationPrompt);
  }

  /** A message for the chat template, with its tool calls or tool-call id where it has them. */
  private static Map<String, Object> templateValue(ChatMessage m, ObjectNode raw) {
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("role", m.role());
    value.put("content", m.content());
    JsonNode calls = raw.get("tool_calls");
    if (m.role().equals("assistant") && calls != null && calls.isArray() && !calls.isEmpty()) {
      List<Object> list = new ArrayList<>();
      for (JsonNode call : calls) {
        Map<String, Object> function = new LinkedHashMap<>();
        function.put("name", call.path("function").path("name").asText(""));
        JsonNode args = call.path("function").get("arguments");
        Object arguments = args == null ? Map.of() : JSON.convertValue(args, Object.class);
        if (args != null && args.isTextual()) {
          try { // templates write arguments with tojson: give them the object, not its text
            JsonNode parsed = JSON.readTree(args.textValue());
            if (parsed != null && parsed.isObject()) {
              arguments = JSON.convertValue(parsed, Map.class);
            }
          } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            // not JSON: pass the text as it came
          }
        }
        function.put("arguments", arguments);
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("id", call.path("id").asText(""));
        entry.put("type", "function");
        entry.put("function", function);
        list.add(entry);
      }
      value.put("tool_calls", list);
    }
    if (m.role().equals("tool")) {
      if (raw.path("tool_call_id").isTextual()) {
        value.put("tool_call_id", raw.get("tool_call_id").textValue());
      }
      if (raw.path("name").isTextual()) {
        value.put("name", raw.get("name").textValue());
      }
    }
    return value;
  }

  private static ChatMessage message(JsonNode node, String param) {
    if (!node.isObject()) {
      throw new InvalidRequestException(param, "'" + param + "' must be an object with 'role' and 'content'");
    }
    ObjectNode message = (ObjectNode) node;
    JsonNode roleNode = message.get("role");
    if (roleNode == null || roleNode.isNull()) {
      throw new InvalidRequestException(param + ".role", "Missing required parameter: '" + param + ".role'");
    }
    if (!roleNode.isTextual()) {
      throw Fields.wrongType(param + ".role", "a string", roleNode);
    }
    String role = switch (roleNode.textValue()) {
      case "system", "developer" -> "system";
      case "user", "assistant", "tool" -> roleNode.textValue();
      case "function" -> "tool"; // OpenAI's deprecated name for a tool result (with "name")
      default -> throw new InvalidRequestException(param + ".role", "'" + param + ".role' must be one of "
          + "system, developer, user, assistant, tool, function; got '" + roleNode.textValue() + "'");
    };
    JsonNode content = message.get("content");
    String text;
    if (content == null || content.isNull()) {
      if (!role.equals("assistant")) {
        throw new InvalidRequestException(param + ".content", "Missing required parameter: '" + param + ".content'");
      }
      text = ""; // an assistant turn that only called tools
    } else if (content.isTextual()) {
      text = content.textValue();
    } else if (content.isArray()) {
      text = textParts((ArrayNode) content, param + ".content");
    } else {
      throw Fields.wrongType(param + ".content", "a string or an array of content parts", content);
    }
    return new ChatMessage(role, text);
  }

  /** Content parts: only text parts carry meaning for a text model; their texts are joined. */
  private static String textParts(ArrayNode parts, String param) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < parts.size(); i++) {
      JsonNode part = parts.get(i);
      String partParam = param + "[" + i + "]";
      if (!part.isObject()) {
        throw new InvalidRequestException(partParam, "'" + partParam + "' must be an object like {\"type\":\"text\",\"text\":\"...\"}");
      }
      String type = Fields.requireString((ObjectNode) part, "type");
      if (!type.equals("text")) {
        throw new InvalidRequestException(partParam + ".type",
            "only text content parts are supported by this server, got type '" + type + "'");
      }
      JsonNode partText = part.get("text");
      if (partText == null || !partText.isTextual()) {
        throw new InvalidRequestException(partParam + ".text", "'" + partParam + ".text' must be a string");
      }
      if (!text.isEmpty()) {
        text.append('\n');
      }
      text.append(partText.textValue());
    }
    return text.toString();
  }
}
