package dev.opsmind.indexer.logs.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The log4j scanner reads every line exactly as its regex does (the regex is the specification). */
class Log4jFormatTest {
  private final Log4jFormat scanner = new Log4jFormat("log4j");
  private final PatternFormat regex = PatternFormat.compile("log4j", Log4jFormat.REGEX);

  private static final List<String> LINES = List.of(
      "2024-03-01 10:00:00,123 INFO  [worker-3] com.acme.Pool - pool stats active=3",
      "2024-03-01T10:00:00.123Z ERROR [main] com.acme.Api:42 - failed: timeout",
      "2024-03-01 10:00:00 WARNING Foo: bar",
      "2024-03-01 10:00:00 WARN Foo:12: x",
      "2024-03-01 10:00:00 WARN Foo:12x - y",
      "2024-03-01 10:00:00 WARN a.b.c-d - msg",
      "2024-03-01 10:00:00 WARN comp :x",
      "2024-03-01 10:00:00 WARN comp - - msg",
      "2024-03-01 10:00:00 INFO [] x",
      "2024-03-01 10:00:00 INFO [abc]x y",
      "2024-03-01 10:00:00 INFO [a [b] c] Foo$Bar - m",
      "2024-03-01 10:00:00+01:00 DEBUG x",
      "2024-03-01 10:00:00+0100 DEBUG x",
      "2024-03-01 10:00:00+01:0 DEBUG x",
      "2024-03-01 10:00:00 +0100 DEBUG x",
      "2024-03-01 10:00:00.5Z\tFATAL\tpanic",
      "2024-03-01 10:00:00, INFO x",
      "2024-03-01 10:00:00 INFOX x",
      "2024-03-01 10:00:00 INFO",
      "2024-03-01 10:00:00 INFO ",
      "2024-03-01 10:00:00 CRITICAL   com.x -\tmsg",
      "2024-03-01 10:00:00 INFO com.x\r- msg",
      "2024-03-01 10:00:00 INFO message with \u2028 a separator",
      "2024-3-01 10:00:00 INFO x",
      "just a message",
      "");

  private void same(String line) {
    LogRecord a = scanner.parse("f", 1, line);
    LogRecord b = regex.parse("f", 1, line);
    assertEquals(b, a, () -> "line: " + line.replace("\r", "\\r").replace("\t", "\\t"));
  }

  @Test
  void craftedLinesParseAsTheRegexDoes() {
    for (String line : LINES) same(line);
    assertNotNull(scanner.parse("f", 1, LINES.get(0)));
    assertNull(scanner.parse("f", 1, "just a message"));
    LogRecord r = scanner.parse("f", 1, LINES.get(1));
    assertEquals("ERROR", r.level());
    assertEquals("main", r.thread());
    assertEquals("com.acme.Api:42", r.component());
    assertEquals("failed: timeout", r.message());
  }

  @Test
  void mutatedLinesParseAsTheRegexDoes() {
    // each crafted line with random characters replaced, inserted or dropped, from an alphabet of
    // the characters the format cares about
    String alphabet = " \t-:,.+Z[]$_0123456789aZIWNFOR\r";
    SplittableRandom rnd = new SplittableRandom(7);
    List<String> seeds = new ArrayList<>(LINES);
    for (int round = 0; round < 20_000; round++) {
      StringBuilder sb = new StringBuilder(seeds.get(rnd.nextInt(seeds.size())));
      int edits = 1 + rnd.nextInt(3);
      for (int e = 0; e < edits && !sb.isEmpty(); e++) {
        int at = rnd.nextInt(Math.min(sb.length(), 48));
        char c = alphabet.charAt(rnd.nextInt(alphabet.length()));
        switch (rnd.nextInt(3)) {
          case 0 -> sb.setCharAt(at, c);
          case 1 -> sb.insert(at, c);
          default -> sb.deleteCharAt(at);
        }
      }
      same(sb.toString());
    }
  }
}
