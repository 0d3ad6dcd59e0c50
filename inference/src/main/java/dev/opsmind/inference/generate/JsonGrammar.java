package dev.opsmind.inference.generate;

import java.util.Arrays;

/**
 * A byte-at-a-time recognizer of one JSON object (RFC 8259) starting at its '{', for constrained decoding: {@link
 * #accept} takes a byte when some valid JSON text continues with it, and refuses it otherwise,
 * leaving the state as it was. {@link #complete} once the top-level object is closed. Strings
 * are checked for JSON's rules (no control bytes, valid escapes), not for UTF-8 validity: the
 * tokens' bytes come from the model's own vocabulary. Nesting is limited to {@link #MAX_DEPTH}
 * and runs of whitespace to {@link #MAX_WHITESPACE} bytes, so a constrained model cannot wander
 * off into either for ever.
 */
final class JsonGrammar {
  static final int MAX_DEPTH = 32;
  static final int MAX_WHITESPACE = 16;

  // What the next byte may be.
  private static final int START = 0; // the first byte: '{' (no leading whitespace to spend tokens on)
  private static final int KEY_OR_CLOSE = 1; // after '{': a key or '}'
  private static final int KEY = 2; // after ',' in an object
  private static final int COLON = 3; // after a key
  private static final int VALUE = 4; // after ':' or ',' in an array
  private static final int VALUE_OR_CLOSE = 5; // after '['
  private static final int AFTER_VALUE = 6; // ',' or the container's close
  private static final int STRING = 7; // inside a string (aux: 1 = it is a key)
  private static final int ESCAPE = 8; // after a backslash
  private static final int HEX = 9; // \\u digits (aux: digits still to come, key flag in bit 8)
  private static final int MINUS = 10; // number: after '-'
  private static final int ZERO = 11; // number: a leading 0
  private static final int INTEGER = 12; // number: digits
  private static final int DOT = 13; // number: after '.'
  private static final int FRACTION = 14; // number: fraction digits
  private static final int EXP = 15; // number: after e/E
  private static final int EXP_SIGN = 16; // number: after the exponent's sign
  private static final int EXP_DIGITS = 17; // number: exponent digits
  private static final int LITERAL = 18; // true/false/null (aux: which and how far)
  private static final int DONE = 19; // the top-level object is closed

  private static final byte OBJECT = 1;
  private static final byte ARRAY = 2;
  private static final byte[][] LITERALS = {"true".getBytes(), "false".getBytes(), "null".getBytes()};

  private int mode = START;
  private int aux;
  private int depth;
  private int whitespace;
  private byte[] stack = new byte[MAX_DEPTH];

  JsonGrammar copy() {
    JsonGrammar c = new JsonGrammar();
    c.set(this);
    return c;
  }

  /** Becomes a copy of {@code other} (no allocation). */
  void set(JsonGrammar other) {
    mode = other.mode;
    aux = other.aux;
    depth = other.depth;
    whitespace = other.whitespace;
    System.arraycopy(other.stack, 0, stack, 0, other.depth);
  }

  boolean complete() {
    return mode == DONE;
  }

  /** True while inside a string with no escape pending: any byte but '"', '\\' and controls keeps the state. */
  boolean inPlainString() {
    return mode == STRING;
  }

  /** Takes {@code b} if valid JSON can continue with it; otherwise returns false and changes nothing. */
  boolean accept(byte b) {
    int c = b & 0xff;
    return switch (mode) {
      case START -> c == '{' && open(OBJECT, KEY_OR_CLOSE);
      case KEY_OR_CLOSE -> whitespace(c) || (c == '"' && string(true)) || (c == '}' && close(OBJECT));
      case KEY -> whitespace(c) || (c == '"' && string(true));
      case COLON -> whitespace(c) || (c == ':' && to(VALUE));
      case VALUE -> whitespace(c) || value(c);
      case VALUE_OR_CLOSE -> whitespace(c) || value(c) || (c == ']' && close(ARRAY));
      case AFTER_VALUE -> afterValue(c);
      case STRING -> inString(c);
      case ESCAPE -> escape(c);
      case HEX -> hex(c);
      case MINUS -> (c == '0' && to(ZERO)) || (digit(c) && to(INTEGER));
      case ZERO -> (c == '.' && to(DOT)) || ((c == 'e' || c == 'E') && to(EXP)) || endNumber(c);
      case INTEGER -> digit(c) || (c == '.' && to(DOT)) || ((c == 'e' || c == 'E') && to(EXP)) || endNumber(c);
      case DOT -> digit(c) && to(FRACTION);
      case FRACTION -> digit(c) || ((c == 'e' || c == 'E') && to(EXP)) || endNumber(c);
      case EXP -> ((c == '+' || c == '-') && to(EXP_SIGN)) || (digit(c) && to(EXP_DIGITS));
      case EXP_SIGN -> digit(c) && to(EXP_DIGITS);
      case EXP_DIGITS -> digit(c) || endNumber(c);
      case LITERAL -> literalByte(c);
      default -> false; // DONE: nothing may follow
    };
  }

