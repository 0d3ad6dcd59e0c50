package dev.opsmind.server.openai.protocol;

import static dev.opsmind.server.http.FieldError.join;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opsmind.inference.generate.json.JsonSchema;
import dev.opsmind.server.http.FieldError;
import dev.opsmind.server.http.Fields;
import dev.opsmind.server.http.InvalidRequestException;
import dev.opsmind.server.http.RequestReader.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The request of POST /v1/chat/completions as it is bound ({@code RequestReader}): {@link Body}
 * with its {@link Message}s, {@link Tool}s, {@link ResponseFormat} and {@link StreamOptions}; the
 * sampling fields are {@link SamplingRequest}. Each record's creator checks what Jackson's types
 * cannot (required fields, ranges, enums); the rules between fields (tool turns answer calls, a
 * forced tool choice and JSON output exclude each other) are the chat request's own ({@code
 * openai.ChatCompletionRequest}). Message content is a string or an array of text parts;
 * "developer" is OpenAI's newer name for "system", "function" its older one for "tool".
 */
public final class ChatRequestProtocol {
  private ChatRequestProtocol() {}

  /**
   * The chat fields besides sampling.
   *
   * @param maxTokens max_completion_tokens, else max_tokens (null: the server's default)
   * @param grounding the {@code opsmind} extension as sent (null without one): grounded chat reads it
   */
  public record Body(String model, List<Message> messages, Integer maxTokens, int n, boolean logprobs,
      int topLogprobs, List<Tool> tools, JsonNode toolChoice, JsonNode parallelToolCalls,
      StreamOptions streamOptions, ResponseFormat responseFormat, JsonNode grounding) {
    public static final int MAX_N = 16;

    @JsonCreator
    static Body of(@JsonProperty("model") String model, @JsonProperty("messages") List<Message> messages,
        @JsonProperty("max_completion_tokens") JsonNode maxCompletionTokens,
        @JsonProperty("max_tokens") JsonNode maxTokens, @JsonProperty("n") JsonNode n,
        @JsonProperty("logprobs") Boolean logprobs, @JsonProperty("top_logprobs") JsonNode topLogprobs,
        @JsonProperty("tools") List<Tool> tools, @JsonProperty("tool_choice") JsonNode toolChoice,
        @JsonProperty("parallel_tool_calls") JsonNode parallel,
        @JsonProperty("stream_options") StreamOptions streamOptions,
        @JsonProperty("response_format") ResponseFormat responseFormat, @JsonProperty("opsmind") JsonNode grounding) {
      Fields.nonBlank("model", model);
      if (messages == null) {
        throw new InvalidRequestException("messages", "Missing required parameter: 'messages'");
      }
      if (messages.isEmpty()) {
        throw new InvalidRequestException("messages", "'messages' must hold at least one message");
      }
      for (int i = 0; i < messages.size(); i++) {
        if (messages.get(i) == null) {
          throw new InvalidRequestException("messages[" + i + "]",
              "'messages[" + i + "]' must be an object with 'role' and 'content'");
        }
      }
      Integer completion = Fields.optInt("max_completion_tokens", maxCompletionTokens, 1, Integer.MAX_VALUE);
      Integer max = Fields.optInt("max_tokens", maxTokens, 1, Integer.MAX_VALUE);
      Integer choices = Fields.optInt("n", n, 1, MAX_N);
      Integer top = Fields.optInt("top_logprobs", topLogprobs, 0, 20);
      if (top != null && top > 0 && !Boolean.TRUE.equals(logprobs)) {
        throw new InvalidRequestException("top_logprobs", "'top_logprobs' needs 'logprobs' to be true");
      }
      return new Body(model, List.copyOf(messages), completion != null ? completion : max,
          choices == null ? 1 : choices, Boolean.TRUE.equals(logprobs), top == null ? 0 : top, tools,
          toolChoice == null || toolChoice.isNull() ? null : toolChoice,
          parallel == null || parallel.isNull() ? null : parallel, streamOptions, responseFormat, grounding);
    }
  }

