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
  void ipv4ScannerMasksWhatTheIpv4RegexMasks() {
    Pattern spec = Pattern.compile(Ipv4.SPEC);
    List<String> seeds = List.of("from 10.1.2.3:8080 to 192.168.0.1, not 1.2.3.4.5 nor 1234.1.2.3 nor 1.2.3.4a",
        "v1.2.3.4 x.1.2.3.4 10.0.0.1.x 255.255.255.255.");
    SplittableRandom rnd = new SplittableRandom(19);
    for (int round = 0; round < 20_000; round++) {
      StringBuilder sb = new StringBuilder(seeds.get(rnd.nextInt(seeds.size())));
      for (int e = 1 + rnd.nextInt(4); e > 0 && !sb.isEmpty(); e--) {
        int at = rnd.nextInt(sb.length());
        char c = "0123456789.. a:".charAt(rnd.nextInt(15));
        switch (rnd.nextInt(3)) {
          case 0 -> sb.setCharAt(at, c);
          case 1 -> sb.insert(at, c);
          default -> sb.deleteCharAt(at);
        }
      }
      String s = sb.toString();
      assertEquals(spec.matcher(s).replaceAll(Masker.WILDCARD), Ipv4.mask(s), s);
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
