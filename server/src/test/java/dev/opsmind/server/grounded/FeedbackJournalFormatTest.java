package dev.opsmind.server.grounded;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.opsmind.server.answer.Citation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * feedback.jsonl outlives the code that wrote it: a line as the server has written it since
 * feedback began still loads, and new lines keep its shape (flat citations, camelCase fields).
 */
class FeedbackJournalFormatTest {
  /** A line exactly as written before citations carried retrieval's own record. */
  static final String WRITTEN_BEFORE = "{\"time\":1733300000000,\"principal\":\"alice\",\"responseId\":\"chatcmpl-1\","
      + "\"question\":\"why is the disk full?\",\"retrievalQuery\":\"disk full\",\"rating\":-1,\"weight\":-1.0,"
      + "\"comment\":\"wrong runbook\",\"correctSource\":\"runbooks:disk-full.md\",\"citations\":[{\"number\":1,"
      + "\"collection\":\"runbooks\",\"path\":\"node-disk-pressure.md\",\"startLine\":3,\"endLine\":9,"
      + "\"headingPath\":[\"Node disk pressure\",\"Mitigation\"],\"snippet\":\"Free space under /var/log\","
      + "\"score\":0.5}]}";

  @Test
  void aLineWrittenBeforeStillLoadsAndNewLinesKeepItsShape(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve(FeedbackStore.FILE), WRITTEN_BEFORE + "\n");
    try (FeedbackStore store = FeedbackStore.open(dir)) {
      List<FeedbackRecord> records = store.records();
      assertEquals(1, records.size(), "the old line is a record, not a torn tail");
      FeedbackRecord old = records.get(0);
      assertEquals("alice", old.principal());
      Citation c = old.citations().get(0);
      assertEquals(1, c.number());
      assertEquals("runbooks", c.collection());
      assertEquals("node-disk-pressure.md", c.path());
      assertEquals(3, c.startLine());
      assertEquals(9, c.endLine());
      assertEquals(List.of("Node disk pressure", "Mitigation"), c.headingPath());
      assertEquals("Free space under /var/log", c.snippet());
      assertEquals(0.5, c.score());
      store.append(new FeedbackRecord(old.time(), old.principal(), "chatcmpl-2", old.question(), old.retrievalQuery(),
          old.rating(), old.weight(), old.comment(), old.correctSource(), old.citations()));
    }
    List<String> lines = Files.readAllLines(dir.resolve(FeedbackStore.FILE));
    assertEquals(WRITTEN_BEFORE.replace("chatcmpl-1", "chatcmpl-2"), lines.get(1), "the same shape as before");
    try (FeedbackStore reopened = FeedbackStore.open(dir)) {
      assertEquals(2, reopened.records().size());
    }
  }
}
