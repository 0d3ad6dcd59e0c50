package dev.opsmind.inference.generate.json;

import dev.opsmind.inference.generate.json.JsonSchema.Kind;
import dev.opsmind.inference.generate.json.JsonSchema.Node;
import java.nio.charset.StandardCharsets;

/**
 * A byte-at-a-time recognizer of one JSON value (RFC 8259) of a {@link JsonSchema}, for
 * constrained decoding: {@link #accept} takes a byte when some text the schema allows continues
 * with it. The output starts at the root's first byte (no leading whitespace) and is
 * {@link #complete} when the root closes. Strings are held to JSON's rules (no control bytes,
 * valid escapes), not to UTF-8 validity: the bytes come from the model's own tokens. Nesting is
 * limited to {@link #MAX_DEPTH} and runs of whitespace to {@link #MAX_WHITESPACE} bytes with one line break, so a
 * constrained model cannot wander off into either for ever.
 *
 * <p>A refused byte may leave the state unusable: try bytes on a {@link #copy} (as
 * {@link JsonConstraint} does) unless they are known to be valid.
 *
 * <p>The state is a stack of frames, one per open value: its schema node, what it expects next
 * ({@code mode}), a counter ({@code index}: the next property of an object, the items of an
 * array) and scratch ({@code aux}, and {@code mask}: the property names or literal values still
 * matching). A number, or a literal that could go on, learns that it has ended from the next byte,
 * which then goes to the enclosing value.
 */
final class JsonGrammar {
  static final int MAX_DEPTH = 32;
  static final int MAX_WHITESPACE = 16;

  // modes of an object frame
  private static final int OBJ_FIRST = 0; // after '{': a key, or '}'
  private static final int OBJ_KEY = 1; // after ',': a key
  private static final int OBJ_NAME = 2; // inside a declared property's name (aux: bytes matched)
  private static final int OBJ_FREE_NAME = 3; // a free object's key is a string frame above this one
  private static final int OBJ_COLON = 4;
  private static final int OBJ_VALUE = 5; // after ':' (aux: the property)
  private static final int OBJ_AFTER = 6; // after a value: ',' or '}'
  // modes of an array frame
  private static final int ARR_FIRST = 10; // after '[': an item, or ']'
  private static final int ARR_ITEM = 11; // after ','
  private static final int ARR_AFTER = 12;
  // modes of a string frame
  private static final int STR = 20;
  private static final int STR_ESCAPE = 21;
  private static final int STR_HEX = 22; // aux: hex digits still to come
  // modes of a number frame
  private static final int NUM_MINUS = 30;
  private static final int NUM_ZERO = 31;
  private static final int NUM_INT = 32;
  private static final int NUM_DOT = 33;
  private static final int NUM_FRACTION = 34;
  private static final int NUM_EXP = 35;
  private static final int NUM_EXP_SIGN = 36;
  private static final int NUM_EXP_DIGITS = 37;
  // a literal frame: enum/const values, true/false/null (aux: bytes matched, mask: values left)
  private static final int LITERAL = 40;

  private static final byte[][] BOOLEANS = {bytes("true"), bytes("false")};
  private static final byte[][] NULL = {bytes("null")};
  private static final byte[][] TRUE_FALSE_NULL = {bytes("true"), bytes("false"), bytes("null")};

  /** Step outcomes. */
  private static final int TAKEN = 0;
  private static final int REFUSED = 1;
  private static final int ENDED = 2; // the top value ended before this byte: give it to the one below

  private final Node root;
  private final Node[] node = new Node[MAX_DEPTH];
  private final byte[][][] literals = new byte[MAX_DEPTH][][];
  private final int[] mode = new int[MAX_DEPTH];
  private final int[] index = new int[MAX_DEPTH];
  private final int[] aux = new int[MAX_DEPTH];
  private final long[] mask = new long[MAX_DEPTH];
  private int depth;
  private int whitespace;
  private boolean brokeLine;
  private boolean started;
  private boolean done;

  JsonGrammar(JsonSchema schema) {
    this.root = schema.root;
  }

  /** Any JSON object (response_format json_object). */
  JsonGrammar() {
    this(JsonSchema.ANY_OBJECT);
  }

  private JsonGrammar(Node root) {
    this.root = root;
  }

  JsonGrammar copy() {
    JsonGrammar c = new JsonGrammar(root);
    c.set(this);
    return c;
  }

