package dev.opsmind.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.opsmind.indexer.logs.store.TemplateStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code diagnose}, {@code eval-logparse} and {@code eval-anomalies} through the real command line, on small crafted logs. */
class LogCommandsTest {
  @TempDir Path dir;

  private static List<String> normal(int from, int n) {
    List<String> lines = new ArrayList<>();
    for (int i = from; i < from + n; i++) {
      lines.add(String.format("2024-03-01 10:%02d:%02d,000 INFO  [w-1] app.Api - Handled GET /orders/%d in %d ms",
          (i / 60) % 60, i % 60, i, i % 13));
    }
    return lines;
  }

  @Test
  void diagnoseAgainstASavedBaselineReportsTheNewErrorWithItsLine() throws Exception {
    Path base = Files.createDirectories(dir.resolve("baseline"));
    Files.write(base.resolve("normal.log"), normal(0, 50));
    Path store = dir.resolve("store");
    CliRun saved = CliRun.of("diagnose", base.resolve("normal.log").toString(), "--save-baseline", store.toString(),
        "--index", dir.resolve("no-index").toString(), "--output", "json");
    assertEquals(2, saved.code(), "no index at an explicit --index is bad input: " + saved.err());
    saved = CliRun.of("diagnose", base.resolve("normal.log").toString(), "--save-baseline", store.toString());
    assertEquals(0, saved.code(), saved.err());
    assertTrue(TemplateStore.exists(store));

    List<String> window = normal(50, 20);
    window.add(10, "2024-03-01 10:59:00,000 ERROR [w-2] app.Db - Connection refused to db01.example.com:5432");
    Path log = dir.resolve("window.log");
    Files.write(log, window);
    CliRun run = CliRun.of("diagnose", log.toString(), "--baseline", store.toString(), "--format", "log4j", "--output", "json");
    assertEquals(0, run.code(), run.err());
    assertTrue(run.err().contains("read 21 lines"), run.err());
    JsonNode report = new ObjectMapper().readTree(run.out());
    JsonNode top = report.get("anomalous_templates").get(0);
    assertEquals("Connection refused to <*>:<*>", top.get("template").asText(), run.out());
    assertTrue(top.get("new").asBoolean() && top.get("error").asBoolean());
    assertEquals(log + ":11", top.get("first_seen").get("citation").asText());

    CliRun md = CliRun.of("diagnose", log.toString(), "--baseline", store.toString());
    assertTrue(md.out().startsWith("# Log diagnosis"), md.out());
    assertTrue(md.out().contains(log + ":11"), md.out());
  }

  @Test
  void badInputIsAMessageAndExitCode2() throws Exception {
    Path log = dir.resolve("a.log");
    Files.write(log, normal(0, 3));
    CliRun unknown = CliRun.of("diagnose", log.toString(), "--format", "nope");
    assertEquals(2, unknown.code());
    assertTrue(unknown.err().contains("unknown log format 'nope'"), unknown.err());
    Path bin = dir.resolve("core");
    Files.write(bin, new byte[] {0x7f, 'E', 'L', 'F', 0, 0});
    CliRun binary = CliRun.of("diagnose", bin.toString());
    assertEquals(2, binary.code());
    assertTrue(binary.err().contains("not a text log"), binary.err());
    assertEquals(2, CliRun.of("diagnose", dir.resolve("missing.log").toString()).code());
    assertEquals(2, CliRun.of("eval-logparse", dir.toString()).code());
  }

  @Test
  void evalLogparsePrintsTheMetricsTable() throws Exception {
    Path sys = Files.createDirectories(dir.resolve("Tiny"));
    Files.write(sys.resolve("Tiny_2k.log"), List.of("open file 17 ok", "open file 226 ok", "close file 17"));
    Files.write(sys.resolve("Tiny_2k.log_structured.csv"), List.of("LineId,Content,EventId,EventTemplate",
        "1,open file 17 ok,E1,open file <*> ok", "2,open file 226 ok,E1,open file <*> ok", "3,close file 17,E2,close file <*>"));
    CliRun run = CliRun.of("eval-logparse", dir.toString());
    assertEquals(0, run.code(), run.err());
    assertTrue(run.out().contains("| Tiny | 3 | 2 | 2 | 1.000 | 1.000 | 1.000 | 1.000 |"), run.out());
  }

  @Test
  void evalAnomaliesScoresLabelledLines() throws Exception {
    assertEquals(2, CliRun.of("eval-anomalies", dir.toString()).code(), "nothing to score is a usage error");
    Path bgl = Files.createDirectories(dir.resolve("BGL"));
    String head = " 1117838570 2005.06.03 R02-M1-N0 2005-06-03-15.42.50.675872 R02-M1-N0 RAS KERNEL ";
    Files.write(bgl.resolve("BGL_2k.log"), List.of(
        "-" + head + "INFO instruction cache parity error corrected",
        "KERNDTLB" + head + "FATAL data TLB error interrupt",
        "-" + head + "FATAL machine check enable..............0",
        "-" + head + "FATAL instruction address: 0x00004ed8"));
    CliRun run = CliRun.of("eval-anomalies", dir.toString());
    assertEquals(0, run.code(), run.err());
    assertTrue(run.out().contains("| BGL_2k lines, error lines by level alone (before) | 4 | 1 | 3 | 1 | 0.333 | 1.000 | 0.500 |"), run.out());
    assertTrue(run.out().contains("| BGL_2k lines, error lines but dump records (default) | 4 | 1 | 1 | 1 | 1.000 | 1.000 | 1.000 |"), run.out());
  }
}
