package dev.opsmind.indexer.actions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One runbook action as declared in an {@code opsmind-action} block: a fixed argv whose elements
 * may hold {@code {{param}}} placeholders, each parameter with the pattern its values must match.
 * A declaration that exists is valid (see {@link #parse}); whether its executable may run is the
 * server's decision (its allowlist).
 *
 * @param run the argv template: element 0 the executable (an absolute path, no placeholder)
 * @param params every parameter, in declaration order
 * @param risk low, medium or high (high needs a second person to approve)
 * @param startLine first line of the declaration in its source (1-based)
 * @param endLine last line
 */
public record ActionDeclaration(String name, String description, List<String> run, Map<String, Param> params,
    String risk, int timeoutSeconds, int startLine, int endLine) {
  public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
  /** {@code {{name}}}, spaces inside the braces allowed. */
  public static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z_][A-Za-z0-9_]{0,63})\\s*\\}\\}");
  public static final List<String> RISKS = List.of("low", "medium", "high");
  public static final int DEFAULT_TIMEOUT_SECONDS = 60;
  public static final int MAX_TIMEOUT_SECONDS = 3600;
  static final int MAX_ARGS = 256;
  static final int MAX_PATTERN_CHARS = 1000;
  private static final Set<String> KEYS = Set.of("name", "description", "run", "params", "risk", "timeout_seconds");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A parameter: the pattern its whole value must match, and what it is, for people. */
  public record Param(String pattern, String description) {}

  public ActionDeclaration {
    run = List.copyOf(run);
    params = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params));
  }

  /** The executable: {@code run[0]}. */
  public String executable() {
    return run.get(0);
  }

  /** The placeholders' parameter names in order of first use. */
  public List<String> placeholders() {
    List<String> names = new ArrayList<>();
    for (String element : run) {
      Matcher m = PLACEHOLDER.matcher(element);
      while (m.find()) {
        if (!names.contains(m.group(1))) {
          names.add(m.group(1));
        }
      }
    }
    return names;
  }

  /**
   * Checks and reads one declaration (a YAML or JSON mapping already parsed).
   *
   * @throws IllegalArgumentException saying what is wrong, for the {@code index} report
   */
  public static ActionDeclaration parse(JsonNode node, int startLine, int endLine) {
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException("an action is a mapping with name, run, params, risk, timeout_seconds");
    }
    for (var it = node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!KEYS.contains(key)) {
        throw new IllegalArgumentException("unknown key '" + key + "' (known: " + new java.util.TreeSet<>(KEYS) + ")");
      }
    }
    String name = text(node, "name", true);
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("name '" + name + "' must match " + NAME.pattern());
    }
    String description = text(node, "description", false);
    JsonNode runNode = node.get("run");
    if (runNode == null || !runNode.isArray() || runNode.isEmpty()) {
      throw new IllegalArgumentException(name + ": 'run' must be a non-empty list of strings (the argv, no shell)");
    }
    if (runNode.size() > MAX_ARGS) {
      throw new IllegalArgumentException(name + ": 'run' has more than " + MAX_ARGS + " elements");
    }
    List<String> run = new ArrayList<>();
    for (JsonNode element : runNode) {
      if (!element.isTextual() && !element.isNumber()) {
        throw new IllegalArgumentException(name + ": every element of 'run' must be a string");
      }
      String value = element.asText();
      if (value.indexOf('\0') >= 0) {
        throw new IllegalArgumentException(name + ": an element of 'run' holds a NUL character");
      }
      run.add(value);
    }
    String executable = run.get(0);
    if (PLACEHOLDER.matcher(executable).find() || executable.contains("{{")) {
      throw new IllegalArgumentException(name + ": the executable (run[0]) must be fixed, not a placeholder");
    }
    if (!executable.startsWith("/") || !java.nio.file.Path.of(executable).normalize().toString().equals(executable)) {
      throw new IllegalArgumentException(name + ": the executable '" + executable
          + "' must be an absolute, normalised path (no PATH lookup, no '..')");
    }
    Map<String, Param> params = new LinkedHashMap<>();
    JsonNode paramsNode = node.get("params");
    if (paramsNode != null && !paramsNode.isNull()) {
      if (!paramsNode.isObject()) {
        throw new IllegalArgumentException(name + ": 'params' must be a mapping of name to {pattern, description}");
      }
      for (var it = paramsNode.fields(); it.hasNext(); ) {
        var entry = it.next();
        params.put(entry.getKey(), param(name, entry.getKey(), entry.getValue()));
      }
    }
    for (String element : run) {
      String rest = PLACEHOLDER.matcher(element).replaceAll("");
      if (rest.contains("{{") || rest.contains("}}")) {
        throw new IllegalArgumentException(name + ": malformed placeholder in '" + element
            + "' (write {{name}} with letters, digits and _)");
      }
    }
    ActionDeclaration declared = new ActionDeclaration(name, description, run, params,
        risk(name, node.get("risk")), timeout(name, node.get("timeout_seconds")), startLine, endLine);
    for (String used : declared.placeholders()) {
      if (!params.containsKey(used)) {
        throw new IllegalArgumentException(name + ": placeholder {{" + used + "}} has no parameter with a pattern");
      }
    }
    return declared;
  }

  private static Param param(String action, String name, JsonNode spec) {
    if (!name.matches("[A-Za-z_][A-Za-z0-9_]{0,63}")) {
      throw new IllegalArgumentException(action + ": parameter name '" + name + "' must be letters, digits and _");
    }
    if (spec == null || !spec.isObject() || !spec.path("pattern").isTextual() || spec.path("pattern").asText().isEmpty()) {
      throw new IllegalArgumentException(action + ": parameter '" + name + "' needs a pattern ({pattern: \"^...$\"})");
    }
    for (var it = spec.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!key.equals("pattern") && !key.equals("description")) {
        throw new IllegalArgumentException(action + ": parameter '" + name + "' has unknown key '" + key
            + "' (known: pattern, description)");
      }
    }
    String pattern = spec.get("pattern").asText();
    if (pattern.length() > MAX_PATTERN_CHARS) {
      throw new IllegalArgumentException(action + ": the pattern of '" + name + "' is longer than " + MAX_PATTERN_CHARS);
    }
    try {
      Pattern.compile(pattern);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(action + ": the pattern of '" + name + "' is not a regular expression: "
          + e.getDescription());
    }
    String description = spec.path("description").isValueNode() ? spec.path("description").asText() : "";
    return new Param(pattern, description);
  }

  private static String risk(String action, JsonNode node) {
    if (node == null || node.isNull()) {
      return "high"; // undeclared risk: treated as the riskiest, so two people must agree
    }
    String risk = node.asText().strip().toLowerCase(java.util.Locale.ROOT);
    if (!RISKS.contains(risk)) {
      throw new IllegalArgumentException(action + ": risk must be low, medium or high, got '" + node.asText() + "'");
    }
    return risk;
  }

  private static int timeout(String action, JsonNode node) {
    if (node == null || node.isNull()) {
      return DEFAULT_TIMEOUT_SECONDS;
    }
    if (!node.canConvertToInt() || node.asInt() < 1 || node.asInt() > MAX_TIMEOUT_SECONDS || !node.isIntegralNumber()) {
      throw new IllegalArgumentException(action + ": timeout_seconds must be a whole number from 1 to "
          + MAX_TIMEOUT_SECONDS);
    }
    return node.asInt();
  }

  private static String text(JsonNode node, String key, boolean required) {
    JsonNode value = node.get(key);
    if (value == null || value.isNull()) {
      if (required) {
        throw new IllegalArgumentException("missing '" + key + "'");
      }
      return "";
    }
    if (!value.isValueNode()) {
      throw new IllegalArgumentException("'" + key + "' must be a string");
    }
    return value.asText().strip();
  }

  /** The JSON stored in the index (snake_case, as the API shows it). */
  public ObjectNode toJson() {
    ObjectNode node = JSON.createObjectNode()
        .put("name", name)
        .put("description", description);
    var argv = node.putArray("run");
    run.forEach(argv::add);
    ObjectNode ps = node.putObject("params");
    params.forEach((key, p) -> ps.putObject(key).put("pattern", p.pattern()).put("description", p.description()));
    node.put("risk", risk).put("timeout_seconds", timeoutSeconds).put("start_line", startLine).put("end_line", endLine);
    return node;
  }

  /** Reads {@link #toJson()}'s form back (validated again: a stored declaration is never trusted blindly). */
  public static ActionDeclaration fromJson(JsonNode node) {
    ObjectNode copy = ((ObjectNode) node).deepCopy();
    int start = copy.path("start_line").asInt(1);
    int end = copy.path("end_line").asInt(start);
    copy.remove("start_line");
    copy.remove("end_line");
    return parse(copy, start, end);
  }
}
