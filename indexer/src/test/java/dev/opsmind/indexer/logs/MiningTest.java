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
    assertEquals("GET https://<*> from <*>:<*> took <*>ms", masker.mask("GET https://x.example.com/a?b=1 from 10.1.2.3:8080 took 12ms"));
    assertEquals("user <*> at <*> block blk_<*>", masker.mask("user 123e4567-e89b-12d3-a456-426614174000 at 0x7ffe12ab block blk_-4567"));
    assertEquals("open <*> on <*> and /etc/cron.hourly", masker.mask("open /var/lib/data/part00017.bin on db01.example.com and /etc/cron.hourly"));
    assertEquals("eth0 up after <*>.<*> s, version <*>.<*>.<*>", masker.mask("eth0 up after 3.5 s, version 1.2.3"));
    assertEquals("mac <*> ipv6 <*>", masker.mask("mac 00:1a:2b:3c:4d:5e ipv6 fe80::1:2:3"));
  }

  @Test
  void datesKeepTheirSeparatorsAndAWrittenDateIsOneToken() {
    assertEquals("at <*>-<*>-<*>T<*>:<*>:<*>.<*>Z and <*>:<*>:<*>", masker.mask("at 2024-03-01T10:00:00.123Z and Mon Jun 13 04:10:03 2005"));
    assertEquals("[<*>:<*>:<*>.<*>] Boss", masker.mask("[22:32:34.846] Boss"));
    assertEquals("(C) <*>-<*> Netfilter, delta <*>", masker.mask("(C) 2000-2002 Netfilter, delta -5"));
  }

  @Test
  void namesKeepTheirLettersAroundANumber() {
    assertEquals("domain storage<*> node U<*> timeout of <*>ms at <*>C", masker.mask("domain storage234 node U11 timeout of 10000ms at 41C"));
    assertEquals("eth0 ssh2 id <*> and <*>", masker.mask("eth0 ssh2 id 0000000b and 8a2a501"), "short suffixes stay words, hex and mixed runs are one value");
    assertEquals("Progress of attempt_<*> is : <*>.<*>", masker.mask("Progress of attempt_1445144423722_0020_m_000000_0 is : 0.02"));
    assertEquals("Found block rdd_<*> locally", masker.mask("Found block rdd_2_0 locally"));
    assertEquals("CCFile::captureLogRun() and HAL::earlyWake", masker.mask("CCFile::captureLogRun() and HAL::earlyWake"), "no IPv6 inside words");
  }

  @Test
  void addressesRequestsPathsAndBounds() {
    assertEquals("<*> \"GET <*>\" status: <*> time: <*>.<*>",
        masker.mask("10.11.10.1 \"GET /v2/54fadb/servers/detail HTTP/1.1\" status: 200 time: 0.2477829"));
    assertEquals("server: <*>:<*>. Old: <*>/<*>:<*> file: ib_sm.c:<*>",
        masker.mask("server: msra-sa-41:8030. Old: msra-sa-41/10.190.173.170:9000 file: ib_sm.c:1831"));
    assertEquals("Input split: hdfs://<*>", masker.mask("Input split: hdfs://10.10.34.11:9000/pjhe/logs/2kSOSP.log:21876+7292"));
    assertEquals("Deleting blk_<*> file /<*>/blk_<*>", masker.mask("Deleting blk_178 file /mnt/hadoop/dfs/subdir5/blk_178"));
    assertEquals("Error loading <*>: invalid", masker.mask("Error loading /home/a/b/vnm.rts: invalid"));
    assertEquals("lifetime <*>, sent <*>", masker.mask("lifetime <1 sec, sent 3.2 KB"));
  }

  @Test
  void aWidenedTokenKeepsWhatItsValuesShareAtEitherEnd() {
    LineMiner miner = new LineMiner();
    Template t = miner.mine("synchronized to 10.100.20.250, stratum 3 rhost=db1 mask=ffff");
    miner.mine("synchronized to LOCAL(0), stratum 10 rhost=10.0.0.1 mask=0000");
    miner.mine("synchronized to host.example.org, stratum 2 rhost=web7 mask=00ff");
    assertEquals("synchronized to <*>, stratum <*> rhost=<*> mask=<*>", t.resolve().text());
    LineMiner words = new LineMiner();
    Template e = words.mine("Processing the event EventType: CONTAINER_REMOTE_LAUNCH for container main");
    for (String kind : List.of("CLEANUP", "STOP", "KILL")) words.mine("Processing the event EventType: CONTAINER_REMOTE_" + kind + " for container main");
    assertEquals("Processing the event EventType: CONTAINER_REMOTE_<*> for container main", e.resolve().text());
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
