package dev.opsmind.server.actions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.opsmind.server.config.ServerConfig;
import dev.opsmind.server.http.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real processes: argv passed literally, scrubbed environment, capped output, timeouts that kill the whole tree. */
class ActionRunnerTest {
  static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
  @TempDir Path tmp;

  static List<String> recorder(Path out, String... args) {
    List<String> argv = new ArrayList<>(List.of(JAVA, "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-cp",
        System.getProperty("java.class.path"), ArgvRecorder.class.getName(), out.toString()));
    argv.addAll(List.of(args));
    return argv;
  }

  private ActionRunner runner(List<String> allow, int maxOutput) {
    return new ActionRunner(new ServerConfig.Actions(allow, Map.of("LANG", "C", "OPSMIND_TEST", "1"),
        List.of("NO_SUCH_VARIABLE_HERE"), tmp, 1, null, maxOutput), tmp);
  }

  @Test
  void hostileArgumentsReachTheProcessAsOneLiteralElementEachWithOnlyTheListedEnvironment() throws Exception {
    Path out = tmp.resolve("argv.json");
    List<String> hostile = List.of("; rm -rf /", "$(touch " + tmp.resolve("x") + ")", "`id`", "a\nb", "--option=smuggled",
        "../../etc/passwd", "it's \"quoted\" * ?");
    ActionRunner.Result r = runner(List.of(JAVA), 1 << 16).run(recorder(out, hostile.toArray(String[]::new)), 60);
    assertEquals(0, r.exitCode(), r.stderr().text());
    assertFalse(r.timedOut());
    assertEquals("ran\n", r.stdout().text());
    JsonNode recorded = Json.MAPPER.readTree(Files.readString(out));
    List<String> argv = new ArrayList<>();
    recorded.get("argv").forEach(a -> argv.add(a.asText()));
    assertEquals(hostile, argv, "each argument is exactly one argv element, unexpanded");
    assertFalse(Files.exists(tmp.resolve("x")), "no shell ran the $(...)");
    List<String> env = new ArrayList<>();
    recorded.get("env").forEach(e -> env.add(e.asText()));
    assertTrue(env.containsAll(List.of("LANG", "OPSMIND_TEST")), env.toString());
    assertFalse(env.contains("HOME") || env.contains("PATH") || env.contains("CLASSPATH"), "scrubbed: " + env);
  }

  @Test
  void outputIsCappedWithADigestOfAllOfIt() {
    ActionRunner.Result r = runner(List.of("/bin/sh"), 1000).run(List.of("/bin/sh", "-c",
        "i=0; while [ $i -lt 500 ]; do echo 0123456789; i=$((i+1)); done; echo err >&2; exit 3"), 60);
    assertEquals(3, r.exitCode());
    assertEquals(1000, r.stdout().text().length());
    assertTrue(r.stdout().truncated());
    assertEquals(5500, r.stdout().bytes());
    assertEquals(64, r.stdout().sha256().length());
    assertEquals("err\n", r.stderr().text());
    assertFalse(r.stderr().truncated());
  }

  @Test
  void aTimeoutKillsTheChildAndTheGrandchildren() throws Exception {
    Path pids = tmp.resolve("pids");
    // sh starts a child sh that starts two sleepers and waits: a tree three deep, stdout held open by all
    String script = "/bin/sh -c 'sleep 300 & echo $! >> " + pids + "; sleep 300 & echo $! >> " + pids + "; wait' & "
        + "echo $! >> " + pids + "; wait";
    long t0 = System.nanoTime();
    ActionRunner.Result r = runner(List.of("/bin/sh"), 4096).run(List.of("/bin/sh", "-c", script), 2);
    assertTrue(r.timedOut());
    assertNull(r.exitCode());
    assertTrue(System.nanoTime() - t0 < 30_000_000_000L, "returned soon after the timeout");
    List<String> lines = Files.readAllLines(pids);
    assertEquals(3, lines.size(), lines.toString());
    for (String pid : lines) {
      var handle = ProcessHandle.of(Long.parseLong(pid.strip()));
      assertTrue(handle.isEmpty() || !handle.get().isAlive(), "process " + pid + " of the tree is gone");
    }
  }

  @Test
  void aMissingExecutableIsAFailedRunNotACrash() {
    ActionRunner.Result r = runner(List.of("/no/such/exe"), 4096).run(List.of("/no/such/exe"), 5);
    assertNull(r.exitCode());
    assertTrue(r.launchError().contains("cannot start"), r.launchError());
  }
}
