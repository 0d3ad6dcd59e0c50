package dev.opsmind.server.actions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.opsmind.server.OpsmindServer;
import dev.opsmind.server.TestHttp;
import dev.opsmind.server.audit.AuditChain;
import dev.opsmind.server.audit.AuditLog;
import dev.opsmind.server.auth.ApiKeys;
import dev.opsmind.server.config.ServerConfig;
import dev.opsmind.server.http.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The flow over HTTP with a real index, real keys and a real test executable: declared in a
 * runbook, proposed, refused where the rules say, approved, run once, audited; the audit chain
 * verifies after the server stops.
 */
class ActionsApiTest {
  @TempDir Path tmp;

  static String runbook(Path out) {
    String record = Json.write(Json.MAPPER.valueToTree(ActionRunnerTest.recorder(out, "{{target}}")));
    return """
        # Recorder runbook

        When the recorder needs to record, run the action below.

        ```opsmind-action
        name: record
        description: Record an argument
        run: %s
        params:
          target: {pattern: "(?s).{1,200}", description: "anything at all"}
        risk: medium
        timeout_seconds: 60
        ```

        ```opsmind-action
        name: strict
        run: %s
        params:
          target: {pattern: "^[a-z]{1,16}$"}
        risk: low
        ```

        ```opsmind-action
        name: danger
        run: %s
        params:
          target: {pattern: "^[a-z]{1,16}$"}
        risk: high
        ```

        ```opsmind-action
        name: restart-unit
        run: %s
        params:
          target: {pattern: "^[a-z0-9@._-]{1,64}\\\\.service$"}
        risk: medium
        ```

        ```opsmind-action
        name: shell-out
        run: ["/bin/sh", "-c", "id"]
        ```

        ```opsmind-action
        name: broken
        run: ["/bin/echo", "{{nope}}"]
        ```
        """.formatted(record, record, record, record);
  }

