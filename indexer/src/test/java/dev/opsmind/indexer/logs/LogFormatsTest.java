package dev.opsmind.indexer.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.opsmind.indexer.logs.format.LineFormat;
import dev.opsmind.indexer.logs.format.LogFormats;
import dev.opsmind.indexer.logs.format.LogRecord;
import dev.opsmind.indexer.logs.format.PatternFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LogFormatsTest {
  private static final LogFormats FORMATS = LogFormats.builtIn();

  private static LogRecord parse(String format, String line) {
    LogRecord r = FORMATS.get(format).parse("t.log", 1, line);
    assertNotNull(r, format + " should match: " + line);
    return r;
  }

  @Test
  void eachBuiltInFormatReadsItsHeader() {
    LogRecord syslog = parse("syslog", "Dec  3 19:15:42 web01 sshd[1234]: Accepted password for root from 10.0.0.1 port 22 ssh2");
    assertEquals("sshd", syslog.component());
    assertEquals("1234", syslog.pid());
    assertEquals("Accepted password for root from 10.0.0.1 port 22 ssh2", syslog.message());
    assertTrue(syslog.hasTime());

    LogRecord rfc5424 = parse("syslog5424", "<34>1 2024-03-01T10:00:00.000Z web01 nginx 4321 ID47 - upstream timed out");
    assertEquals("nginx", rfc5424.component());
    assertEquals(1709287200000L, rfc5424.epochMillis());
    assertEquals("upstream timed out", rfc5424.message());

    LogRecord journald = parse("journald", "{\"__REALTIME_TIMESTAMP\":\"1709287200000000\",\"PRIORITY\":\"3\","
        + "\"SYSLOG_IDENTIFIER\":\"kubelet\",\"_PID\":\"77\",\"MESSAGE\":\"PLEG is not healthy\"}");
    assertEquals(1709287200000L, journald.epochMillis());
    assertEquals("kubelet", journald.component());
    assertEquals("PLEG is not healthy", journald.message());

    LogRecord log4j = parse("log4j", "2024-03-01 10:00:00,001 ERROR [main] com.example.App - boom");
    assertEquals(Map.of("level", "ERROR", "thread", "main", "component", "com.example.App", "message", "boom"),
        Map.of("level", log4j.level(), "thread", log4j.thread(), "component", log4j.component(), "message", log4j.message()));
    assertEquals(1709287200001L, log4j.epochMillis());

    LogRecord logback = parse("logback", "2024-03-01 10:00:00.001 [http-nio-1] WARN  c.e.Web - slow request");
    assertEquals("WARN", logback.level());
    assertEquals("http-nio-1", logback.thread());
    assertEquals("slow request", logback.message());

    LogRecord python = parse("python", "2024-03-01 10:00:00,001 - myapp.db - ERROR - query failed");
    assertEquals("myapp.db", python.component());
    assertEquals("query failed", python.message());
    assertEquals("WARNING", parse("python-basic", "WARNING:root:disk almost full").level());

    LogRecord nginx = parse("nginx-error", "2024/03/01 10:00:00 [error] 31#31: *1 connect() failed (111: Connection refused)");
    assertEquals("error", nginx.level());
    assertEquals("31", nginx.pid());

    LogRecord apache = parse("apache-error", "[Sun Dec 04 04:47:44 2005] [error] mod_jk child workerEnv in error state 6");
    assertEquals("error", apache.level());
    assertEquals("mod_jk child workerEnv in error state 6", apache.message());

    LogRecord access = parse("access", "10.1.2.3 - - [10/Oct/2000:13:55:36 -0700] \"GET /a.gif HTTP/1.0\" 502 2326 \"-\" \"curl/8\"");
    assertEquals("ERROR", access.level());
    assertEquals(971211336000L, access.epochMillis());

    LogRecord klog = parse("klog", "E1203 19:15:42.123456    2310 kubelet.go:2412] \"Error syncing pod\" pod=\"default/web-0\"");
    assertEquals("E", klog.level());
    assertEquals("kubelet.go:2412", klog.component());

    LogRecord json = parse("json", "{\"ts\":\"2024-03-01T10:00:00Z\",\"level\":\"error\",\"logger\":\"api\",\"msg\":\"timeout\",\"trace_id\":\"abc\"}");
    assertEquals("timeout", json.message());
    assertEquals("abc", json.session());
  }

  @Test
  void autoPicksTheMatchingFormatLineByLine() {
    LineFormat auto = FORMATS.get("auto");
    assertEquals("boom", auto.parse("x", 1, "2024-03-01 10:00:00,001 ERROR [main] com.example.App - boom").message());
    assertEquals("sshd", auto.parse("x", 2, "Dec  3 19:15:42 web01 sshd[1]: hi").component());
    assertNull(auto.parse("x", 3, "just some words"));
  }

  @Test
  void aSiteAddsAFormatAsANamedPatternInEitherSpelling() {
    LogFormats site = LogFormats.withSite(Map.of(
        "billing", "%{timestamp} | %{level} | %{component} | %{message}",
        "hdfs", "<Date> <Time> <Pid> <Level> <Component>: <Content>",
        "custom", "regex:^(?<level>[A-Z]+)@(?<component>\\w+) (?<message>.*)$"));
    LogRecord b = site.get("billing").parse("b", 1, "2024-03-01 10:00:00 | ERROR | invoices | charge failed: card expired");
    assertEquals("ERROR", b.level());
    assertEquals("charge failed: card expired", b.message());
    assertTrue(b.hasTime());
    LogRecord h = site.get("hdfs").parse("h", 1, "081109 203518 143 INFO dfs.DataNode$DataXceiver: Receiving block blk_1");
    assertEquals("dfs.DataNode$DataXceiver", h.component());
    assertEquals("Receiving block blk_1", h.message());
    assertEquals("WARN", site.get("custom").parse("c", 1, "WARN@disk 91% used").level());
  }

  @Test
  void badFormatsAreClearErrors() {
    var unknown = assertThrows(IllegalArgumentException.class, () -> FORMATS.get("nope"));
    assertTrue(unknown.getMessage().contains("unknown log format 'nope'"), unknown.getMessage());
    assertThrows(IllegalArgumentException.class, () -> PatternFormat.compile("x", "no fields here"));
    assertThrows(IllegalArgumentException.class, () -> PatternFormat.compile("x", "regex:(?<a>["));
  }
}
