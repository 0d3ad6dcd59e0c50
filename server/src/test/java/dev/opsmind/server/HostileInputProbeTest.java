package dev.opsmind.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.opsmind.server.auth.ApiKeys;
import dev.opsmind.server.config.ServerConfig;
import java.io.ByteArrayOutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12's measure in the test suite: the hostile inputs of the probe, by category, against a
 * server with a generator, the embedder, an index and keys (an admin and a low-privilege reader).
 * Every outcome is classed 2xx / 4xx / 5xx / closed; no category may produce a 5xx, the server
 * must answer /health afterwards, and a reader must never succeed at an admin write. The table
 * is printed (server/README.md, "Security", records a run).
 */
class HostileInputProbeTest {
  @TempDir Path tmp;
  final Map<String, int[]> outcomes = new TreeMap<>(); // category → {2xx, 4xx, 5xx, closed}
  static final String KNOWN = "long queries and many tags (item 4)";

  private void count(String category, int status) {
    int[] c = outcomes.computeIfAbsent(category, k -> new int[4]);
    if (status < 0) {
      c[3]++;
    } else if (status < 300) {
      c[0]++;
    } else if (status < 500) {
      c[1]++;
    } else {
      c[2]++;
    }
  }

  private int send(TestHttp http, String method, String path, String body, String auth) {
    try {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(http.base() + path)).timeout(Duration.ofSeconds(60));
      if (auth != null) {
        b.header("Authorization", auth);
      }
      b.header("Content-Type", "application/json");
      b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
      return http.client().send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (Exception e) {
      return -1;
    }
  }