  /**
   * One message.
   *
   * @param role as sent (see {@link #templateRole})
   * @param content its text ("" for an assistant turn that only called tools)
   * @param toolCalls an assistant turn's calls (read leniently: ids and names as text)
   * @param toolCallId a tool turn's answered call, when given as a string
   * @param name a tool turn's function name, when given as a string
   */
  @Shape("'%s' must be an object with 'role' and 'content'")
  public record Message(String role, String content, List<ToolCall> toolCalls, String toolCallId, String name) {
    @JsonCreator
    static Message of(@JsonProperty("role") String role, @JsonProperty("content") Content content,
        @JsonProperty("tool_calls") JsonNode toolCalls, @JsonProperty("tool_call_id") JsonNode toolCallId,
        @JsonProperty("name") JsonNode name, @JsonProperty("function_call") JsonNode functionCall) {
      if (role == null) {
        throw new FieldError("role", at -> "Missing required parameter: '" + at + ".role'");
      }
      String normal = switch (role) {
        case "system", "developer" -> "system";
        case "user", "assistant", "tool" -> role;
        case "function" -> "tool"; // OpenAI's deprecated name for a tool result (with "name")
        default -> throw new FieldError("role", at -> "'" + at + ".role' must be one of "
            + "system, developer, user, assistant, tool, function; got '" + role + "'");
      };
      if (content == null && !normal.equals("assistant")) {
        throw new FieldError("content", at -> "Missing required parameter: '" + at + ".content'");
      }
      List<ToolCall> calls = new ArrayList<>();
      if (role.equals("assistant") && toolCalls != null && toolCalls.isArray()) {
        for (JsonNode call : toolCalls) {
          calls.add(new ToolCall(call.path("id").asText(""), call.path("function").path("name").asText(""),
              call.path("function").get("arguments")));
        }
      }
      // the deprecated function_call of an assistant turn (answered by a "function" message)
      if (role.equals("assistant") && calls.isEmpty() && functionCall != null && functionCall.path("name").isTextual()) {
        calls.add(new ToolCall(null, functionCall.get("name").textValue(), functionCall.get("arguments")));
      }
      return new Message(role, content == null ? "" : content.text(), List.copyOf(calls),
          toolCallId != null && toolCallId.isTextual() ? toolCallId.textValue() : null,
          name != null && name.isTextual() ? name.textValue() : null);
    }

    /** The role as chat templates take it: system (for developer), user, assistant or tool. */
    public String templateRole() {
      return switch (role) {
        case "developer" -> "system";
        case "function" -> "tool";
        default -> role;
      };
    }
  }

  /**
   * A call of an assistant turn; {@code arguments} as sent (a JSON text, or an object); {@code id}
   * null for the deprecated {@code function_call}, which has none (a "function" message answers it).
   */
  public record ToolCall(String id, String name, JsonNode arguments) {}

  /**
   * Message content: a string, or {@link Part}s, whose texts are joined (a text model reads only
   * text).
   */
  public record Content(String text) {
    /** Any value but an array (arrays go to {@link #of(List)}): a string, else a 400. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static Content of(JsonNode node) {
      if (node == null || node.isNull()) {
        return null;
      }
      if (!node.isTextual()) {
        throw FieldError.wrongType("", "a string or an array of content parts", node);
      }
      return new Content(node.textValue());
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static Content of(List<Part> parts) {
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < parts.size(); i++) {
        if (parts.get(i) == null) {
          String index = "[" + i + "]";
          throw new FieldError(index, at -> "'" + at + index + "' must be an object like " + Part.SHAPE);
        }
        if (!text.isEmpty()) {
          text.append('\n');
        }
        text.append(parts.get(i).text());
      }
      return new Content(text.toString());
    }
  }

  /** A content part: {"type": "text", "text"}; this server reads text only. */
  @Shape("'%s' must be an object like " + Part.SHAPE)
  public record Part(String text) {
    static final String SHAPE = "{\"type\":\"text\",\"text\":\"...\"}";

    @JsonCreator
    static Part of(@JsonProperty("type") JsonNode typeGiven, @JsonProperty("text") JsonNode text) {
      // named "type" alone, as these errors always were
      String type = Fields.optString("type", typeGiven);
      if (type == null) {
        throw new InvalidRequestException("type", "Missing required parameter: 'type'");
      }
      if (!type.equals("text")) {
        throw new FieldError("type", at -> "only text content parts are supported by this server, got type '" + type + "'");
      }
      if (text == null || !text.isTextual()) {
        throw new FieldError("text", at -> "'" + at + ".text' must be a string");
      }
      return new Part(text.textValue());
    }
  }

  /**
   * A function the model may call: {"type": "function", "function": {"name", "description",
   * "parameters"}}.
   *
   * @param definition the {@code function} object as sent (what chat templates show)
   * @param parameters its JSON Schema, or null
   */
  public record Tool(String name, JsonNode definition, JsonNode parameters) {
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static Tool of(JsonNode node) {
      if (!node.isObject() || !node.path("type").asText("function").equals("function")) {
        throw new FieldError("type", at -> "'" + at + "' must be {\"type\":\"function\",\"function\":{...}}");
      }
      JsonNode function = node.get("function");
      if (function == null || !function.isObject()) {
        throw new FieldError("function", at -> "Missing required parameter: '" + at + ".function'");
      }
      JsonNode name = function.get("name");
      if (name == null || !name.isTextual() || !NAME.matcher(name.textValue()).matches()) {
        throw new FieldError("function.name",
            at -> "'" + join(at, "function.name") + "' must be 1-64 letters, digits, '_', '.' or '-'");
      }
      JsonNode parameters = function.get("parameters");
      if (parameters != null && !parameters.isNull() && !parameters.isObject()) {
        throw FieldError.wrongType("function.parameters", "a JSON Schema object", parameters);
      }
      return new Tool(name.textValue(), function, parameters == null || parameters.isNull() ? null : parameters);
    }
  }

