package dev.opsmind.indexer.logs.format;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * nginx and Apache access logs (common and combined): the message is the request line and status;
 * the level comes from the status (5xx ERROR, 4xx WARN, else INFO) and the component is the client.
 */
public record AccessLogFormat(String name) implements LineFormat {
  private static final Pattern LINE = Pattern.compile(
      "^(?<client>\\S+) \\S+ \\S+ \\[(?<time>[^\\]]+)\\] \"(?<request>[^\"]*)\" (?<status>\\d{3}) (?<size>\\S+)(?<rest>.*)$");

  @Override
  public LogRecord parse(String source, long line, String text) {
    Matcher m = LINE.matcher(text);
    if (!m.matches()) return null;
    int status = Integer.parseInt(m.group("status"));
    String level = status >= 500 ? "ERROR" : status >= 400 ? "WARN" : "INFO";
    String ts = m.group("time");
    return new LogRecord(source, line, line, ts, Timestamps.parse(ts), level, m.group("client"), null, null, null,
        "\"" + m.group("request") + "\" " + m.group("status") + " " + m.group("size"));
  }
}
