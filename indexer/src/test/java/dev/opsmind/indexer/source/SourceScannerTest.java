package dev.opsmind.indexer.source;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceScannerTest {
  @TempDir Path root;

  @Test
  void findsReadableFilesReportsTheRestAndPassesOverHiddenOnes() throws Exception {
    Files.createDirectories(root.resolve("db/mysql"));
    Files.createDirectories(root.resolve(".git/objects"));
    Files.writeString(root.resolve("db/mysql/lag.md"), "# Lag\n");
    Files.writeString(root.resolve("notes.txt"), "text\n");
    Files.writeString(root.resolve("app.log.1"), "line\n");
    Files.writeString(root.resolve("app.log.2.gz"), "");
    Files.writeString(root.resolve("config.yaml"), "a: 1\n");
    Files.writeString(root.resolve("LICENSE"), "MIT\n");
    Files.writeString(root.resolve(".hidden.md"), "# no\n");
    Files.writeString(root.resolve(".git/objects/x.md"), "# no\n");

    ScanResult scan = new SourceScanner().scan(root);
    assertEquals(List.of("app.log.1", "app.log.2.gz", "db/mysql/lag.md", "notes.txt"),
        scan.files().stream().map(SourceFile::sourcePath).toList());
    assertEquals(SourceFormat.LOG, scan.files().get(1).format());
    assertEquals(SourceFormat.MARKDOWN, scan.files().get(2).format());
    assertEquals(List.of("LICENSE: unsupported file type (no extension)", "config.yaml: unsupported file type .yaml"),
        scan.skipped().stream().map(SkippedFile::toString).toList());
    assertThrows(IllegalArgumentException.class, () -> new SourceScanner().scan(root.resolve("notes.txt")));
  }

  @Test
  void formatsAreKnownByName() {
    assertEquals(SourceFormat.MARKDOWN, SourceFormat.ofFileName("README.markdown").orElseThrow());
    assertEquals(SourceFormat.MARKDOWN, SourceFormat.ofFileName("runbook.md.gz").orElseThrow());
    assertEquals(SourceFormat.LOG, SourceFormat.ofFileName("messages.gz").orElseThrow());
    assertEquals(SourceFormat.HTML, SourceFormat.ofFileName("Page.HTM").orElseThrow());
    assertTrue(SourceFormat.ofFileName("photo.jpg").isEmpty());
  }
}
