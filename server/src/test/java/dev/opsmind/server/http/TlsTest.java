package dev.opsmind.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.opsmind.server.OpsmindServer;
import dev.opsmind.server.auth.ApiKeys;
import dev.opsmind.server.config.ServerConfig;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTPS from PEM files with a CA made in the test: plain HTTP off unless asked for, client
 * certificates mapped to principals (mTLS), and a replaced certificate served without a restart.
 */
class TlsTest {
  @TempDir Path tmp;

  private static HttpResponse<String> get(SSLContext context, String url, String key) throws Exception {
    HttpClient client = HttpClient.newBuilder().sslContext(context).connectTimeout(Duration.ofSeconds(5)).build();
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
    if (key != null) {
      request.header("Authorization", "Bearer " + key);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static BigInteger servedSerial(SSLContext context, String url) throws Exception {
    var response = get(context, url, null);
    return ((X509Certificate) response.sslSession().orElseThrow().getPeerCertificates()[0]).getSerialNumber();
  }

  @Test
  void httpsWithClientCertificatesAndReloadWithoutRestart() throws Exception {
    TestCertificates ca = TestCertificates.ca(tmp, "test-ca");
    var server1 = ca.issue("server1", "CN=localhost", "san=ip:127.0.0.1,dns:localhost", "eku=serverAuth");
    var server2 = ca.issue("server2", "CN=localhost", "san=ip:127.0.0.1,dns:localhost", "eku=serverAuth");
    var alice = ca.issue("alice", "CN=alice,OU=ops", "eku=clientAuth");
    var stranger = ca.issue("stranger", "CN=stranger", "eku=clientAuth");
    Path cert = tmp.resolve("server.pem");
    Path key = tmp.resolve("server.key");
    Files.copy(server1.certPem(), cert);
    Files.copy(server1.keyPem(), key);

    var tls = new ServerConfig.Tls(cert, key, ca.caPem, "request",
        List.of(new ServerConfig.TlsClient("CN=alice, OU=ops", "alice", "operator")), null);
    ServerConfig config = ServerConfig.defaults().withPort(0).withEmbedder("none")
        .withIndex(tmp.resolve("data").resolve("index")).withTls(tls)
        .withApiKeys(List.of(new ServerConfig.ApiKeyEntry("root", ApiKeys.sha256Hex("sk-root"), true)));
    try (OpsmindServer server = OpsmindServer.start(config)) {
      String base = "https://127.0.0.1:" + server.port();
      SSLContext anonymous = ca.clientContext(null);
      assertEquals(200, get(anonymous, base + "/health", null).statusCode());
      assertEquals(server1.certificate().getSerialNumber(), servedSerial(anonymous, base + "/health"));

      // plain HTTP is off: the TLS port does not speak it, and no other port was opened
      HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      assertThrows(java.io.IOException.class, () -> plain.send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + server.port() + "/health")).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.ofString()));

      // mTLS: alice's certificate is her principal and role; a key still works; an unmapped certificate does not
      var asAlice = get(ca.clientContext(alice), base + "/v1/models", null);
      assertEquals(200, asAlice.statusCode(), asAlice.body());
      assertEquals(401, get(anonymous, base + "/v1/models", null).statusCode());
      assertEquals(401, get(ca.clientContext(stranger), base + "/v1/models", null).statusCode());
      assertEquals(200, get(anonymous, base + "/v1/models", "sk-root").statusCode());
      Thread.sleep(300);
      var audited = get(anonymous, base + "/v1/audit?principal=alice", "sk-root");
      assertTrue(audited.body().contains("\"role\":\"operator\""), audited.body());

      // a renewed certificate is served without a restart
      Path next = tmp.resolve("next.pem");
      Files.copy(server2.keyPem(), tmp.resolve("next.key"));
      Files.copy(server2.certPem(), next);
      Files.move(tmp.resolve("next.key"), key, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      Files.move(next, cert, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      BigInteger served = null;
      long deadline = System.nanoTime() + 15_000_000_000L;
      while (System.nanoTime() < deadline) {
        served = servedSerial(ca.clientContext(null), base + "/health");
        if (served.equals(server2.certificate().getSerialNumber())) {
          break;
        }
        Thread.sleep(250);
      }
      assertEquals(server2.certificate().getSerialNumber(), served, "the new certificate after the files changed");
      assertNotEquals(server1.certificate().getSerialNumber(), served);
    }
  }

  @Test
  void plainHttpOnlyWhenExplicitlyEnabled() throws Exception {
    TestCertificates ca = TestCertificates.ca(tmp, "test-ca");
    var server = ca.issue("server", "CN=localhost", "san=ip:127.0.0.1", "eku=serverAuth");
    var tls = new ServerConfig.Tls(server.certPem(), server.keyPem(), null, null, null, 0);
    ServerConfig config = ServerConfig.defaults().withPort(0).withEmbedder("none")
        .withIndex(tmp.resolve("data").resolve("index")).withTls(tls);
    try (OpsmindServer opsmind = OpsmindServer.start(config)) {
      assertEquals(200, get(ca.clientContext(null), "https://127.0.0.1:" + opsmind.port() + "/health", null).statusCode());
      assertTrue(opsmind.plainHttpPort() > 0);
      var plain = new dev.opsmind.server.TestHttp(opsmind.plainHttpPort(), null).get("/health");
      assertEquals(200, plain.status());
    }
  }
}
