package dev.opsmind.server.grounded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.opsmind.server.OpsmindServer;
import dev.opsmind.server.TestHttp;
import dev.opsmind.server.TestRoots;
import dev.opsmind.server.config.ServerConfig;
import dev.opsmind.server.http.Json;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The README's grounded-answer examples (English and Chinese, README.md and README.zh-CN.md) and
 * the plain-language variants of them, asked as a new user asks them: the default
 * embedder pair over the sample runbooks, the extractive model. Each must cite exactly the runbook
 * that answers it (no padding), and an unrelated question nothing.
 */
class ReadmeExamplesTest {
  @TempDir static Path tmp;
  static OpsmindServer server;
  static TestHttp http;

  @BeforeAll
  static void start() {
    ServerConfig config = ServerConfig.defaults().withPort(0).withIndex(tmp.resolve("data").resolve("index"))
        .withSources(List.of(new ServerConfig.Source("runbooks", TestRoots.sampleRunbooks(), List.of("*"))));
    assertEquals(ServerConfig.DEFAULT_EMBEDDERS, config.embedders());
    server = OpsmindServer.start(config);
    http = new TestHttp(server.port(), null);
    http.awaitReady();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      The disk on node-3 is full, what do I do?            | disk-full.md
      My server ran out of disk space                      | disk-full.md
      /var partition is full                               | disk-full.md
      服务器磁盘满了怎么处理？                                 | disk-full.md
      磁盘满了怎么办                                          | disk-full.md
      磁盘空间不足怎么办？                                     | disk-full.md
      节点磁盘使用率超过 90% 怎么办？                           | disk-full.md
      磁盘 inode 耗尽怎么处理？                                | disk-inodes-exhausted.zh.md
      inodes exhausted on a node                           | disk-inodes-exhausted.zh.md
      nginx returns 502 Bad Gateway, what should I check?  | nginx-502-bad-gateway.html
      a new pod stays Pending for a long time              | pod-pending.zh.md
      MySQL 从库延迟很大怎么办                                 | mysql-replication-lag.md
      证书快过期了                                            | certificate-expiry.md
      What is the capital of France?                       |
      """)
  void eachExampleCitesExactlyItsRunbook(String question, String expected) {
    var body = Json.object().put("model", "opsmind-extractive");
    body.putArray("messages").addObject().put("role", "user").put("content", question);
    var reply = http.post("/v1/chat/completions", Json.write(body));
    assertEquals(200, reply.status(), reply.body());
    JsonNode citations = reply.json().get("opsmind").get("citations");
    List<String> cited = StreamSupport.stream(citations.spliterator(), false).map(c -> c.get("path").asText()).toList();
    assertEquals(expected == null ? List.of() : List.of(expected), cited, reply.body());
    if (expected == null) {
      assertTrue(reply.json().get("choices").get(0).get("message").get("content").asText().contains("Nothing relevant"));
    }
  }
}
