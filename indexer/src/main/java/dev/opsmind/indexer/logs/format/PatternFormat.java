package dev.opsmind.indexer.logs.format;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A header format from a pattern, in one of three spellings:
 * <ul>
 *   <li>{@code %{timestamp} %{level} [%{thread}] %{component} - %{message}}: placeholders, the text
 *       between them literal (any run of spaces matches any run of whitespace); {@code %{name:REGEX}}
 *       gives a placeholder its own regex;
 *   <li>{@code <Date> <Time> <Level> <Component>: <Content>}: Loghub's benchmark syntax, the text
 *       between placeholders a regex;
 *   <li>{@code regex:...}: a Java regex with named groups.
 * </ul>
 * Group names choose the field: timestamp/date/time/month/day/year (joined in order), level
 * (severity, type), component (logger, program, source), pid (process), thread (tid), message
 * (content, msg); the session key's name (configurable) fills the session; others are ignored.
 */
public final class PatternFormat implements LineFormat {
  private static final Pattern PERCENT = Pattern.compile("%\\{([A-Za-z][A-Za-z0-9]*)(?::((?:[^{}]|\\{[^}]*\\})*))?\\}");
  private static final Pattern ANGLE = Pattern.compile("<([A-Za-z][A-Za-z0-9]*)>");

  private final String name;
  private final Pattern pattern;
  private final List<String> groups;
  private final String sessionGroup;

  private PatternFormat(String name, Pattern pattern, List<String> groups, String sessionGroup) {
    this.name = name;
    this.pattern = pattern;
    this.groups = groups;
    this.sessionGroup = sessionGroup;
  }

  /** Compiles a pattern; a bad one is an IllegalArgumentException naming the format. */
  public static PatternFormat compile(String name, String spec) {
    return compile(name, spec, null);
  }

  public static PatternFormat compile(String name, String spec, String sessionGroup) {
    if (name == null || name.isBlank()) throw new IllegalArgumentException("a log format needs a name");
    if (spec == null || spec.isBlank()) throw new IllegalArgumentException("log format " + name + " has an empty pattern");
    List<String> groups = new ArrayList<>();
    String regex;
    if (spec.startsWith("regex:")) {
      regex = spec.substring("regex:".length());
      Matcher g = Pattern.compile("\\(\\?<([a-zA-Z][a-zA-Z0-9]*)>").matcher(regex);
      while (g.find()) groups.add(g.group(1));
    } else if (PERCENT.matcher(spec).find()) {
      regex = translate(spec, PERCENT, groups, true);
    } else if (ANGLE.matcher(spec).find()) {
      regex = translate(spec, ANGLE, groups, false);
    } else {
      throw new IllegalArgumentException("log format " + name + " has no %{field}, <Field> or regex: groups: " + spec);
    }
    try {
      return new PatternFormat(name, Pattern.compile(regex), List.copyOf(groups), sessionGroup);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("log format " + name + " is not a valid pattern: " + e.getDescription(), e);
    }
  }

  private static String translate(String spec, Pattern placeholder, List<String> groups, boolean literal) {
    StringBuilder re = new StringBuilder("^");
    Matcher m = placeholder.matcher(spec);
    int last = 0;
    List<int[]> spans = new ArrayList<>();
    while (m.find()) spans.add(new int[] {m.start(), m.end()});
    m.reset();
    int index = 0;
    while (m.find()) {
      re.append(between(spec.substring(last, m.start()), literal));
      String group = m.group(1);
      if (groups.contains(group)) throw new IllegalArgumentException("field " + group + " appears twice in " + spec);
      groups.add(group);
      String own = literal && m.groupCount() >= 2 ? m.group(2) : null;
      boolean lastGroup = ++index == spans.size() && m.end() == spec.length();
      re.append("(?<").append(group).append('>').append(own != null ? own : lastGroup ? ".*" : ".*?").append(')');
      last = m.end();
    }
    re.append(between(spec.substring(last), literal)).append('$');
    return re.toString();
  }

  private static String between(String text, boolean literal) {
    if (text.isEmpty()) return "";
    if (!literal) return text.replaceAll(" +", "\\\\s+");
    StringBuilder out = new StringBuilder();
    for (String part : text.split("((?<= )|(?= ))")) {
      if (part.equals(" ")) {
        if (out.length() < 3 || !out.substring(out.length() - 3).equals("\\s+")) out.append("\\s+");
      } else {
        out.append(Pattern.quote(part));
      }
    }
    return out.toString();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public LogRecord parse(String source, long line, String text) {
    Matcher m = pattern.matcher(text);
    if (!m.matches()) return null;
    StringBuilder time = new StringBuilder();
    String level = null, component = null, pid = null, thread = null, session = null, message = null;
    for (String g : groups) {
      String v = m.group(g);
      if (v == null) continue;
      if (g.equals(sessionGroup)) session = v;
      switch (g.toLowerCase(Locale.ROOT)) {
        case "timestamp", "date", "time", "month", "day", "year", "datetime" -> {
          if (!time.isEmpty()) time.append(' ');
          time.append(v);
        }
        case "level", "severity", "type", "levelname", "loglevel" -> level = v;
        case "component", "logger", "program", "source", "name", "class" -> component = v;
        case "pid", "process" -> pid = v;
        case "thread", "tid" -> thread = v;
        case "message", "content", "msg" -> message = v;
        default -> { }
      }
    }
    if (message == null) message = "";
    String ts = time.isEmpty() ? null : time.toString();
    return new LogRecord(source, line, line, ts, Timestamps.parse(ts), level, component, pid, thread, session, message);
  }

  @Override
  public String toString() {
    return name + " " + pattern.pattern();
  }
}
