package dev.opsmind.server.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opsmind.inference.generate.json.JsonSchema;
import dev.opsmind.server.http.InvalidRequestException;
import dev.opsmind.server.http.RequestReader;
import dev.opsmind.server.openai.protocol.ChatProtocol;
import dev.opsmind.server.openai.protocol.ChatRequestProtocol;
import dev.opsmind.server.openai.protocol.ChatRequestProtocol.Tool;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Function calling for chat: the request's {@code tools} and {@code tool_choice}, and the tool
 * calls found in what the model wrote.
 *
 * <ul>
 *   <li>{@code none}: the tools are left out of the prompt; the model answers in text.
 *   <li>{@code auto} (the default with tools): the chat template shows the model the tools; a
 *       reply holding calls in the common formats — Hermes/Qwen {@code <tool_call>{...}</tool_call>}
 *       blocks, Mistral {@code [TOOL_CALLS] [...]}, or a reply that is one JSON call (Llama 3) —
 *       comes back as {@code tool_calls}.
 *   <li>{@code required} or a named function: decoding is constrained to one call, {@code
 *       {"name": ..., "arguments": {...}}}, its arguments held to the function's parameters
 *       schema (with several tools under {@code required}: to any object).
 * </ul>
 *
 * <p>{@code functions}: the request sent the deprecated {@code functions} / {@code function_call}
 * (read as tools and tool choice); the reply then writes its first call as OpenAI did for them.
 * {@code parallel}: a reply may hold several calls (false: {@code parallel_tool_calls: false}, or
 * functions, whose turn held one call; the first is kept).
 */