  /** Becomes a copy of {@code other}, of the same schema (no allocation). */
  void set(JsonGrammar other) {
    int d = other.depth;
    System.arraycopy(other.node, 0, node, 0, d);
    System.arraycopy(other.literals, 0, literals, 0, d);
    System.arraycopy(other.mode, 0, mode, 0, d);
    System.arraycopy(other.index, 0, index, 0, d);
    System.arraycopy(other.aux, 0, aux, 0, d);
    System.arraycopy(other.mask, 0, mask, 0, d);
    depth = d;
    whitespace = other.whitespace;
    brokeLine = other.brokeLine;
    started = other.started;
    done = other.done;
  }

  boolean complete() {
    return done;
  }

  /** Inside a free string with no escape pending: any byte but '"', '\\' and controls keeps the state. */
  boolean inPlainString() {
    return depth > 0 && mode[depth - 1] == STR;
  }

  /** Takes {@code b} if text the schema allows can continue with it. */
  boolean accept(byte b) {
    int c = b & 0xff;
    if (done) {
      return false;
    }
    if (!started) {
      started = true;
      return root.canStartWith(c) && start(root, c) == TAKEN;
    }
    while (true) {
      int outcome = step(depth - 1, c);
      if (outcome != ENDED) {
        return outcome == TAKEN;
      }
      end(); // the top value is over; the byte is the enclosing value's
      if (done) {
        return false; // nothing follows the root
      }
    }
  }

  // ---- frames ----

  private int push(Node n, int m) {
    if (depth == MAX_DEPTH) {
      return REFUSED;
    }
    node[depth] = n;
    mode[depth] = m;
    index[depth] = 0;
    aux[depth] = 0;
    mask[depth] = 0;
    literals[depth] = null;
    depth++;
    whitespace = 0;
    brokeLine = false;
    return TAKEN;
  }

  /** The top value is complete: pop it and move its container on. */
  private void end() {
    depth--;
    whitespace = 0;
    brokeLine = false;
    if (depth == 0) {
      done = true;
      return;
    }
    int f = depth - 1;
    switch (mode[f]) {
      case OBJ_FREE_NAME -> mode[f] = OBJ_COLON;
      case OBJ_VALUE -> mode[f] = OBJ_AFTER;
      case ARR_FIRST, ARR_ITEM -> {
        mode[f] = ARR_AFTER;
        index[f]++;
      }
      default -> throw new IllegalStateException("a value ended inside mode " + mode[f]);
    }
  }

  /** Opens a value of node {@code n} at its first byte {@code c} (which it can start with). */
  private int start(Node n, int c) {
    return switch (n.kind) {
      case OBJECT -> push(n, OBJ_FIRST);
      case ARRAY -> push(n, ARR_FIRST);
      case STRING -> push(n, STR);
      case NUMBER, INTEGER -> push(n, NUM_INT) == TAKEN ? number(depth - 1, c) : REFUSED;
      case BOOLEAN -> literal(n, BOOLEANS, c);
      case NULL -> literal(n, NULL, c);
      case LITERALS -> literal(n, n.literals, c);
      case UNION -> {
        for (Node branch : n.branches) {
          if (branch.canStartWith(c)) {
            yield start(branch, c);
          }
        }
        yield REFUSED;
      }
      case ANY -> switch (c) {
        case '{' -> push(JsonSchema.ANY_OBJECT.root, OBJ_FIRST);
        case '[' -> push(JsonSchema.ANY_ARRAY, ARR_FIRST);
        case '"' -> push(JsonSchema.ANY_STRING, STR);
        case 't', 'f', 'n' -> literal(n, TRUE_FALSE_NULL, c);
        default -> push(JsonSchema.ANY_NUMBER, NUM_INT) == TAKEN ? number(depth - 1, c) : REFUSED;
      };
    };
  }

  private int literal(Node n, byte[][] values, int c) {
    long candidates = 0;
    for (int i = 0; i < values.length; i++) {
      if ((values[i][0] & 0xff) == c) {
        candidates |= 1L << i;
      }
    }
    if (candidates == 0 || push(n, LITERAL) != TAKEN) {
      return REFUSED;
    }
    int f = depth - 1;
    literals[f] = values;
    mask[f] = candidates;
    aux[f] = 1;
    return TAKEN;
  }

  // ---- one byte for frame f (the top) ----

