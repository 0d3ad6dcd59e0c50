package dev.opsmind.server.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.opsmind.server.journal.Journal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hash chain: intact across restarts and rotation; an edit, a deletion or an insertion is named. */
class AuditLogTest {
  @TempDir Path tmp;

  private void write(int n, long rotateBytes) {
    write(n, rotateBytes, false);
  }

  /** {@code oneByOne}: each entry its own write (so rotation falls between entries, not batches). */
  private void write(int n, long rotateBytes, boolean oneByOne) {
    try (AuditLog log = AuditLog.open(tmp, rotateBytes)) {
      for (int i = 0; i < n; i++) {
        var entry = AuditLog.entry("request").put("principal", "alice").put("status", 200).put("i", i);
        if (oneByOne) {
          log.recordNow(entry);
        } else {
          log.record(entry);
        }
      }
      log.recordNow(AuditLog.entry("collection_created").put("collection", "c"));
    }
  }

  private List<String> allLines() throws Exception {
    List<String> lines = new ArrayList<>();
    for (Path part : Journal.files(tmp.resolve(AuditLog.FILE))) {
      lines.addAll(Files.readAllLines(part));
    }
    return lines;
  }

  @Test
  void theChainHoldsAcrossRestartsAndRotation() throws Exception {
    write(40, 4096);
    write(40, 4096); // a restart continues the chain
    assertTrue(Journal.files(tmp.resolve(AuditLog.FILE)).size() > 1, "rotated");
    var result = AuditChain.verify(tmp.resolve(AuditLog.FILE));
    assertTrue(result.ok(), result.broken());
    assertEquals(82, result.entries());
    assertEquals(82, result.head().seq());
  }

  @Test
  void aTornTailIsCutAndTheChainContinues() throws Exception {
    write(3, 1 << 20);
    Files.writeString(tmp.resolve(AuditLog.FILE), "{\"seq\":5,\"ti", StandardOpenOption.APPEND);
    write(3, 1 << 20);
    var result = AuditChain.verify(tmp.resolve(AuditLog.FILE));
    assertTrue(result.ok(), result.broken());
    assertEquals(8, result.entries());
  }

  @Test
  void anEditedEntryIsNamed() throws Exception {
    write(5, 1 << 20);
    Path file = tmp.resolve(AuditLog.FILE);
    List<String> lines = Files.readAllLines(file);
    lines.set(2, lines.get(2).replace("\"alice\"", "\"mallory\""));
    Files.write(file, lines);
    var result = AuditChain.verify(file);
    assertFalse(result.ok());
    assertTrue(result.broken().contains("line 4 (seq 4)"), result.broken());
    assertEquals(2, result.entries() - 1, "entries 1..3 checked before the break");
  }

  @Test
  void aDeletedEntryIsNamedEvenInAnEarlierRotatedFile() throws Exception {
    write(60, 4096, true);
    List<Path> files = Journal.files(tmp.resolve(AuditLog.FILE));
    Path rotated = files.subList(0, files.size() - 1).stream()
        .max(java.util.Comparator.comparingLong(f -> f.toFile().length())).orElseThrow();
    List<String> lines = new ArrayList<>(Files.readAllLines(rotated));
    assertTrue(lines.size() >= 3, "a rotated file with a middle line");
    lines.remove(1);
    Files.write(rotated, lines);
    long nextSeq = dev.opsmind.server.http.Json.MAPPER.readTree(lines.get(1)).get("seq").asLong();
    var result = AuditChain.verify(tmp.resolve(AuditLog.FILE));
    assertFalse(result.ok());
    assertTrue(result.broken().contains(rotated.getFileName() + " line 2 (seq " + nextSeq + ")"), result.broken());
    assertEquals(60, allLines().size(), "61 written, one deleted");
  }
}