  @Test
  void proposeApproveRunOnceWithRolesFourEyesAndAudit() throws Exception {
    Path runbooks = Files.createDirectories(tmp.resolve("runbooks"));
    Path out = tmp.resolve("argv.json");
    Files.writeString(runbooks.resolve("recorder.md"), runbook(out));
    ServerConfig config = ServerConfig.defaults().withPort(0).withEmbedder("bge-small-zh-v1.5-q")
        .withIndex(tmp.resolve("data").resolve("index"))
        .withSources(List.of(new ServerConfig.Source("runbooks", runbooks, List.of("*"))))
        .withApiKeys(List.of(
            new ServerConfig.ApiKeyEntry("root", ApiKeys.sha256Hex("sk-root"), true),
            new ServerConfig.ApiKeyEntry("olga", ApiKeys.sha256Hex("sk-olga"), false, "operator", null),
            new ServerConfig.ApiKeyEntry("otto", ApiKeys.sha256Hex("sk-otto"), false, "operator", null),
            new ServerConfig.ApiKeyEntry("rita", ApiKeys.sha256Hex("sk-rita"), false, "reader", null)))
        .withActions(new ServerConfig.Actions(List.of(ActionRunnerTest.JAVA), null, null, tmp, null, null, null));
    try (OpsmindServer server = OpsmindServer.start(config)) {
      TestHttp rita = new TestHttp(server.port(), "sk-rita");
      TestHttp olga = new TestHttp(server.port(), "sk-olga");
      TestHttp otto = new TestHttp(server.port(), "sk-otto");
      rita.awaitReady();

      JsonNode actions = rita.get("/v1/actions").json().get("data");
      List<String> names = new ArrayList<>();
      actions.forEach(a -> names.add(a.get("name").asText()));
      assertEquals(List.of("record", "strict", "danger", "restart-unit"), names, rita.get("/v1/actions/errors").body());
      assertEquals("recorder.md", actions.get(0).get("path").asText());
      assertEquals(5, actions.get(0).get("start_line").asInt());
      JsonNode errors = rita.get("/v1/actions/errors").json().get("data");
      assertEquals(2, errors.size(), errors.toString());
      assertTrue(errors.toString().contains("not on the server's actions.allow"), errors.toString());
      assertTrue(errors.toString().contains("{{nope}} has no parameter"), errors.toString());

      // arguments failing the pattern: 400 naming the parameter, nothing stored
      for (String bad : List.of("; rm -rf /", "$(touch /tmp/x)", "`id`", "a\\nb", "--option", "../etc")) {
        var reply = rita.post("/v1/actions/proposals", "{\"action\":\"strict\",\"arguments\":{\"target\":\""
            + bad.replace("\"", "\\\"") + "\"},\"rationale\":\"try\"}");
        assertEquals(400, reply.status(), reply.body());
        assertEquals("arguments.target", reply.error().get("param").asText());
      }
      assertEquals(0, olga.get("/v1/actions/proposals").json().get("data").size(), "nothing stored");
      assertEquals(400, rita.post("/v1/actions/proposals", "{\"action\":\"shell-out\",\"rationale\":\"x\"}").status());

      // a pattern that allows anything: the hostile value reaches the process as one literal element
      String hostile = "; rm -rf / $(touch " + tmp.resolve("pwned") + ") `id`\n--option=../../x";
      var proposed = rita.post("/v1/actions/proposals", Json.write(Json.object().put("action", "record")
          .put("rationale", "the disk is full").set("arguments", Json.object().put("target", hostile))));
      assertEquals(201, proposed.status(), proposed.body());
      JsonNode p = proposed.json();
      String id = p.get("id").asText();
      assertEquals("pending", p.get("state").asText());
      assertEquals("rita", p.get("proposed_by").asText());
      assertEquals("medium", p.get("risk").asText());
      assertEquals("runbooks", p.get("source").get("collection").asText());
      assertTrue(p.get("expires_at").asLong() > p.get("created_at").asLong());
      assertEquals(hostile, p.get("argv").get(p.get("argv").size() - 1).asText());

      assertEquals(409, olga.send(olga.builder("/v1/actions/proposals/" + id + "/run").POST(java.net.http.HttpRequest.BodyPublishers.noBody())).status(), "no run without approval (an empty body is fine)");
      assertEquals(403, rita.post("/v1/actions/proposals/" + id + "/approve", "{}").status(), "a reader cannot approve");
      assertEquals(403, rita.post("/v1/actions/proposals/" + id + "/run", "{}").status());
      var dry = olga.post("/v1/actions/proposals/" + id + "/run", "{\"dry_run\":true}");
      assertEquals(200, dry.status(), dry.body());
      assertTrue(dry.json().get("dry_run").asBoolean());
      assertFalse(Files.exists(out), "a dry run runs nothing");
      var approved = olga.post("/v1/actions/proposals/" + id + "/approve", "{\"comment\":\"go\"}");
      assertEquals(200, approved.status(), approved.body());
      assertEquals("approved", approved.json().get("state").asText());
      assertEquals(409, otto.post("/v1/actions/proposals/" + id + "/approve", "{}").status(), "decided: 409");
      var run = otto.post("/v1/actions/proposals/" + id + "/run", "{}");
      assertEquals(200, run.status(), run.body());
      JsonNode result = run.json();
      assertEquals("succeeded", result.get("state").asText(), result.toString());
      assertEquals(0, result.get("exit_code").asInt());
      assertEquals("ran\n", result.get("stdout").asText());
      assertFalse(result.get("stdout_truncated").asBoolean());
      assertFalse(result.get("timed_out").asBoolean());
      assertTrue(result.has("started_at") && result.has("duration_ms"));
      JsonNode recorded = Json.MAPPER.readTree(Files.readString(out));
      assertEquals(1, recorded.get("argv").size());
      assertEquals(hostile, recorded.get("argv").get(0).asText());
      assertFalse(Files.exists(tmp.resolve("pwned")));
      assertEquals(409, otto.post("/v1/actions/proposals/" + id + "/run", "{}").status(), "no run twice");
      assertEquals("succeeded", rita.get("/v1/actions/proposals/" + id).json().get("state").asText());

      // four eyes: a high-risk proposal cannot be approved by its proposer
      var high = olga.post("/v1/actions/proposals", "{\"action\":\"danger\",\"arguments\":{\"target\":\"db\"},"
          + "\"rationale\":\"needed\"}");
      assertEquals(201, high.status(), high.body());
      String highId = high.json().get("id").asText();
      assertEquals(403, olga.post("/v1/actions/proposals/" + highId + "/approve", "{}").status());
      assertEquals(404, rita.get("/v1/actions/proposals/" + highId).status(), "a reader sees only their own");
      assertEquals(1, rita.get("/v1/actions/proposals").json().get("data").size());
      assertEquals(2, otto.get("/v1/actions/proposals").json().get("data").size());
      var rejected = otto.post("/v1/actions/proposals/" + highId + "/reject", "{\"comment\":\"not today\"}");
      assertEquals("rejected", rejected.json().get("state").asText());
      assertEquals(1, otto.get("/v1/actions/proposals?state=rejected").json().get("data").size());

      // the assistant: a grounded answer citing the runbook offers its actions, pending when the question fills them
      var answer = rita.post("/v1/chat/completions", "{\"model\":\"opsmind-extractive\",\"messages\":[{\"role\":"
          + "\"user\",\"content\":\"The recorder needs to record: what should I run for nginx.service?\"}]}");
      assertEquals(200, answer.status(), answer.body());
      JsonNode offered = answer.json().path("opsmind").path("proposed_actions");
      assertEquals(4, offered.size(), answer.body());
      JsonNode restart = null;
      for (JsonNode item : offered) {
        if (item.get("action").asText().equals("restart-unit")) {
          restart = item;
        } else {
          assertTrue(item.get("proposal_id").isNull(), "ambiguous arguments are left for the operator: " + item);
          assertTrue(item.get("missing").size() > 0);
        }
      }
      assertEquals("nginx.service", restart.get("arguments").get("target").asText(), restart.toString());
      String assistantId = restart.get("proposal_id").asText();
      JsonNode stored = rita.get("/v1/actions/proposals/" + assistantId).json();
      assertEquals("pending", stored.get("state").asText());
      assertEquals("assistant", stored.get("origin").asText());
      assertEquals("rita", stored.get("proposed_by").asText());
    }
    Path audit = tmp.resolve("data").resolve("audit").resolve(AuditLog.FILE);
    assertTrue(AuditChain.verify(audit).ok(), "the audit chain verifies after the restart-free stop");
    String log = Files.readString(audit);
    for (String event : List.of("action_proposed", "action_approved", "action_run_started", "action_run_finished",
        "action_rejected", "action_refused", "action_dry_run")) {
      assertTrue(log.contains("\"event\":\"" + event + "\""), event);
    }
    assertTrue(log.contains("\"request_id\":\"req_"), "state changes carry the request id");
  }
}
