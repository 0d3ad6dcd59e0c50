package dev.opsmind.indexer.logs.format;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The named header formats: built-ins for the common logs, plus a site's own from config (a
 * pattern per name, see {@link PatternFormat}). {@code auto} tries every built-in on each line,
 * the last one that matched first.
 */
public final class LogFormats {
  public static final String AUTO = "auto";
  private static final String ISO = Log4jFormat.ISO;
  private static final String LEVEL = Log4jFormat.LEVEL;

  private final Map<String, LineFormat> formats = new LinkedHashMap<>();

  private LogFormats() {}

  /** The built-in formats. */
  public static LogFormats builtIn() {
    LogFormats f = new LogFormats();
    f.add(JsonLinesFormat.DEFAULT);
    f.add(JsonLinesFormat.JOURNALD);
    f.add(PatternFormat.compile("klog", "regex:^(?<level>[IWEF])(?<timestamp>\\d{4} \\d\\d:\\d\\d:\\d\\d\\.\\d+)\\s+"
        + "(?<pid>\\d+) (?<component>[^\\]\\s]+)\\] (?<message>.*)$"));
    f.add(PatternFormat.compile("syslog5424", "regex:^<\\d{1,3}>1 (?<timestamp>\\S+) (?<host>\\S+) (?<component>\\S+) "
        + "(?<pid>\\S+) (?<msgid>\\S+) (?<sd>-|(?:\\[[^\\]]*\\])+) ?(?<message>.*)$"));
    f.add(PatternFormat.compile("syslog", "regex:^(?:<\\d{1,3}>)?(?<timestamp>[A-Z][a-z]{2} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d) "
        + "(?<host>\\S+) (?<component>[^\\s\\[:]+)(?:\\[(?<pid>\\d+)\\])?: (?<message>.*)$"));
    f.add(PatternFormat.compile("logback", "regex:^(?<timestamp>" + ISO + "|\\d\\d:\\d\\d:\\d\\d\\.\\d+) \\[(?<thread>[^\\]]*)\\] "
        + "(?<level>" + LEVEL + ")\\s+(?<component>\\S+) - (?<message>.*)$"));
    f.add(new Log4jFormat("log4j"));
    f.add(PatternFormat.compile("python", "regex:^(?<timestamp>" + ISO + ") - (?<component>\\S+) - (?<level>" + LEVEL
        + ") - (?<message>.*)$"));
    f.add(PatternFormat.compile("python-basic", "regex:^(?<level>" + LEVEL + "):(?<component>[^:\\s]+):(?<message>.*)$"));
    f.add(PatternFormat.compile("nginx-error", "regex:^(?<timestamp>\\d{4}/\\d\\d/\\d\\d \\d\\d:\\d\\d:\\d\\d) "
        + "\\[(?<level>\\w+)\\] (?<pid>\\d+)#(?<thread>\\d+): (?<message>.*)$"));
    f.add(PatternFormat.compile("apache-error", "regex:^\\[(?<timestamp>[A-Z][a-z]{2} [A-Z][a-z]{2} \\d\\d [\\d:.]+ \\d{4})\\] "
        + "\\[(?:(?<component>\\w+):)?(?<level>\\w+)\\](?: \\[pid (?<pid>\\d+)(?::tid (?<thread>\\d+))?\\])? (?<message>.*)$"));
    f.add(new AccessLogFormat("access"));
    return f;
  }

  /** Adds a format, replacing a built-in of the same name. */
  public LogFormats add(LineFormat format) {
    formats.put(format.name(), format);
    return this;
  }

  /** The built-ins plus a site's patterns (name to pattern). */
  public static LogFormats withSite(Map<String, String> sitePatterns) {
    LogFormats f = builtIn();
    sitePatterns.forEach((name, spec) -> f.add(PatternFormat.compile(name, spec)));
    return f;
  }

  public List<String> names() {
    List<String> names = new ArrayList<>(formats.keySet());
    names.add(AUTO);
    return names;
  }

  /** The named format (or {@code auto}); an unknown name is an IllegalArgumentException listing the known ones. */
  public LineFormat get(String name) {
    if (name == null || name.equals(AUTO)) return new AutoFormat(List.copyOf(formats.values()));
    LineFormat f = formats.get(name);
    if (f == null) throw new IllegalArgumentException("unknown log format '" + name + "'; known: " + String.join(", ", names()));
    return f;
  }

  /** Tries each format, the last matching one first. */
  private static final class AutoFormat implements LineFormat {
    private final List<LineFormat> all;
    private LineFormat lastHit;

    AutoFormat(List<LineFormat> all) {
      this.all = all;
    }

    @Override
    public String name() {
      return AUTO;
    }

    @Override
    public LogRecord parse(String source, long line, String text) {
      if (lastHit != null) {
        LogRecord r = lastHit.parse(source, line, text);
        if (r != null) return r;
      }
      for (LineFormat f : all) {
        if (f == lastHit) continue;
        LogRecord r = f.parse(source, line, text);
        if (r != null) {
          lastHit = f;
          return r;
        }
      }
      return null;
    }
  }
}