public record ToolCalls(List<Tool> tools, String choice, String forcedName, JsonSchema schema, boolean functions,
    boolean parallel) {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern HERMES = Pattern.compile("<tool_call>\\s*(.*?)\\s*</tool_call>", Pattern.DOTALL);
  // a forced call's opening as its grammar writes it, and where its arguments begin (cutCall)
  private static final Pattern CUT_NAME = Pattern.compile("^\\s*\\{\\s*\"name\"\\s*:\\s*(\"(?:[^\"\\\\]|\\\\.)*\")");
  private static final Pattern CUT_ARGUMENTS = Pattern.compile("\"arguments\"\\s*:\\s*");
  static final int MAX_TOOLS = 128;

  /** A call the model made: its id, function and arguments (a JSON text, as OpenAI sends them). */
  public record Call(String id, String name, String arguments) {}

  /** The calls in a reply, and the reply's text around them (null when nothing else was said). */
  public record Parsed(List<Call> calls, String content) {}

  /** Reads the {@code tools} and {@code tool_choice} of a chat body; null when it has no tools. */
  public static ToolCalls parse(ObjectNode body) {
    ChatRequestProtocol.Tools given = RequestReader.read(body, ChatRequestProtocol.Tools.class);
    return of(given.tools(), given.toolChoice(), "tool_choice.function.name");
  }

  /**
   * The tools of a request and its {@code tool_choice} (null when not given; a forced function
   * as chat writes it, {"type":"function","function":{"name":...}}); null without tools.
   * {@code forcedParam} names the forced function's name in errors (chat: tool_choice.function.name).
   */
  public static ToolCalls of(List<Tool> given, JsonNode choiceNode, String forcedParam) {
    if (given == null || given.isEmpty()) {
      if (choiceNode != null && !(choiceNode.isTextual() && choiceNode.textValue().equals("none"))) {
        throw new InvalidRequestException("tool_choice", "'tool_choice' needs 'tools'");
      }
      return null;
    }
    if (given.size() > MAX_TOOLS) {
      throw new InvalidRequestException("tools", "'tools' may hold at most " + MAX_TOOLS + " functions");
    }
    for (int i = 0; i < given.size(); i++) {
      if (given.get(i) == null) { // a JSON null: not a tool
        throw new InvalidRequestException("tools[" + i + "].type",
            "'tools[" + i + "]' must be {\"type\":\"function\",\"function\":{...}}");
      }
    }
    List<Tool> tools = List.copyOf(given);
    String choice = "auto";
    String forced = null;
    if (choiceNode != null) {
      if (choiceNode.isTextual()) {
        choice = choiceNode.textValue();
        if (!List.of("none", "auto", "required").contains(choice)) {
          throw new InvalidRequestException("tool_choice",
              "'tool_choice' must be none, auto, required or {\"type\":\"function\",\"function\":{\"name\":...}}, got '"
                  + choice + "'");
        }
      } else if (choiceNode.isObject() && choiceNode.path("function").path("name").isTextual()) {
        forced = choiceNode.path("function").path("name").textValue();
        String name = forced;
        if (tools.stream().noneMatch(t -> t.name().equals(name))) {
          throw new InvalidRequestException(forcedParam, "'tool_choice' names '" + forced
              + "', which is not among the tools");
        }
        choice = "function";
      } else {
        throw new InvalidRequestException("tool_choice",
            "'tool_choice' must be none, auto, required or {\"type\":\"function\",\"function\":{\"name\":...}}");
      }
    }
    // compiled once, here: an unusable parameters schema is the request's fault, said now
    JsonSchema schema = forcedCall(choice) ? callSchema(tools, forced) : null;
    return new ToolCalls(tools, choice, forced, schema, false, true);
  }

  /**
   * One function the server itself offers (its {@code function} definition: name, description,
   * parameters), validated as a request's tool is; {@code forced}: decoding is held to one call of it.
   */
  public static ToolCalls single(JsonNode function, boolean forced) {
    Tool tool = Tool.of(JSON.createObjectNode().put("type", "function").set("function", function));
    List<Tool> tools = List.of(tool);
    String forcedName = forced ? tool.name() : null;
    return new ToolCalls(tools, forced ? "function" : "auto", forcedName,
        forced ? callSchema(tools, forcedName) : null, false, true);
  }

  /**
   * These tools as the deprecated {@code functions} asked for them: the reply's first call comes
   * back as {@code message.function_call}, finish_reason {@code function_call} ({@link #functions}).
   */
  public ToolCalls asFunctions() {
    return new ToolCalls(tools, choice, forcedName, schema, true, false);
  }

  /**
   * These tools with {@code parallel_tool_calls: false}: a reply holds at most one call (the
   * first the model wrote), as OpenAI's do; LangChain's structured output asks for this.
   */
  public ToolCalls oneCallAtATime() {
    return new ToolCalls(tools, choice, forcedName, schema, functions, false);
  }

  /** Whether the model is shown the tools (every choice but none). */
  public boolean offered() {
    return !choice.equals("none");
  }

  /** Whether decoding is held to one call (required, or a named function). */
  public boolean forced() {
    return forcedCall(choice);
  }

  /** Whether the model may call {@code name}: offered, and not held to another function. */
  public boolean allows(String name) {
    return offered() && tools.stream().anyMatch(t -> t.name().equals(name)) && (forcedName == null || forcedName.equals(name));
  }

  private static boolean forcedCall(String choice) {
    return choice.equals("required") || choice.equals("function");
  }

  /** The tools as chat templates take them (Hugging Face's {"type": "function", "function": {...}}). */
  public List<Object> templateValue() {
    List<Object> out = new ArrayList<>();
    for (Tool t : tools) {
      Map<String, Object> tool = new LinkedHashMap<>();
      tool.put("type", "function");
      tool.put("function", JSON.convertValue(t.definition(), Map.class));
      out.add(tool);
    }
    return out;
  }

  /** The shape of a forced call (the {@code schema} component; null unless {@link #forced}). */
  private static JsonSchema callSchema(List<Tool> tools, String forcedName) {
    List<Tool> candidates = forcedName == null ? tools
        : tools.stream().filter(t -> t.name().equals(forcedName)).toList();
    ObjectNode schema = JSON.createObjectNode().put("type", "object");
    ObjectNode properties = schema.putObject("properties");
    ObjectNode name = properties.putObject("name");
    ArrayNode names = name.putArray("enum");
    candidates.forEach(t -> names.add(t.name()));
    JsonNode parameters = candidates.size() == 1 ? candidates.get(0).parameters() : null;
    ObjectNode arguments = parameters == null ? JSON.createObjectNode().put("type", "object") : parameters.deepCopy();
    // the parameters' definitions move to the root, where their #/$defs/... references point
    for (String defs : List.of("$defs", "definitions")) {
      JsonNode moved = arguments.remove(defs);
      if (moved != null) {
        schema.set(defs, moved);
      }
    }
    properties.set("arguments", arguments);
    schema.putArray("required").add("name").add("arguments");
    try {
      return JsonSchema.compile(schema);
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException("tools", "the parameters schema of "
          + (candidates.size() == 1 ? "'" + candidates.get(0).name() + "'" : "a tool") + " cannot be used: " + e.getMessage());
    }
  }

  /**
   * The tool calls in a reply (only the first without {@link #parallel} calls); none when it holds
   * no call to a known tool.
   */
  public Parsed parse(String text) {
    Parsed all = parseAll(text);
    return parallel || all.calls().size() <= 1 ? all : new Parsed(List.of(all.calls().get(0)), all.content());
  }

  private Parsed parseAll(String text) {
    List<Call> calls = new ArrayList<>();
    StringBuilder rest = new StringBuilder();
    Matcher m = HERMES.matcher(text);
    int last = 0;
    while (m.find()) {
      calls.addAll(calls(m.group(1)));
      rest.append(text, last, m.start());
      last = m.end();
    }
    if (calls.isEmpty()) {
      String trimmed = text.strip();
      if (trimmed.startsWith("[TOOL_CALLS]")) {
        trimmed = trimmed.substring("[TOOL_CALLS]".length()).strip();
      }
      calls.addAll(calls(trimmed));
      if (calls.isEmpty()) {
        return new Parsed(List.of(), text);
      }
      return new Parsed(calls, null);
    }
    rest.append(text.substring(last));
    String content = rest.toString().strip();
    return new Parsed(calls, content.isEmpty() ? null : content);
  }

  /**
   * A forced call that {@code max_tokens} cut short ({@code {"name": ..., "arguments": {...}} as
   * far as it came): the call with its arguments' text so far ("" before they began), as OpenAI
   * and vLLM return one with finish_reason length; none when even the name is not out yet.
   */
  public Parsed cutCall(String text) {
    Matcher name = CUT_NAME.matcher(text);
    if (!forced() || !name.find()) {
      return new Parsed(List.of(), text);
    }
    String called;
    try {
      called = JSON.readValue(name.group(1), String.class);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return new Parsed(List.of(), text);
    }
    if (!allows(called)) {
      return new Parsed(List.of(), text);
    }
    Matcher arguments = CUT_ARGUMENTS.matcher(text);
    String args = arguments.find(name.end()) ? text.substring(arguments.end()).strip() : "";
    return new Parsed(List.of(new Call(newId(), called, args)), null);
  }

  private static String newId() {
    return "call_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
  }

  /** Calls in one JSON text (an object or an array of them) naming known tools; none otherwise. */
  private List<Call> calls(String json) {
    JsonNode node;
    try {
      node = JSON.readTree(json);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return List.of();
    }
    List<Call> out = new ArrayList<>();
    for (JsonNode item : node != null && node.isArray() ? node : List.of(node == null ? JSON.nullNode() : node)) {
      JsonNode name = item.path("name");
      JsonNode arguments = item.has("arguments") ? item.get("arguments") : item.get("parameters");
      if (!name.isTextual() || tools.stream().noneMatch(t -> t.name().equals(name.textValue()))) {
        return List.of();
      }
      String args = arguments == null || arguments.isNull() ? "{}"
          : arguments.isTextual() ? arguments.textValue() : arguments.toString();
      out.add(new Call(newId(), name.textValue(), args));
    }
    return out;
  }

  /** OpenAI's tool_calls of a message (with {@code index} in a streamed delta). */
  static List<ChatProtocol.ToolCall> wire(List<Call> calls, boolean delta) {
    List<ChatProtocol.ToolCall> out = new ArrayList<>();
    for (int i = 0; i < calls.size(); i++) {
      Call c = calls.get(i);
      out.add(ChatProtocol.ToolCall.of(delta ? i : null, c.id(), c.name(), c.arguments()));
    }
    return out;
  }
}
