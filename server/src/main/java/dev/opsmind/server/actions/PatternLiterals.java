package dev.opsmind.server.actions;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The values an enum-like parameter pattern allows, e.g. {@code ^(nginx|redis)\.service$} →
 * nginx.service, redis.service: literal text and non-nested groups of literal alternatives,
 * nothing else. A generator's call is held to these values (constrained decoding knows
 * {@code enum}, not {@code pattern}); every other pattern is only checked after the call.
 */
final class PatternLiterals {
  static final int MAX = 64;
  private static final String META = ".[]{}*+?|^$()\\";

  private PatternLiterals() {}

  /** The values, each matching the whole pattern; null when the pattern is not enum-like. */
  static List<String> of(String regex) {
    String r = regex;
    if (r.startsWith("^")) {
      r = r.substring(1);
    }
    if (r.endsWith("$") && !r.endsWith("\\$")) {
      r = r.substring(0, r.length() - 1);
    }
    List<String> out = List.of("");
    int i = 0;
    while (i < r.length()) {
      List<String> piece = new ArrayList<>();
      if (r.charAt(i) == '(') {
        i++;
        if (r.startsWith("?:", i)) {
          i += 2;
        }
        StringBuilder alt = new StringBuilder();
        while (true) {
          if (i >= r.length()) {
            return null;
          }
          char c = r.charAt(i);
          if (c == ')') {
            piece.add(alt.toString());
            i++;
            break;
          } else if (c == '|') {
            piece.add(alt.toString());
            alt.setLength(0);
            i++;
          } else {
            int next = literal(r, i, alt);
            if (next < 0) {
              return null;
            }
            i = next;
          }
        }
      } else {
        StringBuilder one = new StringBuilder();
        i = literal(r, i, one);
        if (i < 0) {
          return null;
        }
        piece.add(one.toString());
      }
      List<String> product = new ArrayList<>();
      for (String head : out) {
        for (String tail : piece) {
          product.add(head + tail);
        }
      }
      if (product.size() > MAX) {
        return null;
      }
      out = product;
    }
    Pattern compiled = Pattern.compile(regex);
    for (String value : out) {
      if (value.isEmpty() || !compiled.matcher(value).matches()) {
        return null;
      }
    }
    return List.copyOf(new java.util.LinkedHashSet<>(out));
  }

  /** Appends the literal character at {@code i} (an escaped punctuation mark, or a plain one); -1 for a metacharacter. */
  private static int literal(String r, int i, StringBuilder to) {
    char c = r.charAt(i);
    if (c == '\\') {
      if (i + 1 >= r.length() || Character.isLetterOrDigit(r.charAt(i + 1))) {
        return -1; // \d, \w, \s, back-references: not a literal
      }
      to.append(r.charAt(i + 1));
      return i + 2;
    }
    if (META.indexOf(c) >= 0) {
      return -1;
    }
    to.append(c);
    return i + 1;
  }
}
