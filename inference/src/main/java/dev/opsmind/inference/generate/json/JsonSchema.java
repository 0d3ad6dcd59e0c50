package dev.opsmind.inference.generate.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The shape constrained decoding holds the output to ({@link JsonGrammar}): a tree of nodes
 * compiled from a JSON Schema, or {@link #ANY_OBJECT} (any JSON object: response_format
 * json_object). What is enforced: {@code type} (object, array, string, number, integer, boolean,
 * null, or a list of them), {@code properties} with {@code required} (an object holds only its
 * declared properties, in the declared order; optional ones may be left out), {@code items},
 * {@code minItems}/{@code maxItems}, {@code enum} and {@code const}, {@code anyOf}/{@code oneOf}
 * whose branches begin differently (e.g. a value or null), and local {@code $ref}s
 * ({@code #/$defs/...}, {@code #/definitions/...}). Anything else (patterns, formats, lengths,
 * numeric bounds, branches that begin alike) is not enforced beyond being valid JSON: such a node
 * accepts any value of its type.
 */
public final class JsonSchema {
  /** Node kinds. */
  enum Kind { ANY, OBJECT, ARRAY, STRING, NUMBER, INTEGER, BOOLEAN, NULL, LITERALS, UNION }

  static final int MAX_PROPERTIES = 64;
  static final int MAX_LITERALS = 64;
  private static final int MAX_REF_DEPTH = 8;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One node: what a value at this place may be. */
  static final class Node {
    final Kind kind;
    /** OBJECT: property names as the bytes between their quotes (JSON-escaped), in order. */
    final byte[][] names;
    final Node[] properties;
    final boolean[] required;
    /** ARRAY: the items' node; minimum and maximum count. */
    final Node items;
    final int minItems;
    final int maxItems;
    /** LITERALS: the allowed values as compact JSON texts; STRING with an enum: LITERALS instead. */
    final byte[][] literals;
    /** UNION: branches, told apart by their first byte. */
    final Node[] branches;

    private Node(Kind kind, byte[][] names, Node[] properties, boolean[] required, Node items, int minItems,
        int maxItems, byte[][] literals, Node[] branches) {
      this.kind = kind;
      this.names = names;
      this.properties = properties;
      this.required = required;
      this.items = items;
      this.minItems = minItems;
      this.maxItems = maxItems;
      this.literals = literals;
      this.branches = branches;
    }

    static Node of(Kind kind) {
      return new Node(kind, null, null, null, null, 0, Integer.MAX_VALUE, null, null);
    }

    /** Whether a value of this node can begin with byte {@code c}. */
    boolean canStartWith(int c) {
      return switch (kind) {
        case ANY -> c == '{' || c == '[' || c == '"' || c == '-' || (c >= '0' && c <= '9') || c == 't' || c == 'f'
            || c == 'n';
        case OBJECT -> c == '{';
        case ARRAY -> c == '[';
        case STRING -> c == '"';
        case NUMBER, INTEGER -> c == '-' || (c >= '0' && c <= '9');
        case BOOLEAN -> c == 't' || c == 'f';
        case NULL -> c == 'n';
        case LITERALS -> {
          for (byte[] l : literals) {
            if ((l[0] & 0xff) == c) {
              yield true;
            }
          }
          yield false;
        }
        case UNION -> {
          for (Node b : branches) {
            if (b.canStartWith(c)) {
              yield true;
            }
          }
          yield false;
        }
      };
    }
  }

  /** Any value; an array of any values; a string. */
  static final Node ANY = Node.of(Kind.ANY);
  static final Node ANY_ARRAY = new Node(Kind.ARRAY, null, null, null, ANY, 0, Integer.MAX_VALUE, null, null);
  static final Node ANY_STRING = Node.of(Kind.STRING);
  static final Node ANY_NUMBER = Node.of(Kind.NUMBER);

  /** Any JSON object (response_format json_object). */
  public static final JsonSchema ANY_OBJECT = new JsonSchema(
      new Node(Kind.OBJECT, null, null, null, null, 0, Integer.MAX_VALUE, null, null), false);

  final Node root;
  /** Whether the schema holds parts that are only checked as valid JSON (see the class comment). */
  private final boolean partial;

  private JsonSchema(Node root, boolean partial) {
    this.root = root;
    this.partial = partial;
  }

  /**
   * Compiles a JSON Schema whose root is an object (OpenAI's structured outputs require that).
   *
   * @throws IllegalArgumentException when the schema is not an object schema, saying why
   */
  public static JsonSchema compile(JsonNode schema) {
    if (schema == null || !schema.isObject()) {
      throw new IllegalArgumentException("the schema must be a JSON object");
    }
    Compiler c = new Compiler(schema);
    Node root = c.node(schema, 0);
    if (root.kind != Kind.OBJECT && root.kind != Kind.ANY) {
      throw new IllegalArgumentException("the schema's root must be an object (type: object), got " + root.kind
          .name().toLowerCase(java.util.Locale.ROOT));
    }
    if (root.kind == Kind.ANY) {
      root = ANY_OBJECT.root;
    }
    return new JsonSchema(root, c.partial);
  }

  /** Whether constrained decoding could write exactly this text (the enforced rules; no leading whitespace). */
  public boolean accepts(String json) {
    JsonGrammar g = new JsonGrammar(this);
    for (byte b : json.getBytes(StandardCharsets.UTF_8)) {
      if (!g.accept(b)) {
        return false;
      }
    }
    return g.complete();
  }

  /** True when some part of the schema is only held to valid JSON, not to its own rules. */
  public boolean partial() {
    return partial;
  }

  /** True for an object with declared properties (free objects have none). */
  static boolean typedObject(Node n) {
    return n.kind == Kind.OBJECT && n.names != null;
  }

  private static final class Compiler {
    final JsonNode document;
    boolean partial;
    final Map<String, Node> refs = new HashMap<>();

    Compiler(JsonNode document) {
      this.document = document;
    }

    Node node(JsonNode s, int refDepth) {
      if (s == null || s.isBoolean() || !s.isObject() || s.isEmpty()) {
        return Node.of(Kind.ANY); // true / {} = anything
      }
      if (s.has("$ref")) {
        return ref(s.get("$ref").asText(), refDepth);
      }
      if (s.has("const")) {
        return literals(List.of(s.get("const")));
      }
      if (s.has("enum") && s.get("enum").isArray() && !s.get("enum").isEmpty()) {
        List<JsonNode> values = new ArrayList<>();
        s.get("enum").forEach(values::add);
        return literals(values);
      }
      JsonNode alternatives = s.has("anyOf") ? s.get("anyOf") : s.get("oneOf");
      if (alternatives != null && alternatives.isArray() && !alternatives.isEmpty()) {
        List<Node> branches = new ArrayList<>();
        alternatives.forEach(a -> branches.add(node(a, refDepth)));
        return union(branches);
      }
      noteUnenforced(s);
      JsonNode type = s.get("type");
      if (type != null && type.isArray()) {
        List<Node> branches = new ArrayList<>();
        for (JsonNode t : type) {
          branches.add(typed(t.asText(), s, refDepth));
        }
        return union(branches);
      }
      if (type == null) {
        if (s.has("properties")) {
          return typed("object", s, refDepth);
        }
        if (s.has("items")) {
          return typed("array", s, refDepth);
        }
        return Node.of(Kind.ANY); // no type: any value, as JSON Schema says
      }
      return typed(type.asText(), s, refDepth);
    }

    private void noteUnenforced(JsonNode s) {
      for (String keyword : List.of("pattern", "format", "minLength", "maxLength", "minimum", "maximum",
          "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "uniqueItems", "patternProperties", "allOf", "not",
          "if", "dependentRequired", "minProperties", "maxProperties")) {
        if (s.has(keyword)) {
          partial = true;
        }
      }
      JsonNode additional = s.get("additionalProperties");
      if (additional != null && !(additional.isBoolean() && !additional.booleanValue())) {
        partial = true; // extra properties of a declared object are not generated
      }
    }

    private Node typed(String type, JsonNode s, int refDepth) {
      return switch (type) {
        case "object" -> object(s, refDepth);
        case "array" -> {
          JsonNode items = s.get("items");
          int min = s.path("minItems").asInt(0);
          int max = s.has("maxItems") ? s.get("maxItems").asInt() : Integer.MAX_VALUE;
          if (min < 0 || max < min) {
            throw new IllegalArgumentException("minItems/maxItems cannot be met: " + min + ".." + max);
          }
          yield new Node(Kind.ARRAY, null, null, null, items == null ? Node.of(Kind.ANY) : node(items, refDepth), min,
              max, null, null);
        }
        case "string" -> Node.of(Kind.STRING);
        case "number" -> Node.of(Kind.NUMBER);
        case "integer" -> Node.of(Kind.INTEGER);
        case "boolean" -> Node.of(Kind.BOOLEAN);
        case "null" -> Node.of(Kind.NULL);
        default -> throw new IllegalArgumentException("unknown type '" + type + "'");
      };
    }

    private Node object(JsonNode s, int refDepth) {
      JsonNode props = s.get("properties");
      if (props == null || !props.isObject() || props.isEmpty()) {
        return ANY_OBJECT.root; // free keys, any values
      }
      if (props.size() > MAX_PROPERTIES) {
        partial = true;
        return ANY_OBJECT.root;
      }
      Set<String> required = new LinkedHashSet<>();
      s.path("required").forEach(r -> required.add(r.asText()));
      int n = props.size();
      byte[][] names = new byte[n][];
      Node[] nodes = new Node[n];
      boolean[] req = new boolean[n];
      int i = 0;
      for (var e : props.properties()) {
        names[i] = quotedContent(e.getKey());
        nodes[i] = node(e.getValue(), refDepth);
        req[i] = required.remove(e.getKey());
        i++;
      }
      if (!required.isEmpty()) {
        throw new IllegalArgumentException("required names properties the schema does not declare: " + required);
      }
      return new Node(Kind.OBJECT, names, nodes, req, null, 0, Integer.MAX_VALUE, null, null);
    }

    private Node ref(String ref, int refDepth) {
      if (!ref.startsWith("#/")) {
        throw new IllegalArgumentException("only local $refs (#/...) are supported, got " + ref);
      }
      if (refDepth >= MAX_REF_DEPTH) {
        partial = true; // a recursive schema: deeper levels take any value
        return Node.of(Kind.ANY);
      }
      JsonNode target = document.at(ref.substring(1));
      if (target.isMissingNode()) {
        throw new IllegalArgumentException("$ref " + ref + " points at nothing");
      }
      String key = ref + "@" + refDepth;
      Node cached = refs.get(key);
      if (cached == null) {
        cached = node(target, refDepth + 1);
        refs.put(key, cached);
      }
      return cached;
    }

    private Node union(List<Node> branches) {
      // Branches must be told apart by their first byte: no backtracking in the grammar.
      for (int c = 0; c < 128; c++) {
        int starting = 0;
        for (Node b : branches) {
          starting += b.canStartWith(c) ? 1 : 0;
        }
        if (starting > 1) {
          partial = true;
          return Node.of(Kind.ANY);
        }
      }
      return branches.size() == 1 ? branches.get(0)
          : new Node(Kind.UNION, null, null, null, null, 0, Integer.MAX_VALUE, null, branches.toArray(Node[]::new));
    }

    private Node literals(List<JsonNode> values) {
      if (values.size() > MAX_LITERALS) {
        partial = true;
        return Node.of(Kind.ANY);
      }
      byte[][] texts = new byte[values.size()][];
      for (int i = 0; i < texts.length; i++) {
        try {
          texts[i] = JSON.writeValueAsBytes(values.get(i));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
          throw new IllegalArgumentException("enum value " + values.get(i) + " cannot be written", e);
        }
      }
      return new Node(Kind.LITERALS, null, null, null, null, 0, Integer.MAX_VALUE, texts, null);
    }
  }

  /** A property name as it appears between the quotes of a JSON key. */
  private static byte[] quotedContent(String name) {
    try {
      String quoted = JSON.writeValueAsString(name);
      return quoted.substring(1, quoted.length() - 1).getBytes(StandardCharsets.UTF_8);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException("property name cannot be written: " + name, e);
    }
  }
}
