package dev.opsmind.indexer.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.opsmind.indexer.logs.format.LogRecord;
import dev.opsmind.indexer.logs.mine.LineMiner;
import dev.opsmind.indexer.logs.mine.Masker;
import dev.opsmind.indexer.logs.mine.Template;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MiningTest {
  private final Masker masker = new Masker();

  @Test
  void masksVariablesInOrder() {
    assertEquals("GET <*> from <*>:<*> took <*>", masker.mask("GET https://x.example.com/a?b=1 from 10.1.2.3:8080 took 12ms"));
    assertEquals("user <*> at <*> block blk_<*>", masker.mask("user 123e4567-e89b-12d3-a456-426614174000 at 0x7ffe12ab block blk_-4567"));
    assertEquals("open <*> on <*> and /etc/cron.hourly", masker.mask("open /var/lib/data/part-00017 on db01.example.com and /etc/cron.hourly"));
    assertEquals("eth0 up after <*> s, version <*>.<*>.<*>", masker.mask("eth0 up after 3.5 s, version 1.2.3"));
    assertEquals("at <*> and <*>", masker.mask("at 2024-03-01T10:00:00.123Z and Mon Jun 13 04:10:03 2005"));
    assertEquals("mac <*> ipv6 <*>", masker.mask("mac 00:1a:2b:3c:4d:5e ipv6 fe80::1:2:3"));
  }

  @Test
  void wordsStayConstantUntilManyValuesShowAVariable() {
    LineMiner miner = new LineMiner();
    Template start = miner.mine("Starting TrustedInstaller initialization.");
    Template end = miner.mine("Starting TrustedInstaller finalization.");
    assertNotEquals(start.id(), end.id());
    Template root = miner.mine("session opened for user root by sshd");
    for (String user : List.of("news", "cyrus", "test")) miner.mine("session opened for user " + user + " by sshd");
    Template merged = root.resolve();
    assertEquals("session opened for user <*> by sshd", merged.text());
    assertSame(merged, miner.mine("session opened for user admin by sshd").resolve());
  }

  @Test
  void onePassMiningEqualsAReplayAgainstTheFinalTemplates() throws IOException {
    List<String> lines = new ArrayList<>();
    for (LogRecord r : LogReadingTest.read("app.log", LogReadingTest.resource("app.log"), "log4j")) lines.add(r.message());
    for (int i = 0; i < 50; i++) {
      lines.add("Handled GET /orders/" + i + " in " + (i % 9) + " ms");
      lines.add("session opened for user u" + (char) ('a' + i % 7) + "x by sshd");
      lines.add("PacketResponder " + (i % 3) + " for block blk_" + (1000 + i) + " terminating");
    }
    LineMiner miner = new LineMiner();
    List<Template> online = new ArrayList<>();
    for (String l : lines) online.add(miner.mine(l));
    for (int i = 0; i < lines.size(); i++) {
      Template replay = miner.match(lines.get(i));
      assertEquals(online.get(i).resolve().id(), replay == null ? -1 : replay.resolve().id(), "line " + i + ": " + lines.get(i));
    }
  }
}
