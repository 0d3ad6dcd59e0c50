package dev.opsmind.server.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.opsmind.server.OpsmindServer;
import dev.opsmind.server.TestHttp;
import dev.opsmind.server.TestRoots;
import dev.opsmind.server.config.ServerConfig;
import dev.opsmind.server.http.Json;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** POST /v1/diagnose on the real index of the sample runbooks: JSON, uploads, streaming, bad input. */
class DiagnoseApiTest {
  @TempDir static Path tmp;
  static OpsmindServer server;
  static TestHttp http;

  static final String LOG = String.join("\n",
      "2024-03-01 10:00:00,001 INFO  [main] app.Writer - Wrote batch 1 of 512 records to /var/lib/app/data",
      "2024-03-01 10:00:01,002 INFO  [main] app.Writer - Wrote batch 2 of 512 records to /var/lib/app/data",
      "2024-03-01 10:00:02,003 INFO  [main] app.Writer - Wrote batch 3 of 510 records to /var/lib/app/data",
      "2024-03-01 10:00:03,004 INFO  [main] app.Writer - Wrote batch 4 of 509 records to /var/lib/app/data",
      "2024-03-01 10:00:04,005 WARN  [main] app.Disk - Filesystem /var usage at 97 percent",
      "2024-03-01 10:00:05,006 ERROR [main] app.Writer - write failed: No space left on device (disk full on /var)",
      "java.io.IOException: No space left on device",
      "\tat app.Writer.flush(Writer.java:88)",
      "2024-03-01 10:00:06,007 ERROR [main] app.Writer - write failed: No space left on device (disk full on /var)",
      "2024-03-01 10:00:07,008 INFO  [main] app.Writer - Wrote batch 5 of 12 records to /var/lib/app/data") + "\n";

  @BeforeAll
  static void start() {
    ServerConfig config = ServerConfig.defaults().withPort(0).withEmbedder("bge-small-zh-v1.5-q")
        .withIndex(tmp.resolve("index"))
        .withSources(List.of(new ServerConfig.Source("runbooks", TestRoots.sampleRunbooks(), List.of("*"))));
    server = OpsmindServer.start(config);
    http = new TestHttp(server.port(), null);
    http.awaitReady();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void pastedLogsGetAReportWhoseCitationsPointAtRealLinesAndARunbook() {
    var reply = http.post("/v1/diagnose", Json.MAPPER.createObjectNode().put("logs", LOG).put("format", "log4j").toString());
    assertEquals(200, reply.status(), reply.body());
    JsonNode r = reply.json();
    assertEquals("diagnosis", r.get("object").asText());
    assertEquals(8, r.get("records").asInt(), reply.body());
    JsonNode top = r.get("anomalous_templates").get(0);
    assertTrue(top.get("error").asBoolean(), reply.body());
    String[] lines = LOG.split("\n");
    for (JsonNode ex : top.get("examples")) {
      int n = ex.get("line").asInt();
      assertTrue(lines[n - 1].endsWith(ex.get("text").asText().split("\n")[0]), "example cites line " + n + ": " + ex);
    }
    assertEquals("request:6", r.get("first_error").get("line").get("citation").asText());
    assertTrue(r.get("root_cause").asText().contains("request:6"), r.get("root_cause").asText());
    JsonNode runbooks = r.get("runbooks");
    assertFalse(runbooks.isEmpty(), reply.body());
    assertTrue(runbooks.findValuesAsText("path").stream().anyMatch(p -> p.startsWith("disk-full")), runbooks.toString());
    assertTrue(r.get("markdown").asText().contains("# Log diagnosis"));
  }

  @Test
  void uploadedGzipFilesAreDiagnosedAndStreamedProgressEndsInTheReport() throws Exception {
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
      out.write(LOG.getBytes(StandardCharsets.UTF_8));
    }
    var uploaded = http.upload("/v1/diagnose", Map.of("app.log.gz", gz.toByteArray()));
    assertEquals(200, uploaded.status(), uploaded.body());
    assertEquals("app.log.gz:6", uploaded.json().get("first_error").get("line").get("citation").asText());

    var streamed = http.send(http.builder("/v1/diagnose").POST(HttpRequest.BodyPublishers.ofString(
        "{\"logs\":" + Json.MAPPER.writeValueAsString(LOG) + ",\"stream\":true}")));
    assertEquals(200, streamed.status(), streamed.body());
    assertTrue(streamed.body().contains("event: diagnosis"), streamed.body());
  }

