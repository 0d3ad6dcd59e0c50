package dev.opsmind.indexer.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.opsmind.indexer.logs.detect.AnalysisOptions;
import dev.opsmind.indexer.logs.detect.AnalysisResult;
import dev.opsmind.indexer.logs.detect.Baseline;
import dev.opsmind.indexer.logs.detect.Findings.TemplateFinding;
import dev.opsmind.indexer.logs.detect.LogAnalysis;
import dev.opsmind.indexer.logs.format.LogRecord;
import dev.opsmind.indexer.logs.store.TemplateStore;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogAnalysisTest {
  private static final long T0 = 1_709_287_200_000L;

  private static LogRecord line(int n, long millis, String level, String message) {
    return new LogRecord("crafted.log", n, n, null, millis, level, null, null, null, null, message);
  }

  private static TemplateFinding find(AnalysisResult r, String template) {
    return r.templates().stream().filter(t -> t.template().equals(template)).findFirst().orElseThrow(
        () -> new AssertionError("no template " + template + " in " + r.templates().stream().map(TemplateFinding::template).toList()));
  }

  private static LogAnalysis normal(Baseline baseline, int minutes) {
    LogAnalysis a = new LogAnalysis(AnalysisOptions.DEFAULT, baseline);
    int n = 0;
    for (int m = 0; m < minutes; m++) {
      for (int i = 0; i < 3; i++) {
        n++;
        a.accept(line(n, T0 + m * 60_000L + i * 1000, "INFO", "Handled GET /orders/" + n + " in " + (n % 7) + " ms"));
      }
      a.accept(line(++n, T0 + m * 60_000L + 5000, "INFO", "Cache hit ratio " + (n % 100) + " percent"));
    }
    return a;
  }

  @Test
  void newTemplatesErrorsAndBurstsAgainstABaseline(@TempDir Path dir) throws Exception {
    TemplateStore.save(dir, normal(null, 30).asBaseline());
    Baseline baseline = TemplateStore.load(dir);
    Baseline.StoredTemplate cacheStored = baseline.templates().stream()
        .filter(t -> String.join(" ", t.tokens()).equals("Cache hit ratio <*> percent")).findFirst().orElseThrow();
    assertEquals("crafted.log:4", cacheStored.first().citation(), "first seen survives the store");
    assertEquals("crafted.log:120", cacheStored.last().citation());
    assertEquals(3, cacheStored.examples().size());
    assertEquals(30, cacheStored.buckets().size(), "one bucket per minute of the baseline");
    assertEquals(30L, cacheStored.buckets().values().stream().mapToLong(Long::longValue).sum());
    LogAnalysis window = normal(baseline, 10);
    long t = T0 + 40 * 60_000L;
    for (int i = 0; i < 40; i++) window.accept(line(1000 + i, t + i * 100, "INFO", "Cache hit ratio " + i + " percent"));
    window.accept(line(2000, t + 5000, "ERROR", "Connection refused to db01.example.com:5432"));
    window.accept(line(2001, t + 6000, "INFO", "Retrying in 5 s"));
    AnalysisResult r = window.finish();

    TemplateFinding error = find(r, "Connection refused to <*>:<*>");
    assertTrue(error.error() && error.isNew(), error.toString());
    assertEquals("crafted.log:2000", error.first().citation());
    assertTrue(find(r, "Retrying in <*> s").isNew());
    TemplateFinding cache = find(r, "Cache hit ratio <*> percent");
    assertFalse(cache.isNew());
    assertEquals(1, cache.bursts().size(), cache.toString());
    assertFalse(find(r, "Handled GET <*> in <*> ms").anomalous());
    assertEquals("crafted.log:2000", r.firstError().citation());
    assertEquals(List.of(2001L), r.context().stream().filter(l -> l.line() > 2000).map(l -> l.line()).toList());
    assertEquals(error.id(), r.anomalous().get(0).id());
  }

  @Test
  void linesOfMergedOrAliasedBaselineTemplatesAreNotNew(@TempDir Path dir) throws Exception {
    LogAnalysis normal = new LogAnalysis(AnalysisOptions.DEFAULT, null);
    int n = 0;
    for (String user : List.of("root", "news", "cyrus", "test", "admin")) {
      normal.accept(line(++n, T0 + n, "INFO", "session opened for user " + user + " by sshd"));
    }
    normal.accept(line(++n, T0 + n, "INFO", "sent 10 bytes to peer"));
    normal.accept(line(++n, T0 + n, "INFO", "sent 10 bytes (1 KB) to peer"));
    TemplateStore.save(dir, normal.asBaseline());
    LogAnalysis window = new LogAnalysis(AnalysisOptions.DEFAULT, TemplateStore.load(dir));
    window.accept(line(1, T0, "INFO", "session opened for user root by sshd"));
    window.accept(line(2, T0 + 1, "INFO", "session opened for user ghost by sshd"));
    window.accept(line(3, T0 + 2, "INFO", "sent 12 bytes (3 KB) to peer"));
    AnalysisResult r = window.finish();
    assertEquals(List.of(), r.anomalous().stream().map(TemplateFinding::template).toList());
  }

  @Test
  void sessionsThatBreakCountInvariantsAreFlagged() {
    LogAnalysis a = new LogAnalysis(AnalysisOptions.DEFAULT, null);
    int n = 0;
    for (int b = 0; b < 40; b++) {
      a.accept(line(++n, T0 + n, "INFO", "Receiving block blk_" + b + " src: /10.0.0.1:1 dest: /10.0.0.2:2"));
      if (b != 7) a.accept(line(++n, T0 + n, "INFO", "Received block blk_" + b + " of size 67108864 from /10.0.0.1"));
      a.accept(line(++n, T0 + n, "INFO", "PacketResponder 1 for block blk_" + b + " terminating"));
    }
    AnalysisResult r = a.finish();
    assertEquals(40, r.sessionCount());
    assertTrue(r.invariantCount() > 0);
    assertEquals(List.of("blk_7"), r.sessions().stream().map(s -> s.key()).toList());
  }
}