  private int step(int f, int c) {
    return switch (mode[f]) {
      case OBJ_FIRST, OBJ_KEY, OBJ_NAME, OBJ_COLON, OBJ_VALUE, OBJ_AFTER -> object(f, c);
      case ARR_FIRST, ARR_ITEM, ARR_AFTER -> array(f, c);
      case STR, STR_ESCAPE, STR_HEX -> string(f, c);
      case LITERAL -> literalByte(f, c);
      default -> number(f, c);
    };
  }

  /**
   * Whitespace between tokens: spaces, tabs and at most one line break ('\n') in a run of at most
   * {@link #MAX_WHITESPACE} bytes (pretty-printed JSON needs a break and its indentation; a model
   * that likes blank lines would otherwise spend its tokens on them).
   */
  private boolean whitespace(int c) {
    if (whitespace >= MAX_WHITESPACE) {
      return false;
    }
    if (c == ' ' || c == '\t') { // no '\r': generated JSON never needs one, and some models repeat it
      whitespace++;
      return true;
    }
    if (c == '\n' && !brokeLine) {
      whitespace++;
      brokeLine = true;
      return true;
    }
    return false;
  }

  private int taken(int f, int next) {
    mode[f] = next;
    whitespace = 0;
    brokeLine = false;
    return TAKEN;
  }

  private int object(int f, int c) {
    Node n = node[f];
    boolean typed = JsonSchema.typedObject(n);
    switch (mode[f]) {
      case OBJ_FIRST, OBJ_KEY -> {
        if (whitespace(c)) {
          return TAKEN;
        }
        if (c == '"') {
          if (!typed) {
            mode[f] = OBJ_FREE_NAME;
            return push(JsonSchema.ANY_STRING, STR);
          }
          long candidates = nextKeys(n, index[f]);
          if (candidates == 0) {
            return REFUSED;
          }
          mask[f] = candidates;
          aux[f] = 0;
          return taken(f, OBJ_NAME);
        }
        if (c == '}' && mode[f] == OBJ_FIRST && mayClose(n, index[f])) {
          return close(f);
        }
        return REFUSED;
      }
      case OBJ_NAME -> {
        int at = aux[f];
        long left = 0;
        int ended = -1;
        for (long m = mask[f]; m != 0; m &= m - 1) {
          int p = Long.numberOfTrailingZeros(m);
          byte[] name = n.names[p];
          if (at < name.length && (name[at] & 0xff) == c) {
            left |= 1L << p;
          } else if (at == name.length && c == '"') {
            ended = p;
          }
        }
        if (ended >= 0) {
          aux[f] = ended; // the property whose value comes
          index[f] = ended + 1;
          return taken(f, OBJ_COLON);
        }
        if (left == 0) {
          return REFUSED;
        }
        mask[f] = left;
        aux[f] = at + 1;
        return TAKEN;
      }
      case OBJ_COLON -> {
        return whitespace(c) ? TAKEN : c == ':' ? taken(f, OBJ_VALUE) : REFUSED;
      }
      case OBJ_VALUE -> {
        if (whitespace(c)) {
          return TAKEN;
        }
        Node value = typed ? n.properties[aux[f]] : JsonSchema.ANY;
        return value.canStartWith(c) ? start(value, c) : REFUSED;
      }
      default -> { // OBJ_AFTER
        if (whitespace(c)) {
          return TAKEN;
        }
        if (c == ',' && (!typed || nextKeys(n, index[f]) != 0)) {
          return taken(f, OBJ_KEY);
        }
        if (c == '}' && mayClose(n, index[f])) {
          return close(f);
        }
        return REFUSED;
      }
    }
  }

  /** Declared properties that may come next: from {@code from} up to the first required one. */
  private static long nextKeys(Node n, int from) {
    long keys = 0;
    for (int p = from; p < n.names.length; p++) {
      keys |= 1L << p;
      if (n.required[p]) {
        break;
      }
    }
    return keys;
  }

  private static boolean mayClose(Node n, int from) {
    if (!JsonSchema.typedObject(n)) {
      return true;
    }
    for (int p = from; p < n.required.length; p++) {
      if (n.required[p]) {
        return false;
      }
    }
    return true;
  }

  /** The frame's closing byte: the value ends with it. */
  private int close(int f) {
    mode[f] = -1;
    end();
    return TAKEN;
  }

