package dev.opsmind.indexer.logs.format;

/**
 * The built-in {@code log4j} format read by a hand-written scanner: the same records as its
 * regex ({@link #REGEX}, kept as the specification and as the fallback), without the regex
 * engine, which took about a third of a diagnosis's time on Log4j logs (bench/README.md).
 * <pre>2024-03-01 10:00:00,123 INFO  [worker-3] com.acme.Pool - message</pre>
 * timestamp ({@code yyyy-MM-dd[ T]HH:mm:ss}, optional {@code .,}fraction and zone), level, an
 * optional {@code [thread]}, an optional {@code component[:line]} followed by {@code -} or
 * {@code :}, then the message. A line the scanner is not sure of (one holding a line terminator
 * the regex's {@code .} would refuse) goes to the regex.
 */
final class Log4jFormat implements LineFormat {
  static final String ISO = "\\d{4}-\\d\\d-\\d\\d[ T]\\d\\d:\\d\\d:\\d\\d(?:[.,]\\d+)?(?:Z|[+-]\\d\\d:?\\d\\d)?";
  static final String LEVEL = "TRACE|DEBUG|INFO|NOTICE|WARN|WARNING|ERROR|SEVERE|FATAL|CRITICAL";
  static final String REGEX = "regex:^(?<timestamp>" + ISO + ")\\s+(?<level>" + LEVEL + ")\\s+"
      + "(?:\\[(?<thread>[^\\]]*)\\]\\s+)?(?:(?<component>[\\w.$]+(?::\\d+)?)\\s*(?:-|:)\\s+)?(?<message>.*)$";
  private static final String[] LEVELS = LEVEL.split("\\|");

  private final String name;
  private final PatternFormat regex;

  Log4jFormat(String name) {
    this.name = name;
    this.regex = PatternFormat.compile(name, REGEX);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public LogRecord parse(String source, long line, String text) {
    int n = text.length();
    for (int k = 0; k < n; k++) {
      char c = text.charAt(k);
      if (c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029') return regex.parse(source, line, text);
    }
    int i = isoEnd(text);
    if (i < 0) return null;
    String timestamp = text.substring(0, i);
    int ws = spaces(text, i);
    if (ws == i) return null;
    i = ws;
    String level = null;
    for (String l : LEVELS) {
      // the regex tries the levels in order and needs whitespace after one: WARN, then WARNING
      if (text.startsWith(l, i) && i + l.length() < n && isSpace(text.charAt(i + l.length()))) {
        level = l;
        break;
      }
    }
    if (level == null) return null;
    i = spaces(text, i + level.length());
    String thread = null;
    if (i < n && text.charAt(i) == '[') {
      int close = text.indexOf(']', i + 1);
      if (close > 0 && close + 1 < n && isSpace(text.charAt(close + 1))) {
        thread = text.substring(i + 1, close);
        i = spaces(text, close + 1);
      }
    }
    String component = null;
    int w = i;
    while (w < n && isComponentChar(text.charAt(w))) w++;
    if (w > i) {
      int end = -1;
      int after = -1;
      // with a ":line" suffix first (the regex's optional group is greedy), then without
      if (w + 1 < n && text.charAt(w) == ':' && isDigit(text.charAt(w + 1))) {
        int d = w + 1;
        while (d < n && isDigit(text.charAt(d))) d++;
        after = separatorEnd(text, d);
        if (after >= 0) end = d;
      }
      if (end < 0) {
        after = separatorEnd(text, w);
        if (after >= 0) end = w;
      }
      if (end >= 0) {
        component = text.substring(i, end);
        i = after;
      }
    }
    String ts = timestamp;
    return new LogRecord(source, line, line, ts, Timestamps.parse(ts), level, component, null, thread, null, text.substring(i));
  }

  /** After {@code \s*(?:-|:)\s+} from {@code from}: where the message starts, or -1. */
  private static int separatorEnd(String s, int from) {
    int i = spaces(s, from);
    if (i >= s.length() || (s.charAt(i) != '-' && s.charAt(i) != ':')) return -1;
    int j = spaces(s, i + 1);
    return j == i + 1 ? -1 : j;
  }

  /** The end of the ISO timestamp at the start, or -1. */
  private static int isoEnd(String s) {
    int n = s.length();
    if (n < 19) return -1;
    for (int k = 0; k < 19; k++) {
      char c = s.charAt(k);
      boolean ok = switch (k) {
        case 4, 7 -> c == '-';
        case 10 -> c == ' ' || c == 'T';
        case 13, 16 -> c == ':';
        default -> isDigit(c);
      };
      if (!ok) return -1;
    }
    int i = 19;
    if (i + 1 < n && (s.charAt(i) == '.' || s.charAt(i) == ',') && isDigit(s.charAt(i + 1))) {
      i += 2;
      while (i < n && isDigit(s.charAt(i))) i++;
    }
    if (i < n && s.charAt(i) == 'Z') return i + 1;
    if (i + 4 < n && (s.charAt(i) == '+' || s.charAt(i) == '-') && isDigit(s.charAt(i + 1)) && isDigit(s.charAt(i + 2))) {
      int j = i + 3;
      if (j < n && s.charAt(j) == ':') j++;
      if (j + 1 < n && isDigit(s.charAt(j)) && isDigit(s.charAt(j + 1))) return j + 2;
      // "+01:" then one digit: the regex's ":?" can give the colon back, which cannot help either
    }
    return i;
  }

  private static int spaces(String s, int i) {
    while (i < s.length() && isSpace(s.charAt(i))) i++;
    return i;
  }

  /** Java regex {@code \s}: space, tab, newline, vertical tab, form feed, carriage return. */
  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** Java regex {@code [\w.$]}. */
  private static boolean isComponentChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '$';
  }
}