  /**
   * The deprecated {@code functions} (function definitions: name, description, parameters) and
   * {@code function_call} ({@code none}, {@code auto} or {@code {"name": ...}}), as tools and the
   * tool choice they amount to (null when not given). Older clients (LangChain's bind_functions,
   * 2023 scripts) still send them, and OpenAI still answers them.
   */
  public record Functions(List<Tool> tools, JsonNode toolChoice) {
    @JsonCreator
    static Functions of(@JsonProperty("functions") JsonNode functions,
        @JsonProperty("function_call") JsonNode functionCall) {
      List<Tool> tools = null;
      if (functions != null && !functions.isNull()) {
        if (!functions.isArray()) {
          throw Fields.wrongType("functions", "an array", functions);
        }
        tools = new ArrayList<>();
        for (int i = 0; i < functions.size(); i++) {
          JsonNode f = functions.get(i);
          String at = "functions[" + i + "]";
          if (!f.isObject()) {
            throw Fields.wrongType(at, "an object with 'name'", f);
          }
          if (!f.path("name").isTextual() || !Tool.NAME.matcher(f.get("name").textValue()).matches()) {
            throw new InvalidRequestException(at + ".name", "'" + at + ".name' must be 1-64 letters, digits, '_', '.' or '-'");
          }
          if (f.has("parameters") && !f.get("parameters").isNull() && !f.get("parameters").isObject()) {
            throw Fields.wrongType(at + ".parameters", "a JSON Schema object", f.get("parameters"));
          }
          ObjectNode tool = JsonNodeFactory.instance.objectNode().put("type", "function");
          tool.set("function", f);
          tools.add(Tool.of(tool));
        }
      }
      JsonNode choice = null;
      if (functionCall != null && !functionCall.isNull()) {
        if (functionCall.isTextual() && List.of("none", "auto").contains(functionCall.textValue())) {
          choice = functionCall;
        } else if (functionCall.isObject() && functionCall.path("name").isTextual()) {
          ObjectNode named = JsonNodeFactory.instance.objectNode().put("type", "function");
          named.putObject("function").put("name", functionCall.get("name").textValue());
          choice = named;
        } else {
          throw new InvalidRequestException("function_call",
              "'function_call' must be none, auto or {\"name\":...}, got " + functionCall);
        }
      }
      if (choice != null && tools == null && !choice.asText().equals("none")) {
        throw new InvalidRequestException("function_call", "Invalid value for 'function_call': 'function_call' is "
            + "only allowed when 'functions' are specified.");
      }
      return new Functions(tools, choice);
    }
  }

  /** {@code tools} and {@code tool_choice} alone (what function calling reads of a chat body). */
  public record Tools(List<Tool> tools, JsonNode toolChoice) {
    @JsonCreator
    static Tools of(@JsonProperty("tools") List<Tool> tools, @JsonProperty("tool_choice") JsonNode toolChoice) {
      return new Tools(tools, toolChoice == null || toolChoice.isNull() ? null : toolChoice);
    }
  }

  /**
   * {@code response_format}: {@code text}, {@code json_object} (any JSON object) or {@code
   * json_schema} (its {@code json_schema.schema}, compiled for constrained decoding).
   */
  public record ResponseFormat(String type, JsonNode schema) {
    @JsonCreator
    static ResponseFormat of(@JsonProperty("type") JsonNode type, @JsonProperty("json_schema") JsonNode jsonSchema) {
      if (type == null || !type.isTextual()) {
        throw new FieldError("type", at -> "'" + at + ".type' is required: text, json_object or json_schema");
      }
      String kind = type.textValue();
      JsonNode schema = jsonSchema == null ? null : jsonSchema.get("schema");
      return switch (kind) {
        case "text", "json_object" -> new ResponseFormat(kind, null);
        case "json_schema" -> {
          if (schema == null) {
            throw new FieldError("json_schema.schema",
                at -> "'" + at + ".json_schema.schema' is required with type json_schema");
          }
          yield new ResponseFormat(kind, schema);
        }
        default -> throw new FieldError("type",
            at -> "'" + at + ".type' must be text, json_object or json_schema, got '" + kind + "'");
      };
    }

    /** The grammar the output is held to (null for text); {@code schemaParam} names the schema in errors. */
    public JsonSchema compile(String schemaParam) {
      return switch (type) {
        case "json_object" -> JsonSchema.ANY_OBJECT;
        case "json_schema" -> {
          try {
            yield JsonSchema.compile(schema);
          } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(schemaParam, "'" + schemaParam + "' cannot be used: " + e.getMessage());
          }
        }
        default -> null;
      };
    }
  }

  /** {@code stream_options}: only with {@code stream}. */
  public record StreamOptions(boolean includeUsage) {
    @JsonCreator
    static StreamOptions of(@JsonProperty("include_usage") JsonNode includeUsage) {
      if (includeUsage != null && !includeUsage.isNull() && !includeUsage.isBoolean()) {
        throw Fields.wrongType("include_usage", "a boolean", includeUsage);
      }
      return new StreamOptions(includeUsage != null && includeUsage.asBoolean());
    }
  }
}