  private int array(int f, int c) {
    Node n = node[f];
    if (whitespace(c)) {
      return TAKEN;
    }
    switch (mode[f]) {
      case ARR_FIRST, ARR_ITEM -> {
        if (c == ']' && mode[f] == ARR_FIRST && n.minItems == 0) {
          return close(f);
        }
        if (index[f] < n.maxItems && n.items.canStartWith(c)) {
          return start(n.items, c);
        }
        return REFUSED;
      }
      default -> { // ARR_AFTER
        if (c == ',' && index[f] < n.maxItems) {
          return taken(f, ARR_ITEM);
        }
        if (c == ']' && index[f] >= n.minItems) {
          return close(f);
        }
        return REFUSED;
      }
    }
  }

  private int string(int f, int c) {
    switch (mode[f]) {
      case STR -> {
        if (c == '"') {
          return close(f);
        }
        if (c == '\\') {
          mode[f] = STR_ESCAPE;
          return TAKEN;
        }
        return c >= 0x20 ? TAKEN : REFUSED;
      }
      case STR_ESCAPE -> {
        if (c == 'u') {
          aux[f] = 4;
          mode[f] = STR_HEX;
          return TAKEN;
        }
        if (c == '"' || c == '\\' || c == '/' || c == 'b' || c == 'f' || c == 'n' || c == 'r' || c == 't') {
          mode[f] = STR;
          return TAKEN;
        }
        return REFUSED;
      }
      default -> { // STR_HEX
        if (!(digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
          return REFUSED;
        }
        if (--aux[f] == 0) {
          mode[f] = STR;
        }
        return TAKEN;
      }
    }
  }

  private static boolean digit(int c) {
    return c >= '0' && c <= '9';
  }

  /** Number modes; the frame was pushed in NUM_INT and gets its first byte here too. */
  private int number(int f, int c) {
    boolean integer = node[f].kind == Kind.INTEGER;
    boolean first = mode[f] == NUM_INT && aux[f] == 0;
    if (first) {
      aux[f] = 1;
      if (c == '-') {
        mode[f] = NUM_MINUS;
        return TAKEN;
      }
      mode[f] = c == '0' ? NUM_ZERO : NUM_INT;
      return digit(c) ? TAKEN : REFUSED;
    }
    switch (mode[f]) {
      case NUM_MINUS -> {
        if (!digit(c)) {
          return REFUSED;
        }
        mode[f] = c == '0' ? NUM_ZERO : NUM_INT;
        return TAKEN;
      }
      case NUM_ZERO, NUM_INT -> {
        if (mode[f] == NUM_INT && digit(c)) {
          return TAKEN;
        }
        if (!integer && c == '.') {
          mode[f] = NUM_DOT;
          return TAKEN;
        }
        if (!integer && (c == 'e' || c == 'E')) {
          mode[f] = NUM_EXP;
          return TAKEN;
        }
        return ENDED;
      }
      case NUM_DOT -> {
        if (!digit(c)) {
          return REFUSED;
        }
        mode[f] = NUM_FRACTION;
        return TAKEN;
      }
      case NUM_FRACTION -> {
        if (digit(c)) {
          return TAKEN;
        }
        if (c == 'e' || c == 'E') {
          mode[f] = NUM_EXP;
          return TAKEN;
        }
        return ENDED;
      }
      case NUM_EXP -> {
        if (c == '+' || c == '-') {
          mode[f] = NUM_EXP_SIGN;
          return TAKEN;
        }
        if (!digit(c)) {
          return REFUSED;
        }
        mode[f] = NUM_EXP_DIGITS;
        return TAKEN;
      }
      case NUM_EXP_SIGN -> {
        if (!digit(c)) {
          return REFUSED;
        }
        mode[f] = NUM_EXP_DIGITS;
        return TAKEN;
      }
      default -> { // NUM_EXP_DIGITS
        return digit(c) ? TAKEN : ENDED;
      }
    }
  }

  private int literalByte(int f, int c) {
    byte[][] values = literals[f];
    int at = aux[f];
    long left = 0;
    boolean whole = false;
    for (long m = mask[f]; m != 0; m &= m - 1) {
      int i = Long.numberOfTrailingZeros(m);
      byte[] v = values[i];
      if (at < v.length && (v[at] & 0xff) == c) {
        left |= 1L << i;
      } else if (at == v.length) {
        whole = true;
      }
    }
    if (left != 0) {
      mask[f] = left;
      aux[f] = at + 1;
      return TAKEN;
    }
    return whole ? ENDED : REFUSED;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("JsonGrammar[");
    for (int f = 0; f < depth; f++) {
      sb.append(node[f].kind).append(':').append(mode[f]).append(f + 1 < depth ? " " : "");
    }
    return sb.append(done ? " done]" : "]").toString();
  }
}
