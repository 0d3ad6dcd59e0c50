package dev.opsmind.server.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opsmind.inference.tokenizer.ChatMessage;
import dev.opsmind.server.http.Fields;
import dev.opsmind.server.http.InvalidRequestException;
import java.util.ArrayList;
import java.util.List;

/**
 * POST /v1/chat/completions, parsed and validated. Message content is a string or an array of
 * text parts; "developer" is OpenAI's newer name for "system". Unknown fields are ignored.
 */
public record ChatCompletionRequest(
    String model, List<ChatMessage> messages, GenerationOptions options, boolean logprobs, int topLogprobs) {

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
    for (int i = 0; i < array.size(); i++) {
      messages.add(message(array.get(i), "messages[" + i + "]"));
    }
    GenerationOptions options = GenerationOptions.parse(body, "max_completion_tokens", "max_tokens");
    Boolean logprobs = Fields.optBoolean(body, "logprobs");
    Integer topLogprobs = Fields.optInt(body, "top_logprobs", 0, 20);
    if (topLogprobs != null && topLogprobs > 0 && !Boolean.TRUE.equals(logprobs)) {
      throw new InvalidRequestException("top_logprobs", "'top_logprobs' needs 'logprobs' to be true");
    }
    return new ChatCompletionRequest(model, List.copyOf(messages), options,
        Boolean.TRUE.equals(logprobs), topLogprobs == null ? 0 : topLogprobs);
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
      default -> throw new InvalidRequestException(param + ".role", "'" + param + ".role' must be one of "
          + "system, developer, user, assistant, tool; got '" + roleNode.textValue() + "'");
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
