package dev.opsmind.indexer.chunk;

import static org.junit.jupiter.api.Assertions.*;

import dev.opsmind.indexer.parse.DocumentReader;
import dev.opsmind.indexer.parse.ParsedDocument;
import dev.opsmind.indexer.source.SourceFormat;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChunkersTest {
  private final DocumentReader reader = new DocumentReader();

  private ParsedDocument read(String name, SourceFormat format, String text) {
    return reader.read(name, format, text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void markdownSectionsBecomeChunksWithHeadingPaths() {
    String md = "# KubePodCrashLooping\n\nMeaning text.\n\n## Diagnosis\n\nCheck events.\n\n```\nkubectl describe pod\n```\n\n## Mitigation\n\nFix config.\n";
    List<ChunkDraft> chunks = new Chunker(new ChunkingOptions(360, 48, 0, 30, 3)).chunk(read("k.md", SourceFormat.MARKDOWN, md));
    assertEquals(3, chunks.size());
    assertEquals(List.of("KubePodCrashLooping", "Diagnosis"), chunks.get(1).headingPath());
    assertEquals("KubePodCrashLooping > Diagnosis\n\nCheck events.\n\n```\nkubectl describe pod\n```", chunks.get(1).embeddingText());
    assertEquals(7, chunks.get(1).startLine());
    assertEquals(11, chunks.get(1).endLine());
    assertEquals("en", chunks.get(1).language());
  }

  @Test
  void smallSectionsAreMergedUnderTheirCommonPath() {
    String md = "# KubePodCrashLooping\n\n## Meaning\n\nThe pod restarts in a loop.\n\n## Impact\n\nService degraded.\n\n"
        + "## Diagnosis\n\n" + "Check the events and the logs of the previous container instance. ".repeat(12) + "\n";
    List<ChunkDraft> chunks = new Chunker(new ChunkingOptions(360, 48, 120, 30, 3)).chunk(read("k.md", SourceFormat.MARKDOWN, md));
    assertEquals(1, chunks.size(), chunks.toString());
    assertEquals(List.of("KubePodCrashLooping"), chunks.get(0).headingPath());
    assertTrue(chunks.get(0).text().startsWith("Meaning\nThe pod restarts in a loop.\n\nImpact\nService degraded.\n\nDiagnosis\nCheck"),
        chunks.get(0).text());
    assertEquals(5, chunks.get(0).startLine());
    assertEquals(13, chunks.get(0).endLine());
    // A section past the threshold closes the group: the next one starts a new chunk.
    List<ChunkDraft> split = new Chunker(new ChunkingOptions(100, 20, 10, 30, 3)).chunk(read("k.md", SourceFormat.MARKDOWN, md));
    assertEquals(List.of("KubePodCrashLooping", "Diagnosis"), split.get(split.size() - 1).headingPath());
  }

  @Test
  void longSectionsAreCutUnderTheCapWithOverlapAndCodeKeptWhole() {
    StringBuilder md = new StringBuilder("# Big\n\n");
    for (int p = 0; p < 12; p++) {
      for (int l = 0; l < 4; l++) md.append("Paragraph ").append(p).append(" line ").append(l).append(" with some words in it.\n");
      md.append('\n');
      if (p == 5) md.append("```\n").append("echo code line\n".repeat(10)).append("```\n\n");
    }
    ChunkingOptions options = new ChunkingOptions(100, 20, 0, 30, 3);
    List<ChunkDraft> chunks = new Chunker(options).chunk(read("big.md", SourceFormat.MARKDOWN, md.toString()));
    assertTrue(chunks.size() > 3, "chunks: " + chunks.size());
    for (ChunkDraft c : chunks) {
      assertTrue(TextSize.estimateTokens(c.text()) <= options.maxTokens() + 4, c.text());
      assertTrue(c.startLine() <= c.endLine());
    }
    long withCode = chunks.stream().filter(c -> c.text().contains("```")).count();
    ChunkDraft code = chunks.stream().filter(c -> c.text().contains("```")).findFirst().orElseThrow();
    assertEquals(1, withCode);
    assertEquals(2, code.text().split("```", -1).length - 1, "code block kept whole: " + code.text());
    // Overlap: the next chunk after a prose chunk repeats its last line.
    for (int i = 0; i + 1 < chunks.size(); i++) {
      ChunkDraft a = chunks.get(i), b = chunks.get(i + 1);
      if (a.text().contains("```")) continue;
      String lastLine = a.text().substring(a.text().lastIndexOf('\n') + 1);
      assertTrue(b.text().startsWith(lastLine), "overlap missing between\n" + a.text() + "\n---\n" + b.text());
      assertTrue(b.startLine() <= a.endLine());
    }
  }

  @Test
  void oversizedCodeBlockIsCutByLines() {
    String md = "# T\n\n```\n" + "x = compute_something(argument_one, argument_two)\n".repeat(60) + "```\n";
    List<ChunkDraft> chunks = new Chunker(new ChunkingOptions(100, 0, 0, 30, 3)).chunk(read("c.md", SourceFormat.MARKDOWN, md));
    assertTrue(chunks.size() >= 5);
    assertEquals(3, chunks.get(0).startLine());
    assertEquals(chunks.get(0).endLine() + 1, chunks.get(1).startLine());
  }

  @Test
  void logWindowsKeepLineNumbersAndTimestamps() {
    StringBuilder log = new StringBuilder();
    for (int i = 0; i < 70; i++) log.append(String.format("2026-03-14T02:%02d:00.000Z INFO event %d%n", i % 60, i));
    List<ChunkDraft> chunks = new Chunker(new ChunkingOptions(600, 48, 120, 30, 3)).chunk(read("app.log", SourceFormat.LOG, log.toString()));
    assertEquals(3, chunks.size());
    assertEquals(1, chunks.get(0).startLine());
    assertEquals(30, chunks.get(0).endLine());
    assertEquals(28, chunks.get(1).startLine());
    assertEquals(List.of("time_start:2026-03-14T02:00:00.000Z", "time_end:2026-03-14T02:29:00.000Z"), chunks.get(0).tags());
    assertEquals(70, chunks.get(2).endLine());
    assertEquals(List.of("app.log"), chunks.get(0).headingPath());
    // Under a smaller cap the windows shrink below the line count.
    List<ChunkDraft> capped = new Chunker(new ChunkingOptions(100, 20, 0, 30, 3)).chunk(read("app.log", SourceFormat.LOG, log.toString()));
    assertTrue(capped.get(0).endLine() < 30, "window " + capped.get(0).startLine() + "-" + capped.get(0).endLine());
    assertTrue(capped.stream().allMatch(c -> TextSize.estimateTokens(c.text()) <= 100 + 30));
  }

  @Test
  void languageIsDetectedByCjkShare() {
    assertEquals("zh", LanguageDetector.detect("检查 Pod 的 events：`kubectl -n $NAMESPACE describe pod $POD`"));
    assertEquals("zh", LanguageDetector.detect("节点磁盘空间还有剩余，但 inode 已经用完"));
    assertEquals("en", LanguageDetector.detect("Check the pod events with kubectl describe 命令"));
    assertEquals("en", LanguageDetector.detect("12345 --- ***"));
  }

  @Test
  void syslogAndHdfsTimestampsAreFound() {
    assertEquals("Jun 14 15:16:01", LogChunker.timestamp("Jun 14 15:16:01 combo sshd(pam_unix)[19939]: check pass").orElseThrow());
    assertEquals("081109 203615", LogChunker.timestamp("081109 203615 148 INFO dfs.DataNode$PacketResponder: x").orElseThrow());
    assertTrue(LogChunker.timestamp("no time here").isEmpty());
  }
}