  /** Raw bytes on a socket: the status of the reply, or -1 when the server closed without one. */
  private static int raw(int port, byte[] request) {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(30_000);
      socket.getOutputStream().write(request);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buffer = new byte[4096];
      int n;
      while (out.size() < 12 && (n = socket.getInputStream().read(buffer)) > 0) {
        out.write(buffer, 0, n);
      }
      String head = out.toString(StandardCharsets.ISO_8859_1);
      return head.startsWith("HTTP/1.1 ") ? Integer.parseInt(head.substring(9, 12)) : -1;
    } catch (Exception e) {
      return -1;
    }
  }

  @Test
  void hostileInputsNeverGetA5xxAndTheServerKeepsAnswering() throws Exception {
    Path model = TestModels.tinyQwen2(tmp);
    ServerConfig config = ServerConfig.defaults().withPort(0).withEmbedder("bge-small-zh-v1.5-q")
        .withIndex(tmp.resolve("data").resolve("index")).withModels(List.of(model.toString()))
        .withLimits(new ServerConfig.Limits(0, 0, 4, 64, 4096, 4))
        .withQuotas(new ServerConfig.Quotas(0, null, null, null))
        .withSources(List.of(new ServerConfig.Source("runbooks", TestRoots.sampleRunbooks(), List.of("*"))))
        .withApiKeys(List.of(new ServerConfig.ApiKeyEntry("root", ApiKeys.sha256Hex("sk-root"), true),
            new ServerConfig.ApiKeyEntry("eve", ApiKeys.sha256Hex("sk-eve"), false)));
    String name = model.getFileName().toString();
    try (OpsmindServer server = OpsmindServer.start(config)) {
      TestHttp root = new TestHttp(server.port(), "sk-root");
      root.awaitReady();
      root.post("/v1/collections", "{\"name\":\"scratch\",\"readers\":[\"*\"]}");
      String eve = "Bearer sk-eve";

      // 1. inputs of ~3.8 MB on every text endpoint
      String huge = "disk full on /var ".repeat(210_000);
      List<String[]> big = List.of(
          new String[] {"/v1/embeddings", "{\"model\":\"bge-small-zh-v1.5-q\",\"input\":\"" + huge + "\"}"},
          new String[] {"/tokenize", "{\"model\":\"" + name + "\",\"prompt\":\"" + huge + "\"}"},
          new String[] {"/v1/chat/completions", "{\"model\":\"" + name + "\",\"max_tokens\":2,\"messages\":[{\"role\":\"user\",\"content\":\"" + huge + "\"}]}"},
          new String[] {"/v1/completions", "{\"model\":\"" + name + "\",\"max_tokens\":2,\"prompt\":\"" + huge + "\"}"},
          new String[] {"/v1/responses", "{\"model\":\"" + name + "\",\"max_output_tokens\":2,\"input\":\"" + huge + "\"}"},
          new String[] {"/v1/feedback", "{\"response_id\":\"x\",\"rating\":1,\"comment\":\"" + huge + "\"}"});
      for (String[] b : big) {
        count("large inputs (3.8 MB)", send(root, "POST", b[0], b[1], eve));
      }
      // Issue 12 item 4: a 1,024-word query, a pasted runbook, 2,000 tags hit Lucene's clause limit
      // (500); the query keeps its rarest terms and the filter at most 64 tags (400).
      count(KNOWN, send(root, "POST", "/v1/chat/completions", "{\"model\":\"opsmind-extractive\",\"messages\":"
          + "[{\"role\":\"user\",\"content\":\"" + huge.substring(0, 20_000) + "\"}]}", eve));
      count(KNOWN, send(root, "POST", "/v1/search", "{\"query\":\"" + huge.substring(0, 20_000) + "\"}", eve));
      StringBuilder words = new StringBuilder();
      for (int i = 0; i < 1024; i++) {
        words.append("word").append(i).append(' ');
      }
      count(KNOWN, send(root, "POST", "/v1/search", "{\"query\":\"" + words + "\"}", eve));
      StringBuilder tags = new StringBuilder("[");
      for (int i = 0; i < 2000; i++) {
        tags.append(i == 0 ? "" : ",").append("\"t").append(i).append('"');
      }
      count(KNOWN, send(root, "POST", "/v1/search", "{\"query\":\"disk\",\"filters\":{\"tags\":" + tags + "]}}", eve));

      // 2. malformed bodies on every JSON route
      List<String> routes = List.of("/v1/chat/completions", "/v1/completions", "/v1/responses", "/v1/embeddings",
          "/tokenize", "/detokenize", "/v1/search", "/v1/feedback", "/v1/collections");
      List<String> bodies = new ArrayList<>(List.of("", "null", "[]", "{", "}", "\"x\"", "1e999999", "{\"model\":1e999}",
          "{\"a\":1}garbage", "{\"a\":1,\"a\":2}", "{\"model\":null,\"messages\":null}", "{\"input\":{\"$ne\":1}}",
          "{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\"}]}]}", "{\"\\u0000\":\"\\u0000\"}",
          "{\"n\":-1,\"max_tokens\":-5,\"temperature\":\"hot\"}", "{\"query\":\"" + "x ".repeat(5000) + "\",\"top_k\":1e9}",
          "{\"tokens\":[-1,99999999999]}", "{\"name\":\"../../etc\",\"readers\":[\"\"]}", "\uFEFF{}",
          "[".repeat(5000) + "]".repeat(5000), "{\"a\":".repeat(3000) + "1" + "}".repeat(3000)));
      for (String route : routes) {
        for (String body : bodies) {
          count("malformed bodies", send(root, "POST", route, body, eve));
        }
        // invalid UTF-8 bytes
        byte[] head = ("POST " + route + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer sk-eve\r\nContent-Type: application/json\r\n"
            + "Content-Length: 14\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] bad = {'{', '"', 'm', '"', ':', '"', (byte) 0xC3, (byte) 0x28, (byte) 0xFF, '"', ',', '1', '}', ' '};
        byte[] all = new byte[head.length + bad.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(bad, 0, all, head.length, bad.length);
        count("malformed bodies", raw(server.port(), all));
      }

      // 3. auth variants x routes; a reader's admin writes must never succeed
      List<String[]> every = List.of(new String[] {"GET", "/v1/models"}, new String[] {"GET", "/v1/models/x"},
          new String[] {"POST", "/v1/chat/completions"}, new String[] {"POST", "/v1/completions"},
          new String[] {"POST", "/v1/responses"}, new String[] {"GET", "/v1/responses/resp_x"},
          new String[] {"DELETE", "/v1/responses/resp_x"}, new String[] {"POST", "/v1/embeddings"},
          new String[] {"POST", "/tokenize"}, new String[] {"POST", "/detokenize"}, new String[] {"POST", "/v1/collections"},
          new String[] {"GET", "/v1/collections"}, new String[] {"GET", "/v1/collections/scratch"},
          new String[] {"DELETE", "/v1/collections/scratch"}, new String[] {"GET", "/v1/collections/scratch/documents"},
          new String[] {"DELETE", "/v1/collections/scratch/documents/a.md"}, new String[] {"POST", "/v1/search"},
          new String[] {"POST", "/v1/feedback"}, new String[] {"GET", "/v1/feedback"}, new String[] {"GET", "/v1/audit"},
          new String[] {"GET", "/health"}, new String[] {"GET", "/ready"}, new String[] {"GET", "/metrics"});
      List<String> auths = new ArrayList<>(java.util.Arrays.asList(null, "", "Bearer", "Bearer ", "Bearer sk-wrong",
          "Basic c2stcm9vdDo=", "bearer sk-eve", "Bearer sk-eve sk-root", "Bearer " + "k".repeat(6000)));
      for (String[] route : every) {
        for (String auth : auths) {
          int status = send(root.withoutKey(), route[0], route[1], route[0].equals("POST") ? "{}" : null, auth);
          count("auth variants (9 x " + every.size() + ")", status);
        }
        boolean adminOnly = route[0].equals("DELETE") && route[1].startsWith("/v1/collections")
            || route[0].equals("GET") && List.of("/v1/audit", "/v1/feedback").contains(route[1]);
        if (adminOnly) {
          int status = send(root, route[0], route[1], null, eve);
          assertTrue(status == 403 || status == 404 || status == 409 || status == 400, route[1] + " as a reader: " + status);
        }
      }
      assertEquals(403, send(root, "POST", "/v1/collections", "{\"name\":\"evil\"}", eve));

      // 4. path tricks and random methods (raw, as a client can send them)
      List<String> paths = List.of("/v1/../v1/models", "/v1/%2e%2e/metrics", "//v1//models", "/v1/collections/..%2f..%2fetc",
          "/v1/collections/scratch/documents/..%2F..%2Fpasswd", "/v1/models/%00", "/v1/models/%ZZ", "/" + "a".repeat(10_000),
          "/v1/collections/scratch/documents/" + "%2e%2e/".repeat(50), "/health?x=" + "y".repeat(6000), "*", "http://evil/v1/models");
      for (String path : paths) {
        count("path tricks", raw(server.port(), ("GET " + path + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer sk-eve\r\n"
            + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1)));
      }
      Random random = new Random(7);
      for (int i = 0; i < 200; i++) {
        StringBuilder method = new StringBuilder();
        for (int j = 0; j < 1 + random.nextInt(4000); j++) {
          method.append((char) ('A' + random.nextInt(26)));
        }
        count("random methods", raw(server.port(), (method + " /v1/models HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII)));
      }

      // 5. concurrent streams
      List<CompletableFuture<HttpResponse<String>>> streams = new ArrayList<>();
      for (int i = 0; i < 64; i++) {
        streams.add(root.client().sendAsync(root.builder("/v1/chat/completions").header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + name + "\",\"max_tokens\":4,\"stream\":true,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi " + i + "\"}]}")).build(), HttpResponse.BodyHandlers.ofString()));
      }
      for (var stream : streams) {
        try {
          count("concurrent streams (64)", stream.get().statusCode());
        } catch (Exception e) {
          count("concurrent streams (64)", -1);
        }
      }

      assertEquals(200, root.get("/health").status(), "still answering");
      String metrics = root.get("/metrics").body();
      assertTrue(metrics.length() < 200_000, "metrics stayed small: " + metrics.length());
    }
    StringBuilder table = new StringBuilder("hostile-input probe: category | 2xx | 4xx | 5xx | closed\n");
    int total = 0;
    int fivexx = 0;
    for (var e : outcomes.entrySet()) {
      int[] c = e.getValue();
      table.append(String.format("  %-30s %5d %5d %5d %5d%n", e.getKey(), c[0], c[1], c[2], c[3]));
      total += c[0] + c[1] + c[2] + c[3];
      fivexx += c[2];
    }
    table.append("  total ").append(total).append(" inputs, ").append(fivexx).append(" 5xx");
    System.out.println(table);
    assertEquals(0, fivexx, table.toString());
  }
}
