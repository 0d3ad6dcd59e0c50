package dev.opsmind.indexer.progress;

import static org.junit.jupiter.api.Assertions.*;

import dev.opsmind.indexer.ingest.FileOutcome;
import dev.opsmind.indexer.ingest.IngestPlan;
import dev.opsmind.indexer.ingest.IngestReport;
import dev.opsmind.indexer.source.SourceFile;
import dev.opsmind.indexer.source.SourceFormat;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressPrinterTest {
  private final AtomicLong now = new AtomicLong(1_000_000);
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  private static IngestPlan plan(int files, long size) {
    List<SourceFile> write = new java.util.ArrayList<>();
    for (int i = 0; i < files; i++) write.add(new SourceFile("f" + i + ".md", Path.of("f" + i + ".md"), SourceFormat.MARKDOWN, size, 0));
    return new IngestPlan(write, Map.of(), List.of(), List.of(), files * size);
  }

  private static FileOutcome added(int i, int chunks, long size) {
    return new FileOutcome("f" + i + ".md", FileOutcome.Kind.ADDED, chunks, chunks, size, "");
  }

  @Test
  void barShowsFilesChunksRateAndEta() {
    ProgressPrinter p = new ProgressPrinter(out, ProgressPrinter.Mode.BAR, now::get);
    p.planned(plan(4, 100));
    now.addAndGet(2_000);
    p.embedded(10);
    p.fileDone(added(0, 10, 100));
    // 1 of 4 files (by bytes) in 2 s: 6 s left; 10 embeddings in 2 s.
    assertEquals("[######..................] 1/4 files  10 chunks  5.0 emb/s  ETA 0:06", p.line());
    String shown = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(shown.startsWith("\r["), shown);
    assertFalse(shown.contains("\n"), "a bar is redrawn in place");
  }

  @Test
  void plainModePrintsLinesAtMostEveryFewSecondsAndAtTheEnd() {
    ProgressPrinter p = new ProgressPrinter(out, ProgressPrinter.Mode.PLAIN, now::get);
    p.planned(plan(3, 10));
    for (int i = 0; i < 3; i++) {
      now.addAndGet(1_000);
      p.embedded(2);
      p.fileDone(added(i, 2, 10));
    }
    p.finished(new IngestReport("c", 3, 0, 0, 0, 0, List.of(), 6, 6, 0, 0, 3000, false));
    List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
    assertEquals("indexing: 3 files to add/update/rename/delete, 0 unchanged", lines.get(0));
    assertEquals("3/3 files  6 chunks  2.0 emb/s  ETA 0:00", lines.get(lines.size() - 1));
    assertTrue(lines.size() <= 4, lines.toString()); // not one line per event
    assertTrue(lines.stream().noneMatch(l -> l.contains("\r") || l.contains("[")));
  }
}
