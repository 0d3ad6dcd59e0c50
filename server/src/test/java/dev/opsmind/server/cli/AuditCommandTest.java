package dev.opsmind.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.opsmind.server.audit.AuditLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code opsmind audit verify}: ok on an intact chain, exit 1 naming the first broken entry. */
class AuditCommandTest {
  @TempDir Path tmp;

  @Test
  void verifyNamesTheFirstBrokenEntry() throws Exception {
    try (AuditLog log = AuditLog.open(tmp, 1 << 20)) {
      for (int i = 0; i < 4; i++) {
        log.recordNow(AuditLog.entry("request").put("i", i));
      }
    }
    CliRun ok = CliRun.of("audit", "verify", "--dir", tmp.toString());
    assertEquals(0, ok.code(), ok.out() + ok.err());
    assertTrue(ok.out().startsWith("ok: 4 entries"), ok.out());

    Path file = tmp.resolve(AuditLog.FILE);
    List<String> lines = new java.util.ArrayList<>(Files.readAllLines(file));
    lines.remove(1);
    Files.write(file, lines);
    CliRun broken = CliRun.of("audit", "verify", "--dir", tmp.toString());
    assertEquals(1, broken.code(), broken.out() + broken.err());
    assertTrue(broken.out().contains("line 2 (seq 3)"), broken.out());
  }
}
