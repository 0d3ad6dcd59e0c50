package dev.opsmind.server.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opsmind.inference.generate.json.JsonSchema;
import dev.opsmind.inference.tokenizer.ChatMessage;
import dev.opsmind.inference.tokenizer.ChatTemplate;
import dev.opsmind.server.http.Fields;
import dev.opsmind.server.http.InvalidRequestException;
import dev.opsmind.server.http.RequestReader;
import dev.opsmind.server.openai.protocol.ChatRequestProtocol;
import dev.opsmind.server.openai.protocol.ChatRequestProtocol.Body;
import dev.opsmind.server.openai.protocol.ChatRequestProtocol.Message;
import dev.opsmind.server.openai.protocol.ChatRequestProtocol.ToolCall;
import dev.opsmind.server.openai.protocol.SamplingRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * A chat request, as POST /v1/chat/completions sends it ({@link #read}: its wire records, {@link
 * Body} and {@link SamplingRequest}, bound once) or as the Responses API amounts to it ({@link #of}).
 * Unknown fields are ignored.
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

  /** Reads a chat completions body. */
  public static ChatCompletionRequest read(ObjectNode body) {
    Body chat = RequestReader.read(body, Body.class);
    SamplingRequest sampling = RequestReader.read(body, SamplingRequest.class);
    JsonSchema json = chat.responseFormat() == null ? null
        : chat.responseFormat().compile("response_format.json_schema.schema");
    GenerationOptions options = GenerationOptions.of(sampling, chat.maxTokens(), "max_tokens", chat.n(),
        chat.streamOptions(), json);
    toolTurnsAnswerCalls(chat.messages(), i -> "messages[" + i + "]");
    ToolCalls tools = ToolCalls.of(chat.tools(), chat.toolChoice(), "tool_choice.function.name");
    if (tools == null && chat.toolChoice() == null) { // the deprecated functions, answered as OpenAI does
      ChatRequestProtocol.Functions functions = RequestReader.read(body, ChatRequestProtocol.Functions.class);
      ToolCalls legacy = ToolCalls.of(functions.tools(), functions.toolChoice(), "function_call.name");
      tools = legacy == null ? null : legacy.asFunctions();
    }
    if (chat.parallelToolCalls() != null && tools == null) {
      throw new InvalidRequestException("parallel_tool_calls",
          "Invalid value for 'parallel_tool_calls': 'parallel_tool_calls' is only allowed when 'tools' are specified.");
    }
    if (chat.parallelToolCalls() != null && !chat.parallelToolCalls().isBoolean()) {
      throw Fields.wrongType("parallel_tool_calls", "a boolean", chat.parallelToolCalls());
    }
    if (chat.parallelToolCalls() != null && !chat.parallelToolCalls().booleanValue()) {
      tools = tools.oneCallAtATime();
    }
    return of(chat.model(), chat.messages(), options, chat.logprobs(), chat.topLogprobs(), tools, chat.grounding(),
        "response_format");
  }

  /**
   * A chat request of checked parts; {@code formatName} is the request's name for the output
   * format (chat: response_format), which a forced tool choice excludes.
   */
  public static ChatCompletionRequest of(String model, List<Message> messages, GenerationOptions options,
      boolean logprobs, int topLogprobs, ToolCalls tools, JsonNode grounding, String formatName) {
    if (tools != null && tools.forced() && options.json() != null) {
      throw new InvalidRequestException("tool_choice", "a forced 'tool_choice' and '" + formatName + "' JSON both "
          + "shape the reply: send one of them");
    }
    List<ChatMessage> chat = new ArrayList<>();
    List<Map<String, Object>> template = new ArrayList<>();
    for (Message m : messages) {
      chat.add(new ChatMessage(m.templateRole(), m.content()));
      template.add(templateValue(m));
    }
    return new ChatCompletionRequest(model, List.copyOf(chat), options, logprobs, topLogprobs, List.copyOf(template),
        tools, grounding);
  }

  /**
   * OpenAI's conversation rules for tool turns: a {@code tool} message carries a
   * {@code tool_call_id} naming a call of the assistant turn before it (with only tool messages
   * between), and an assistant turn's {@code tool_calls} are each answered by a tool message
   * before the next user or assistant turn. (The deprecated {@code function} role is exempt.)
   * {@code param} names message i in errors.
   */
  static void toolTurnsAnswerCalls(List<Message> messages, IntFunction<String> param) {
    Set<String> open = new LinkedHashSet<>();
    int callsAt = -1;
    for (int i = 0; i < messages.size(); i++) {
      Message m = messages.get(i);
      if (m.role().equals("tool")) {
        if (m.toolCallId() == null) {
          throw new InvalidRequestException(param.apply(i) + ".tool_call_id", "Missing parameter 'tool_call_id': "
              + "messages with role 'tool' must have a 'tool_call_id'.");
        }
        if (callsAt < 0) {
          throw new InvalidRequestException(param.apply(i) + ".role", "Invalid parameter: messages with role 'tool' "
              + "must be a response to a preceeding message with 'tool_calls'.");
        }
        open.remove(m.toolCallId());
        continue;
      }
      if (m.role().equals("function")) {
        continue;
      }
      if (!open.isEmpty()) {
        throw new InvalidRequestException(param.apply(callsAt) + ".tool_calls", "An assistant message with "
            + "'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following "
            + "tool_call_ids did not have response messages: " + String.join(", ", open));
      }
      callsAt = -1;
      for (ToolCall call : m.toolCalls()) {
        if (call.id() != null) { // (a deprecated function_call has no id to answer)
          callsAt = i;
          open.add(call.id());
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
  private static Map<String, Object> templateValue(Message m) {
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("role", m.templateRole());
    value.put("content", m.content());
    if (!m.toolCalls().isEmpty()) {
      List<Object> list = new ArrayList<>();
      for (ToolCall call : m.toolCalls()) {
        Map<String, Object> function = new LinkedHashMap<>();
        function.put("name", call.name());
        JsonNode args = call.arguments();
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
        if (call.id() != null) {
          entry.put("id", call.id());
        }
        entry.put("type", "function");
        entry.put("function", function);
        list.add(entry);
      }
      value.put("tool_calls", list);
    }
    if (m.templateRole().equals("tool")) {
      if (m.toolCallId() != null) {
        value.put("tool_call_id", m.toolCallId());
      }
      if (m.name() != null) {
        value.put("name", m.name());
      }
    }
    return value;
  }
}
