package dev.opsmind.inference.tokenizer;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.filter.AdvancedFilter;
import java.lang.reflect.Array;
import java.util.Map;

/**
 * {@code tojson} as Hugging Face's template renderer defines it: Python's
 * {@code json.dumps(x, ensure_ascii=False, indent=indent)}, i.e. {@code ", "} and {@code ": "}
 * separators (or newlines and {@code indent} spaces), non-ASCII kept as is. Jinjava's own tojson
 * writes compact JSON, which would change the prompt a model was trained on (tool calls).
 */
public final class PythonJsonFilter implements AdvancedFilter {
  @Override
  public String getName() {
    return "tojson";
  }

  @Override
  public Object filter(Object var, JinjavaInterpreter interpreter, Object[] args, Map<String, Object> kwargs) {
    Object indent = kwargs.getOrDefault("indent", args.length > 0 ? args[0] : null);
    int n = indent == null ? -1 : Integer.parseInt(indent.toString());
    StringBuilder out = new StringBuilder();
    write(var, n, 0, out);
    return out.toString();
  }

  /** Python json.dumps(value, ensure_ascii=False, indent=indent < 0 ? None : indent). */
  public static String dumps(Object value, int indent) {
    StringBuilder out = new StringBuilder();
    write(value, indent, 0, out);
    return out.toString();
  }

  private static void write(Object v, int indent, int depth, StringBuilder out) {
    if (v == null) {
      out.append("null");
    } else if (v instanceof Boolean b) {
      out.append(b ? "true" : "false");
    } else if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      out.append(d == Math.rint(d) && !Double.isInfinite(d) ? String.format("%.1f", d) : Double.toString(d));
    } else if (v instanceof Number num) {
      out.append(num);
    } else if (v instanceof Map<?, ?> map) {
      if (map.isEmpty()) {
        out.append("{}");
        return;
      }
      out.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : map.entrySet()) {
        separator(first, indent, depth + 1, out);
        first = false;
        string(String.valueOf(e.getKey()), out);
        out.append(": ");
        write(e.getValue(), indent, depth + 1, out);
      }
      close(indent, depth, out);
      out.append('}');
    } else if (v instanceof Iterable<?> || v.getClass().isArray()) {
      java.util.List<Object> items = new java.util.ArrayList<>();
      if (v instanceof Iterable<?> it) {
        it.forEach(items::add);
      } else {
        for (int i = 0; i < Array.getLength(v); i++) {
          items.add(Array.get(v, i));
        }
      }
      if (items.isEmpty()) {
        out.append("[]");
        return;
      }
      out.append('[');
      boolean first = true;
      for (Object item : items) {
        separator(first, indent, depth + 1, out);
        first = false;
        write(item, indent, depth + 1, out);
      }
      close(indent, depth, out);
      out.append(']');
    } else {
      string(v.toString(), out);
    }
  }

  private static void separator(boolean first, int indent, int depth, StringBuilder out) {
    if (!first) {
      out.append(indent < 0 ? ", " : ",");
    }
    if (indent >= 0) {
      out.append('\n').append(" ".repeat(indent * depth));
    }
  }

  private static void close(int indent, int depth, StringBuilder out) {
    if (indent >= 0) {
      out.append('\n').append(" ".repeat(indent * depth));
    }
  }

  private static void string(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
