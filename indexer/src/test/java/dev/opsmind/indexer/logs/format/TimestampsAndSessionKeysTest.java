package dev.opsmind.indexer.logs.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.opsmind.indexer.logs.detect.SessionKeys;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The regex-free fast paths: whitespace collapsing in timestamps, case-blind session key hints. */
class TimestampsAndSessionKeysTest {
  @Test
  void collapsingSpacesEqualsTheRegex() {
    SplittableRandom rnd = new SplittableRandom(23);
    String alphabet = " \t\r\f\u000B\n2024-03-01 10:00:00";
    for (int round = 0; round < 10_000; round++) {
      StringBuilder sb = new StringBuilder();
      for (int k = rnd.nextInt(12); k > 0; k--) sb.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
      String s = sb.toString();
      assertEquals(s.replaceAll("\\s+", " "), Timestamps.collapseSpaces(s), s);
    }
    assertEquals(Timestamps.parse("2024-03-01 10:00:00"), Timestamps.parse("2024-03-01  \t10:00:00"));
  }

  private static String key(String message) {
    return SessionKeys.DEFAULT.of(LogRecord.messageOnly("f", 1, message));
  }

  @Test
  void sessionKeyHintsIgnoreCaseAsThePatternDoes() {
    assertEquals("abc-1", key("handled X-Request-ID: abc-1 in 3 ms"));
    assertEquals("f00d", key("TRACE_ID=f00d done"));
    assertEquals("blk_-42", key("Receiving block blk_-42 src"));
    assertEquals("web-7", key("restarted pod/web-7"));
    assertEquals("q1", key("id x-request-id: q1"), "the search starts before the hint, where the match begins");
    assertEquals("zz", key("a trace of REQUEST_ID=zz"));
    assertNull(key("Pool stats active=3 idle=5 waiting=0"));
  }
}