  private boolean to(int next) {
    mode = next;
    whitespace = 0;
    return true;
  }

  private boolean whitespace(int c) {
    if ((c == ' ' || c == '\n' || c == '\t' || c == '\r') && whitespace < MAX_WHITESPACE) {
      whitespace++;
      return true;
    }
    return false;
  }

  private static boolean digit(int c) {
    return c >= '0' && c <= '9';
  }

  private boolean open(byte container, int next) {
    if (depth == MAX_DEPTH) {
      return false;
    }
    stack[depth++] = container;
    return to(next);
  }

  private boolean close(byte container) {
    if (depth == 0 || stack[depth - 1] != container) {
      return false;
    }
    depth--;
    return to(depth == 0 ? DONE : AFTER_VALUE);
  }

  private boolean string(boolean key) {
    aux = key ? 1 : 0;
    return to(STRING);
  }

  private boolean value(int c) {
    return switch (c) {
      case '{' -> open(OBJECT, KEY_OR_CLOSE);
      case '[' -> open(ARRAY, VALUE_OR_CLOSE);
      case '"' -> string(false);
      case '-' -> to(MINUS);
      case '0' -> to(ZERO);
      case 't' -> startLiteral(0);
      case 'f' -> startLiteral(1);
      case 'n' -> startLiteral(2);
      default -> digit(c) && to(INTEGER);
    };
  }

  /** Starts literal {@code which} (its first byte just read). */
  private boolean startLiteral(int which) {
    aux = which << 8 | 1;
    return to(LITERAL);
  }

  private boolean literalByte(int c) {
    byte[] word = LITERALS[aux >> 8];
    int at = aux & 0xff;
    if (word[at] != c) {
      return false;
    }
    if (at + 1 == word.length) {
      return to(AFTER_VALUE);
    }
    aux++;
    return true;
  }

  private boolean afterValue(int c) {
    if (whitespace(c)) {
      return true;
    }
    byte container = stack[depth - 1];
    if (c == ',') {
      return to(container == OBJECT ? KEY : VALUE);
    }
    return (c == '}' && close(OBJECT)) || (c == ']' && close(ARRAY));
  }

  private boolean inString(int c) {
    if (c == '"') {
      return to(aux == 1 ? COLON : AFTER_VALUE);
    }
    if (c == '\\') {
      mode = ESCAPE;
      return true;
    }
    return c >= 0x20;
  }

  private boolean escape(int c) {
    if (c == 'u') {
      aux = (aux & 1) << 8 | 4;
      mode = HEX;
      return true;
    }
    if (c == '"' || c == '\\' || c == '/' || c == 'b' || c == 'f' || c == 'n' || c == 'r' || c == 't') {
      mode = STRING;
      return true;
    }
    return false;
  }

  private boolean hex(int c) {
    if (!(digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
      return false;
    }
    int left = (aux & 0xff) - 1;
    if (left == 0) {
      aux = aux >> 8; // back to the key flag
      mode = STRING;
    } else {
      aux = (aux & ~0xff) | left;
    }
    return true;
  }

  /** A number ends at a byte that is not part of it: that byte must then follow a value. */
  private boolean endNumber(int c) {
    int saved = mode;
    mode = AFTER_VALUE;
    whitespace = 0;
    if (depth > 0 && afterValue(c)) {
      return true;
    }
    mode = saved;
    return false;
  }

  @Override
  public String toString() {
    return "JsonGrammar[mode=" + mode + ", depth=" + depth + ", stack=" + Arrays.toString(Arrays.copyOf(stack, depth)) + "]";
  }
}