  @Test
  void aGroundedChatWithPastedLogsCitesTheLogLinesAndARunbook() {
    String question = "Our writer keeps failing, what should I do?\n" + LOG;
    var body = Json.MAPPER.createObjectNode().put("model", "opsmind-extractive");
    body.putArray("messages").addObject().put("role", "user").put("content", question);
    var reply = http.post("/v1/chat/completions", body.toString());
    assertEquals(200, reply.status(), reply.body());
    JsonNode cited = reply.json().get("opsmind").get("citations");
    JsonNode log = null;
    boolean runbook = false;
    for (JsonNode c : cited) {
      if (c.get("collection").asText().equals("logs")) log = c;
      if (c.get("path").asText().startsWith("disk-full")) runbook = true;
    }
    assertTrue(log != null && runbook, cited.toString());
    assertEquals("pasted-log", log.get("path").asText());
    String[] lines = question.split("\n");
    int start = log.get("start_line").asInt();
    assertTrue(lines[start - 1].contains("2024-03-01"), "the log citation starts at a real log line: " + lines[start - 1]);
    String content = reply.json().get("choices").get(0).get("message").get("content").asText();
    assertTrue(content.contains("first at pasted-log:7 (\"write failed: No space left on device"), content);
  }

  @Test
  void anIndexedLogCollectionIsDiagnosedWithTheFilesOwnLineNumbers() {
    var reply = http.post("/v1/diagnose", "{\"log_collection\":\"runbooks\",\"path_prefix\":\"payment\","
        + "\"since\":\"2026-03-14T02:00:00Z\",\"until\":\"2026-03-14T03:00:00Z\"}");
    assertEquals(200, reply.status(), reply.body());
    JsonNode r = reply.json();
    assertEquals("payment-service-oom.log", r.get("inputs").get(0).asText(), reply.body());
    assertEquals(10, r.get("records").asInt(), reply.body());
    assertEquals("payment-service-oom.log:4", r.get("first_error").get("line").get("citation").asText(), reply.body());
    var early = http.post("/v1/diagnose", "{\"log_collection\":\"runbooks\",\"path_prefix\":\"payment\","
        + "\"until\":\"2026-03-14T02:42:00Z\"}");
    assertEquals(200, early.status(), early.body());
    assertTrue(early.json().get("first_error").isNull(), "the window ends before the first error: " + early.body());
    assertEquals(404, http.post("/v1/diagnose", "{\"log_collection\":\"nope\"}").status());
    assertEquals(400, http.post("/v1/diagnose", "{\"log_collection\":\"runbooks\",\"path_prefix\":\"zzz\"}").status());
  }

  @Test
  void anIndexedCollectionOfNormalLogsIsTheBaselineAndIsKeptBesideTheIndex() throws Exception {
    String window = String.join("\n",
        "2026-03-15T02:10:03.118Z INFO  payment-api-7d9f8 [main] Started PaymentApplication in 10.1 seconds",
        "2026-03-15T02:41:55.602Z WARN  payment-api-7d9f8 [gc] GC overhead: 12% of time in the last 60s, heap 1.02G/2.00G",
        "2026-03-15T02:45:00.000Z ERROR payment-api-7d9f8 [main] Database connection pool exhausted after 30000 ms");
    var body = Json.MAPPER.createObjectNode().put("logs", window).put("baseline_collection", "runbooks");
    var reply = http.post("/v1/diagnose", body.toString());
    assertEquals(200, reply.status(), reply.body());
    JsonNode r = reply.json();
    assertEquals("given", r.get("window").get("baseline").asText());
    JsonNode top = r.get("anomalous_templates");
    assertEquals(1, top.size(), reply.body());
    assertTrue(top.get(0).get("new").asBoolean() && top.get(0).get("error").asBoolean(), reply.body());
    assertEquals("request:3", top.get(0).get("first_seen").get("citation").asText());
    assertTrue(java.nio.file.Files.isRegularFile(tmp.resolve("log-baselines/runbooks/log-templates.json")));
    assertEquals(200, http.post("/v1/diagnose", body.toString()).status(), "the stored baseline is reused");
  }

  @Test
  void badInputIsAClearErrorNeverA500() {
    var binary = http.upload("/v1/diagnose", Map.of("core.bin", new byte[] {0x7f, 'E', 'L', 'F', 0, 0, 0, 1}));
    assertEquals(400, binary.status(), binary.body());
    assertTrue(binary.error().get("message").asText().contains("not a text log"), binary.body());
    var format = http.post("/v1/diagnose", "{\"logs\":\"x\",\"format\":\"nope\"}");
    assertEquals(400, format.status(), format.body());
    assertEquals("format", format.error().get("param").asText());
    assertEquals(400, http.post("/v1/diagnose", "{}").status());
    assertEquals(400, http.post("/v1/diagnose", "{\"logs\":\"x\",\"since\":\"yesterday\"}").status());
    var empty = http.post("/v1/diagnose", "{\"logs\":\"\\n\\n\"}");
    assertEquals(400, empty.status(), empty.body());
  }
}
