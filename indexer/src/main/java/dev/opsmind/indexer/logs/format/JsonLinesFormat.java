package dev.opsmind.indexer.logs.format;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;

/**
 * JSON lines: one object per line, fields found by configurable names (the first present of each
 * list wins). journald's {@code journalctl -o json} is this format with its own names
 * ({@link #JOURNALD}); epoch microseconds (journald's {@code __REALTIME_TIMESTAMP}) are read too.
 */
public record JsonLinesFormat(String name, List<String> time, List<String> level, List<String> component,
    List<String> pid, List<String> thread, List<String> message, List<String> session) implements LineFormat {
  private static final ObjectMapper JSON = new ObjectMapper();

  public static final JsonLinesFormat DEFAULT = new JsonLinesFormat("json",
      List.of("timestamp", "@timestamp", "time", "ts", "datetime"), List.of("level", "severity", "lvl", "levelname"),
      List.of("logger", "component", "logger_name", "name", "caller"), List.of("pid", "process"),
      List.of("thread", "thread_name", "tid"), List.of("message", "msg", "log", "text"),
      List.of("trace_id", "traceId", "request_id", "requestId", "session"));

  public static final JsonLinesFormat JOURNALD = new JsonLinesFormat("journald",
      List.of("__REALTIME_TIMESTAMP"), List.of("PRIORITY"), List.of("SYSLOG_IDENTIFIER", "_COMM", "_SYSTEMD_UNIT"),
      List.of("_PID"), List.of("TID"), List.of("MESSAGE"), List.of("_SYSTEMD_UNIT"));

  public JsonLinesFormat {
    if (name == null || name.isBlank()) throw new IllegalArgumentException("a JSON log format needs a name");
    if (message == null || message.isEmpty()) throw new IllegalArgumentException("JSON log format " + name + " needs message field names");
    time = List.copyOf(time);
    level = List.copyOf(level);
    component = List.copyOf(component);
    pid = List.copyOf(pid);
    thread = List.copyOf(thread);
    message = List.copyOf(message);
    session = List.copyOf(session);
  }

  @Override
  public LogRecord parse(String source, long line, String text) {
    String t = text.strip();
    if (!t.startsWith("{") || !t.endsWith("}")) return null;
    JsonNode node;
    try {
      node = JSON.readTree(t);
    } catch (JsonProcessingException e) {
      return null;
    }
    if (node == null || !node.isObject()) return null;
    String msg = first(node, message);
    if (msg == null) return null;
    String ts = first(node, time);
    long millis = LogRecord.NO_TIME;
    if (ts != null) {
      millis = ts.matches("\\d{16}") ? Long.parseLong(ts) / 1000 : Timestamps.parse(ts);
    }
    return new LogRecord(source, line, line, ts, millis, first(node, level), first(node, component), first(node, pid),
        first(node, thread), first(node, session), msg);
  }

  private static String first(JsonNode node, List<String> names) {
    for (String n : names) {
      JsonNode v = node.get(n);
      if (v != null && !v.isNull()) return v.isValueNode() ? v.asText() : v.toString();
    }
    return null;
  }
}
