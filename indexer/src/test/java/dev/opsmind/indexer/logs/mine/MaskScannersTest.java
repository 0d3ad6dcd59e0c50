package dev.opsmind.indexer.logs.mine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The hand-written scanners that replaced regexes find what the regexes found. */
class MaskScannersTest {
  private static final List<String> SEEDS = List.of(
      "open /var/lib/data/part-00017 on C:/Users/x/y and /etc/cron.hourly",
      "Deleting blk_1 file /mnt/hadoop/dfs/subdir5/blk_1, then (/a/b) [x=/c/d] 'e/f/g' \"/h/i\"",
      "Input split: hdfs://10.10.34.11:9000/pjhe/logs/2kSOSP.log:21876+7292 a//b //c",
      "server: msra-sa-41:8030. Old: msra-sa-41/<*>:9000 and user:123 at db.example.com:5432",
      "Retrying a.b-c/10.1.2.3:80 x-y:1.2 p.q:99999 r.s:12:34 t-u/<*> v:w/1",
      "\tmixed\u000B whitespace\f and\r\nlines  ");

  private static String mutate(SplittableRandom rnd, String alphabet) {
    StringBuilder sb = new StringBuilder(SEEDS.get(rnd.nextInt(SEEDS.size())));
    for (int e = 1 + rnd.nextInt(4); e > 0 && !sb.isEmpty(); e--) {
      int at = rnd.nextInt(sb.length());
      char c = alphabet.charAt(rnd.nextInt(alphabet.length()));
      switch (rnd.nextInt(3)) {
        case 0 -> sb.setCharAt(at, c);
        case 1 -> sb.insert(at, c);
        default -> sb.deleteCharAt(at);
      }
    }
    return sb.toString();
  }

  @Test
  void pathScannerFindsWhatThePathRegexFinds() {
    Pattern spec = Pattern.compile(Paths.SPEC);
    SplittableRandom rnd = new SplittableRandom(11);
    for (int round = 0; round < 20_000; round++) {
      String s = mutate(rnd, "/ :=,([)]\"'aZ09.\t");
      Matcher m = spec.matcher(s);
      int from = 0;
      while (true) {
        long span = Paths.find(s, from);
        boolean found = m.find();
        assertEquals(found, span >= 0, s);
        if (!found) break;
        assertEquals(m.start(), (int) (span >>> 32), s);
        assertEquals(m.end(), (int) span, s);
        from = m.end();
      }
    }
  }

  @Test
  void thePortTestNeverSkipsAHostThePatternWouldFind() {
    SplittableRandom rnd = new SplittableRandom(13);
    for (int round = 0; round < 20_000; round++) {
      String s = mutate(rnd, ":/.-<*>a9 ");
      if (Masker.HOST_PORT.matcher(s).find()) assertTrue(Masker.mayHavePort(s), s);
    }
  }

  @Test
  void tokensSplitAsTheWhitespaceRegexDoes() {
    SplittableRandom rnd = new SplittableRandom(17);
    for (int round = 0; round < 5_000; round++) {
      String s = mutate(rnd, " \t\u000B\f\r\n\u2003ab");
      String t = s.strip();
      String[] expected = t.isEmpty() ? new String[0] : t.split("\\s+");
      assertArrayEquals(expected, TemplateMiner.tokens(s), s);
    }
  }
}
