package dev.opsmind.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.opsmind.server.OpsmindServer;
import dev.opsmind.server.TestHttp;
import dev.opsmind.server.config.ServerConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Issue 12 items 2, 3 and 9: half-open and slow connections are closed, connection counts are
 * capped, client-chosen HTTP methods cannot add metric series, open mode listens on loopback.
 */
class ConnectionLimitsTest {

  static ServerConfig config(ServerConfig.Http http) {
    return ServerConfig.defaults().withPort(0).withEmbedder("none").withHttp(http);
  }

  /** Whether the server closes the socket within {@code seconds} (read returns -1 or the connection resets). */
  static boolean closedWithin(Socket socket, int seconds) throws IOException {
    socket.setSoTimeout(seconds * 1000);
    InputStream in = socket.getInputStream();
    try {
      while (true) {
        if (in.read() < 0) {
          return true;
        }
      }
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true; // reset
    }
  }

  @Test
  void halfOpenAndSlowHeaderConnectionsAreClosed() throws Exception {
    try (OpsmindServer server = OpsmindServer.start(config(new ServerConfig.Http(30, 1, 30, null, null)));
        Socket silent = new Socket("127.0.0.1", server.port());
        Socket slow = new Socket("127.0.0.1", server.port())) {
      slow.getOutputStream().write("GET /health HTTP/1.1\r\nHost: x\r\nX-A: ".getBytes(StandardCharsets.US_ASCII));
      assertTrue(closedWithin(silent, 5), "a connection that sends nothing is closed after headerTimeoutSeconds");
      assertTrue(closedWithin(slow, 5), "a connection whose headers never complete is closed");
    }
  }

  @Test
  void aBodyThatNeverArrivesClosesTheConnection() throws Exception {
    try (OpsmindServer server = OpsmindServer.start(config(new ServerConfig.Http(30, 5, 1, null, null)));
        Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.getOutputStream().write(("POST /v1/embeddings HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
          + "Content-Length: 1000\r\n\r\n{\"input\":").getBytes(StandardCharsets.US_ASCII));
      assertTrue(closedWithin(socket, 5), "the body did not arrive within requestTimeoutSeconds");
    }
  }

  @Test
  void connectionsOverTheLimitAreClosedAndHealthStillAnswers() throws Exception {
    try (OpsmindServer server = OpsmindServer.start(config(new ServerConfig.Http(30, 2, 30, 20, 1000)))) {
      List<Socket> sockets = new ArrayList<>();
      try {
        for (int i = 0; i < 40; i++) {
          sockets.add(new Socket("127.0.0.1", server.port()));
        }
        int closed = 0;
        for (Socket socket : sockets.subList(20, 40)) {
          closed += closedWithin(socket, 1) ? 1 : 0;
        }
        assertTrue(closed >= 15, "connections past http.maxConnections are closed at once: " + closed + " of 20");
        Thread.sleep(3500); // the 20 held ones pass the header timeout
        var health = new TestHttp(server.port(), null).get("/health");
        assertEquals(200, health.status());
      } finally {
        for (Socket socket : sockets) {
          socket.close();
        }
      }
    }
  }

  @Test
  void randomMethodNamesDoNotAddMetricSeries() throws Exception {
    try (OpsmindServer server = OpsmindServer.start(config(null))) {
      Random random = new Random(12);
      for (int i = 0; i < 50; i++) {
        StringBuilder method = new StringBuilder();
        for (int j = 0; j < 400; j++) {
          method.append((char) ('A' + random.nextInt(26)));
        }
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
          socket.getOutputStream().write((method + " /v1/models HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
          socket.setSoTimeout(5000);
          socket.getInputStream().readAllBytes();
        }
      }
      String metrics = new TestHttp(server.port(), null).get("/metrics").body();
      assertTrue(metrics.contains("method=\"other\""), metrics);
      assertTrue(metrics.length() < 20_000, "metrics grew to " + metrics.length() + " characters");
      for (String line : metrics.split("\n")) {
        assertFalse(line.matches(".*method=\"[A-Z]{100,}\".*"), line);
      }
    }
  }

  @Test
  void openModeListensOnLoopbackAndRefusesOtherInterfacesUnlessAllowed() {
    try (OpsmindServer server = OpsmindServer.start(config(null))) {
      assertEquals("127.0.0.1", server.host());
    }
    ServerConfig everywhere = config(null).withHost("0.0.0.0");
    var refused = assertThrows(IllegalArgumentException.class, () -> OpsmindServer.start(everywhere));
    assertTrue(refused.getMessage().contains("allowOpenRemote"), refused.getMessage());
    try (OpsmindServer server = OpsmindServer.start(everywhere.withAllowOpenRemote(true))) {
      assertEquals("0.0.0.0", server.host());
    }
    ServerConfig withKeys = config(null).withApiKeys(List.of(new ServerConfig.ApiKeyEntry("alice",
        dev.opsmind.server.auth.ApiKeys.sha256Hex("sk-a"), true)));
    assertEquals("0.0.0.0", withKeys.bindHost(), "with keys the default is every interface");
  }

  /** Issue 12 item 10: a port in use fails the start at once, before any model is loaded. */
  @Test
  void aPortInUseIsReportedBeforeModelsLoad() throws Exception {
    try (OpsmindServer first = OpsmindServer.start(config(null))) {
      ServerConfig second = config(null).withPort(first.port()).withModels(List.of("/no/such/model"))
          .withIndex(java.nio.file.Files.createTempDirectory("opsmind-port").resolve("index"));
      var failure = assertThrows(RuntimeException.class, () -> OpsmindServer.start(second));
      assertFalse(failure.getMessage().contains("/no/such/model"), "the model was never looked at: " + failure.getMessage());
      assertTrue(String.valueOf(failure.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("address")
          || String.valueOf(failure.getMessage()).contains("listen"), failure.getMessage());
    }
  }
}
