package dev.opsmind.server.actions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.opsmind.server.ChildServer;
import dev.opsmind.server.TestHttp;
import dev.opsmind.server.audit.AuditChain;
import dev.opsmind.server.audit.AuditLog;
import dev.opsmind.server.http.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of the server while an approved action runs: after the restart the proposal is
 * {@code interrupted} (never approved or runnable again), and the audit log, with the run's
 * start on it, verifies.
 */
class KillDuringActionTest {
  @TempDir Path tmp;

  private ChildServer start(Path config) throws Exception {
    return ChildServer.start(tmp, ConfigServerChild.class, config.toString());
  }

  @Test
  void aRunCutShortByKillNineIsInterruptedAfterRestart() throws Exception {
    Path runbooks = Files.createDirectories(tmp.resolve("runbooks"));
    Path out = tmp.resolve("argv.json");
    String sleepy = Json.write(Json.MAPPER.valueToTree(ActionRunnerTest.recorder(out, "sleep={{seconds}}")));
    Files.writeString(runbooks.resolve("slow.md"), """
        # Slow fix

        ```opsmind-action
        name: slow-fix
        run: %s
        params:
          seconds: {pattern: "^[0-9]{1,3}$"}
        risk: low
        timeout_seconds: 300
        ```
        """.formatted(sleepy));
    Path config = tmp.resolve("opsmind.yaml");
    Files.writeString(config, Json.write(Json.object()
        .put("port", 0).put("embedder", "bge-small-zh-v1.5-q")
        .put("index", tmp.resolve("data").resolve("index").toString())
        .set("sources", Json.MAPPER.createArrayNode().add(Json.object().put("collection", "runbooks")
            .put("path", runbooks.toString()).set("readers", Json.MAPPER.createArrayNode().add("*")))))
        .replaceFirst("}$", ",\"actions\":{\"allow\":[" + Json.MAPPER.writeValueAsString(ActionRunnerTest.JAVA)
            + "],\"workingDirectory\":" + Json.MAPPER.writeValueAsString(tmp.toString()) + "}}"));
    String id;
    ChildServer child = start(config);
    try {
      TestHttp http = new TestHttp(child.port(), null);
      http.awaitReady();
      var proposed = http.post("/v1/actions/proposals",
          "{\"action\":\"slow-fix\",\"arguments\":{\"seconds\":\"60\"},\"rationale\":\"slow\"}");
      assertEquals(201, proposed.status(), proposed.body());
      id = proposed.json().get("id").asText();
      assertEquals(200, http.post("/v1/actions/proposals/" + id + "/approve", "{}").status());
      Thread runner = new Thread(() -> {
        try {
          http.post("/v1/actions/proposals/" + id + "/run", "{}");
        } catch (AssertionError e) {
          // the server dies under the request
        }
      });
      runner.start();
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
      while (!Files.exists(out) && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertTrue(Files.exists(out), "the action started");
      child.process().destroyForcibly(); // SIGKILL: no shutdown hook
      child.process().waitFor(1, TimeUnit.MINUTES);
      runner.join(60_000);
      Thread.sleep(200); // the recorder wrote its file: its pid is there; the orphan is ended here, not by the server
      long pid = Json.MAPPER.readTree(Files.readString(out)).get("pid").asLong();
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    } finally {
      child.process().destroyForcibly();
    }
    ChildServer again = start(config);
    try {
      TestHttp http = new TestHttp(again.port(), null);
      http.awaitReady();
      JsonNode p = http.get("/v1/actions/proposals/" + id).json();
      assertEquals("interrupted", p.get("state").asText(), p.toString());
      assertTrue(p.get("result").get("message").asText().contains("outcome is unknown"));
      assertEquals(409, http.post("/v1/actions/proposals/" + id + "/run", "{}").status(), "never runnable again");
      assertEquals(409, http.post("/v1/actions/proposals/" + id + "/approve", "{}").status(), "never approved again");
      JsonNode started = http.get("/v1/audit?event=action_run_started").json().get("data");
      assertEquals(1, started.size(), started.toString());
      assertEquals(1, http.get("/v1/audit?event=action_run_interrupted").json().get("data").size());
      var chain = AuditChain.verify(tmp.resolve("data").resolve("audit").resolve(AuditLog.FILE));
      assertTrue(chain.ok(), chain.broken());
    } finally {
      again.process().destroyForcibly();
      again.process().waitFor(1, TimeUnit.MINUTES);
    }
  }
}
