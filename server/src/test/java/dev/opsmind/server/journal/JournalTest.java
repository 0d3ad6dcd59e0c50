package dev.opsmind.server.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The append-only journal: torn tails repaired on open, records never glued, owner-only files, rotation. */
class JournalTest {
  @TempDir Path tmp;

  static final Predicate<String> JSON_OBJECT = line -> line.startsWith("{") && line.endsWith("}");

  @Test
  void aTornLastLineIsCutSoTheNextAppendIsItsOwnRecord() throws Exception {
    Path file = tmp.resolve("j.jsonl");
    try (Journal journal = Journal.open(file, JSON_OBJECT)) {
      journal.append("{\"n\":1}");
    }
    Files.writeString(file, "{\"n\":2,\"cut", StandardOpenOption.APPEND); // crash mid-write
    try (Journal journal = Journal.open(file, JSON_OBJECT)) {
      assertEquals(List.of("{\"n\":1}"), journal.records());
      journal.append("{\"n\":3}"); // acknowledged
    }
    try (Journal journal = Journal.open(file, JSON_OBJECT)) {
      assertEquals(List.of("{\"n\":1}", "{\"n\":3}"), journal.records());
    }
  }

  @Test
  void aTailCutInsideAUtf8CharacterIsRepaired() throws Exception {
    Path file = tmp.resolve("j.jsonl");
    try (Journal journal = Journal.open(file, JSON_OBJECT)) {
      journal.append("{\"q\":\"磁盘满了\"}");
    }
    byte[] record = "{\"q\":\"磁盘\"}\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    Files.write(file, Arrays.copyOf(record, 8), StandardOpenOption.APPEND); // inside 磁
    try (Journal journal = Journal.open(file, JSON_OBJECT)) {
      assertEquals(1, journal.records().size());
      journal.append("{\"n\":2}");
    }
    assertEquals(List.of("{\"q\":\"磁盘满了\"}", "{\"n\":2}"), Files.readAllLines(file));
  }

  @Test
  void aBadLineInTheMiddleIsSkippedNotFatal() throws Exception {
    Path file = tmp.resolve("j.jsonl");
    Files.writeString(file, "{\"n\":1}\nnot a record\n{\"n\":2}\n");
    try (Journal journal = Journal.open(file, JSON_OBJECT)) {
      assertEquals(List.of("{\"n\":1}", "{\"n\":2}"), journal.records());
    }
    assertEquals(3, Files.readAllLines(file).size(), "complete lines in the middle are kept in the file");
  }

  @Test
  void filesAreOwnerOnly() throws Exception {
    Path file = tmp.resolve("data").resolve("feedback").resolve("j.jsonl");
    try (Journal journal = Journal.open(file, JSON_OBJECT)) {
      journal.append("{}");
    }
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
  }

  @Test
  void recordsAreOneLineAndRotationKeepsEveryRecordInOrder() {
    Path file = tmp.resolve("a.jsonl");
    try (Journal journal = Journal.open(file, JSON_OBJECT, 40)) {
      assertThrows(IllegalArgumentException.class, () -> journal.append("{\n}"));
      for (int i = 0; i < 10; i++) {
        journal.append("{\"n\":" + i + "}");
      }
    }
    List<Path> files = Journal.files(file);
    assertEquals(2, files.size(), files.toString()); // 8-byte records, 40 bytes a file
    List<String> all = files.stream().flatMap(f -> {
      try {
        return Files.readAllLines(f).stream();
      } catch (java.io.IOException e) {
        throw new AssertionError(e);
      }
    }).toList();
    assertEquals(10, all.size());
    assertEquals("{\"n\":9}", all.get(9));
  }
}
