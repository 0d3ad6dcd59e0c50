package dev.opsmind.server.cluster;

import dev.opsmind.server.config.ClusterConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.opsmind.server.OpsmindServer;
import dev.opsmind.server.TestHttp;
import dev.opsmind.server.TestModels;
import dev.opsmind.server.config.ServerConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Members in this JVM: a member without the shared secret is never routed to, a clean shutdown
 * takes a node out of routing at once, the event bus runs over mutually authenticated TLS, and a
 * routed request is authenticated and rate-limited once, where the client sent it.
 */
class ClusterMembershipTest {
  static final String SECRET = "membership-test-secret-42";
  @TempDir Path tmp;

  ServerConfig member(String name, int port, List<String> members, String secret, Path model) {
    ClusterConfig cluster = new ClusterConfig(true, "opsmind-members", name, "127.0.0.1", port, 1, 0, members, secret,
        null, null, 30, false, null, null);
    return ServerConfig.defaults().withPort(0).withEmbedder("none").withCluster(cluster)
        .withIndex(tmp.resolve(name).resolve("index"))
        .withLimits(new ServerConfig.Limits(0, 0, 2, 16, 8192, 16))
        .withModels(model == null ? List.of() : List.of(model.toString()));
  }

  /** Starts the members at once (each waits a while for the others to join), in order; all started go in {@code started}. */
  static List<OpsmindServer> startAll(List<ServerConfig> configs, List<OpsmindServer> started) throws Exception {
    List<java.util.concurrent.CompletableFuture<OpsmindServer>> starting = new ArrayList<>();
    for (ServerConfig config : configs) {
      starting.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> OpsmindServer.start(config)));
    }
    List<OpsmindServer> servers = new ArrayList<>();
    Exception failed = null;
    for (var future : starting) {
      try {
        servers.add(future.get(3, TimeUnit.MINUTES));
        started.add(servers.getLast());
      } catch (Exception e) {
        failed = e;
      }
    }
    if (failed != null) {
      throw failed;
    }
    return servers;
  }

  static Set<String> hosts(TestHttp http, String model) {
    Set<String> hosts = new TreeSet<>();
    for (JsonNode card : http.get("/v1/models").json().get("data")) {
      if (card.get("id").asText().equals(model)) {
        card.get("opsmind_nodes").forEach(n -> hosts.add(n.asText()));
      }
    }
    return hosts;
  }

  static void await(String what, java.util.function.BooleanSupplier done) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!done.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "timed out waiting: " + what);
      Thread.sleep(100);
    }
  }

  @Test
  void aMemberWithoutTheSecretIsIgnoredAndACleanLeaveStopsRoutingAtOnce() throws Exception {
    Path modelDir = TestModels.tinyQwen2Long(tmp);
    String model = modelDir.getFileName().toString();
    int[] ports = ClusterRoutingTest.freePorts(3);
    List<String> members = List.of("127.0.0.1:" + ports[0], "127.0.0.1:" + ports[1], "127.0.0.1:" + ports[2]);
    List<OpsmindServer> started = new ArrayList<>();
    try {
      // The intruder has the same cluster name and member list, but not the secret: Hazelcast lets
      // it in, nothing else does.
      List<OpsmindServer> three = startAll(List.of(member("host", ports[0], members, SECRET, modelDir),
          member("entry", ports[1], members, SECRET, null),
          member("intruder", ports[2], members, "not-the-shared-secret-!!", modelDir)), started);
      OpsmindServer host = three.get(0);
      OpsmindServer entry = three.get(1);
      TestHttp http = new TestHttp(entry.port(), null);
      await("the entry sees the host", () -> hosts(http, model).contains("host"));
      await("the intruder's announcements were refused", () -> refused(http) > 0);
      Thread.sleep(1500); // more announcement rounds: still not listed
      assertEquals(Set.of("host"), hosts(http, model));

      for (int i = 0; i < 4; i++) {
        var reply = http.post("/v1/chat/completions", "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\","
            + "\"content\":\"uptime " + i + "\"}],\"max_tokens\":3,\"ignore_eos\":true}");
        assertEquals(200, reply.status(), reply.body());
        assertEquals("host", reply.raw().headers().firstValue("X-Opsmind-Node").orElseThrow());
      }

      long closing = System.nanoTime();
      host.close();
      started.remove(host);
      await("the entry drops the host that left", () -> hosts(http, model).isEmpty());
      System.out.printf("cluster: a cleanly stopped node left routing %d ms after close() began (it drains first)%n",
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - closing));
      var after = http.post("/v1/chat/completions", "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\","
          + "\"content\":\"uptime\"}],\"max_tokens\":3}");
      assertEquals(404, after.status(), "no host left (the intruder never counts): " + after.body());
      assertEquals("model_not_found", after.error().get("code").asText());
    } finally {
      started.forEach(OpsmindServer::close);
    }
  }

  /**
   * With API keys: the node a client calls authenticates the request and counts it against the
   * caller's rate limit, once; the serving node admits the caller it is told (its own bucket is
   * untouched), and a replay token it did not issue is refused on its public port.
   */
  @Test
  void aRoutedRequestIsAuthenticatedAndCountedOnceWhereTheClientSentIt() throws Exception {
    Path modelDir = TestModels.tinyQwen2Long(tmp);
    String model = modelDir.getFileName().toString();
    int[] ports = ClusterRoutingTest.freePorts(2);
    List<String> members = List.of("127.0.0.1:" + ports[0], "127.0.0.1:" + ports[1]);
    var keys = List.of(new ServerConfig.ApiKeyEntry("root", dev.opsmind.server.auth.ApiKeys.sha256Hex("sk-root"), true),
        new ServerConfig.ApiKeyEntry("rita", dev.opsmind.server.auth.ApiKeys.sha256Hex("sk-rita"), false));
    var quotas = new ServerConfig.Quotas(1, 2, null, null); // two at once, then one a minute
    List<OpsmindServer> started = new ArrayList<>();
    try {
      List<OpsmindServer> two = startAll(List.of(
          member("host", ports[0], members, SECRET, modelDir).withApiKeys(keys).withQuotas(quotas),
          member("entry", ports[1], members, SECRET, null).withApiKeys(keys).withQuotas(quotas)), started);
      OpsmindServer host = two.get(0);
      OpsmindServer entry = two.get(1);
      // /ready, not /v1/models: polling under a key would spend its requests
      TestHttp open = new TestHttp(entry.port(), null);
      await("the entry sees the host", () -> open.get("/ready").json().findValues("members").stream()
          .flatMap(m -> java.util.stream.StreamSupport.stream(m.spliterator(), false))
          .anyMatch(m -> m.path("node").asText().equals("host") && m.path("ready").asBoolean()
              && m.path("models").toString().contains(model)));
      String chat = "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"uptime\"}],"
          + "\"max_tokens\":2}";

      TestHttp ritaViaEntry = new TestHttp(entry.port(), "sk-rita");
      for (int i = 0; i < 2; i++) {
        var reply = ritaViaEntry.post("/v1/chat/completions", chat);
        assertEquals(200, reply.status(), reply.body());
        assertEquals("host", reply.raw().headers().firstValue("X-Opsmind-Node").orElseThrow());
      }
      var third = ritaViaEntry.post("/v1/chat/completions", chat);
      assertEquals(429, third.status(), "the entry counts what it routes: " + third.body());

      TestHttp ritaAtHost = new TestHttp(host.port(), "sk-rita");
      for (int i = 0; i < 2; i++) {
        var reply = ritaAtHost.post("/v1/chat/completions", chat);
        assertEquals(200, reply.status(), "the host did not count the routed requests again: " + reply.body());
      }
      assertEquals(401, new TestHttp(entry.port(), "sk-nobody").post("/v1/chat/completions", chat).status());

      // /tokenize (outside /v1) the same way; directly at the host it passes two guards, counted once
      String tokenize = "{\"model\":\"" + model + "\",\"prompt\":\"uptime\"}";
      TestHttp rootViaEntry = new TestHttp(entry.port(), "sk-root");
      for (int i = 0; i < 2; i++) {
        var reply = rootViaEntry.post("/tokenize", tokenize);
        assertEquals(200, reply.status(), reply.body());
        assertEquals("host", reply.raw().headers().firstValue("X-Opsmind-Node").orElseThrow());
      }
      assertEquals(429, rootViaEntry.post("/tokenize", tokenize).status());
      TestHttp rootAtHost = new TestHttp(host.port(), "sk-root");
      for (int i = 0; i < 2; i++) {
        var reply = rootAtHost.post("/tokenize", tokenize);
        assertEquals(200, reply.status(), "one request, counted once: " + reply.body());
      }

      var forged = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + host.port() + "/v1/audit"))
          .header(dev.opsmind.server.auth.RoutedCaller.TOKEN_HEADER, "a-token-the-host-never-issued")
          .header(dev.opsmind.server.auth.RoutedCaller.CALLER_HEADER, dev.opsmind.server.auth.RoutedCaller.header(
              dev.opsmind.server.auth.RoutedCaller.describe(new dev.opsmind.retrieval.Principal("mallory", true), null)))
          .GET().build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(401, forged.statusCode(), forged.body());
    } finally {
      started.forEach(OpsmindServer::close);
    }
  }

  /**
   * A member in open mode (a misconfiguration: every member should have the same keys) does not
   * hand its local admin to a keyed member: the client's key travels instead and is checked there.
   */
  @Test
  void anOpenMembersLocalAdminIsNotTrustedByAKeyedOne() throws Exception {
    Path modelDir = TestModels.tinyQwen2Long(tmp);
    String model = modelDir.getFileName().toString();
    int[] ports = ClusterRoutingTest.freePorts(2);
    List<String> members = List.of("127.0.0.1:" + ports[0], "127.0.0.1:" + ports[1]);
    var keys = List.of(new ServerConfig.ApiKeyEntry("root", dev.opsmind.server.auth.ApiKeys.sha256Hex("sk-root"), true));
    List<OpsmindServer> started = new ArrayList<>();
    try {
      List<OpsmindServer> two = startAll(List.of(
          member("host", ports[0], members, SECRET, modelDir).withApiKeys(keys),
          member("entry", ports[1], members, SECRET, null)), started);
      TestHttp open = new TestHttp(two.get(1).port(), null);
      await("the entry sees the host", () -> hosts(open, model).contains("host"));
      String chat = "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"uptime\"}],"
          + "\"max_tokens\":2}";
      TestHttp.Reply[] last = new TestHttp.Reply[1];
      await("the host takes routed requests", () -> {
        last[0] = new TestHttp(two.get(1).port(), "sk-root").post("/v1/chat/completions", chat);
        return last[0].status() == 200;
      });
      assertEquals("host", last[0].raw().headers().firstValue("X-Opsmind-Node").orElseThrow());
      var keyless = open.post("/v1/chat/completions", chat);
      assertEquals(401, keyless.status(), "the host checks the key itself: " + keyless.body());
    } finally {
      started.forEach(OpsmindServer::close);
    }
  }

  /**
   * A caller known only by its client certificate is served on another node: the replay there
   * carries no certificate, the caller the entry node verified travels with it.
   */
  @Test
  void aClientCertificateCallerIsServedOnAnotherNode() throws Exception {
    Path modelDir = TestModels.tinyQwen2Long(tmp);
    String model = modelDir.getFileName().toString();
    var ca = dev.opsmind.server.http.TestCertificates.ca(tmp, "cluster-ca");
    var serverCert = ca.issue("server", "CN=localhost", "san=ip:127.0.0.1,dns:localhost", "eku=serverAuth");
    var alice = ca.issue("alice", "CN=alice,OU=ops", "eku=clientAuth");
    var tls = new ServerConfig.Tls(serverCert.certPem(), serverCert.keyPem(), ca.caPem, "request",
        List.of(new ServerConfig.TlsClient("CN=alice, OU=ops", "alice", "reader")), null);
    var keys = List.of(new ServerConfig.ApiKeyEntry("root", dev.opsmind.server.auth.ApiKeys.sha256Hex("sk-root"), true));
    int[] ports = ClusterRoutingTest.freePorts(2);
    List<String> members = List.of("127.0.0.1:" + ports[0], "127.0.0.1:" + ports[1]);
    List<OpsmindServer> started = new ArrayList<>();
    try {
      List<OpsmindServer> two = startAll(List.of(
          member("host", ports[0], members, SECRET, modelDir).withApiKeys(keys).withTls(tls),
          member("entry", ports[1], members, SECRET, null).withApiKeys(keys).withTls(tls)), started);
      HttpClient asAlice = HttpClient.newBuilder().sslContext(ca.clientContext(alice)).build();
      URI chat = URI.create("https://127.0.0.1:" + two.get(1).port() + "/v1/chat/completions");
      String body = "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"uptime\"}],"
          + "\"max_tokens\":2}";
      HttpResponse<String>[] last = new HttpResponse[1];
      // until the entry routes the model (the host first announces itself not ready)
      await("alice is answered through the entry", () -> {
        try {
          last[0] = asAlice.send(HttpRequest.newBuilder(chat).header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
          assertTrue(last[0].statusCode() == 200 || last[0].statusCode() == 404, last[0].body());
          return last[0].statusCode() == 200;
        } catch (java.io.IOException | InterruptedException e) {
          throw new AssertionError(e);
        }
      });
      assertEquals("host", last[0].headers().firstValue("X-Opsmind-Node").orElseThrow());
      var tokenized = asAlice.send(HttpRequest.newBuilder(chat.resolve("/tokenize")).header("Content-Type",
          "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + model
          + "\",\"prompt\":\"uptime\"}")).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, tokenized.statusCode(), tokenized.body());
      assertEquals("host", tokenized.headers().firstValue("X-Opsmind-Node").orElseThrow());
    } finally {
      started.forEach(OpsmindServer::close);
    }
  }

  /** The loopback listener routed requests are replayed on lets in only its own node's replays. */
  @Test
  void theReplayListenerRefusesRequestsWithoutItsToken() throws Exception {
    io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
    try {
      String token = dev.opsmind.server.auth.RoutedCaller.newToken();
      var server = vertx.createHttpServer().requestHandler(ClusterNode.onlyReplays(token,
          request -> request.response().end("served"))).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture()
          .get(10, TimeUnit.SECONDS);
      URI uri = URI.create("http://127.0.0.1:" + server.actualPort() + "/v1/models");
      HttpClient client = HttpClient.newHttpClient();
      var none = client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
      var wrong = client.send(HttpRequest.newBuilder(uri).header(dev.opsmind.server.auth.RoutedCaller.TOKEN_HEADER,
          "guess").build(), HttpResponse.BodyHandlers.ofString());
      var right = client.send(HttpRequest.newBuilder(uri).header(dev.opsmind.server.auth.RoutedCaller.TOKEN_HEADER,
          token).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(403, none.statusCode());
      assertEquals(403, wrong.statusCode());
      assertEquals(200, right.statusCode());
      assertEquals("served", right.body());
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  /**
   * A self-signed certificate for 127.0.0.1 (keytool: two JVM starts, not eight) and its PKCS#8 key,
   * as PEM files: the members share it, and it is also the CA they check each other against.
   */
  static Path[] selfSigned(Path base) throws Exception {
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    Path store = Path.of(base + ".p12");
    Path cert = Path.of(base + ".pem");
    run(keytool, "-genkeypair", "-alias", "node", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=opsmind-node",
        "-ext", "bc:c", "-ext", "san=ip:127.0.0.1", "-validity", "2", "-keystore", store.toString(),
        "-storetype", "PKCS12", "-storepass", "changeit");
    run(keytool, "-exportcert", "-rfc", "-alias", "node", "-keystore", store.toString(), "-storepass", "changeit",
        "-file", cert.toString());
    java.security.KeyStore keys = java.security.KeyStore.getInstance("PKCS12");
    try (var in = java.nio.file.Files.newInputStream(store)) {
      keys.load(in, "changeit".toCharArray());
    }
    byte[] key = keys.getKey("node", "changeit".toCharArray()).getEncoded();
    Path keyPem = java.nio.file.Files.writeString(Path.of(base + ".key"), "-----BEGIN PRIVATE KEY-----\n"
        + java.util.Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(key) + "\n-----END PRIVATE KEY-----\n");
    return new Path[] {cert, keyPem};
  }

  private static void run(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes());
    assertEquals(0, process.waitFor(), out);
  }

  static javax.net.ssl.SSLContext trusting(Path pem) throws Exception {
    java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    try (var in = java.nio.file.Files.newInputStream(pem)) {
      trust.setCertificateEntry("node", java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    var tmf = javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    var context = javax.net.ssl.SSLContext.getInstance("TLS");
    context.init(null, tmf.getTrustManagers(), null);
    return context;
  }

  static double refused(TestHttp http) {
    for (String line : http.get("/metrics").body().split("\n")) {
      if (line.startsWith("opsmind_cluster_messages_refused_total")) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return 0;
  }

  @Test
  void theEventBusRunsOverMutualTlsWithTheConfiguredCertificates() throws Exception {
    Path modelDir = TestModels.tinyQwen2Long(tmp);
    String model = modelDir.getFileName().toString();
    long t0 = System.nanoTime();
    Path[] pem = selfSigned(tmp.resolve("node"));
    System.out.printf("cluster TLS test: certificate made in %d ms%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    int[] ports = ClusterRoutingTest.freePorts(2);
    List<String> members = List.of("127.0.0.1:" + ports[0], "127.0.0.1:" + ports[1]);
    List<OpsmindServer> started = new ArrayList<>();
    try {
      List<ServerConfig> configs = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        ServerConfig base = member("tls" + i, ports[i], members, SECRET, i == 0 ? modelDir : null);
        ClusterConfig c = base.cluster();
        configs.add(base.withTls(new ServerConfig.Tls(pem[0], pem[1], null, null, null, null))
            .withCluster(new ClusterConfig(true, c.name(), c.nodeName(), c.host(), c.port(), c.portCount(),
                c.eventBusPort(), c.members(), c.secret(), null, null, 30, true, pem[0], null)));
      }
      OpsmindServer[] nodes = startAll(configs, started).toArray(OpsmindServer[]::new);
      System.out.printf("cluster TLS test: certificate and two members started in %d ms%n",
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
      HttpClient client = HttpClient.newBuilder().sslContext(trusting(pem[0])).build();
      String base = "https://127.0.0.1:" + nodes[1].port();
      // node 0 first announces itself not ready (its start-up is still finishing): wait until
      // node 1 would route the model there, not merely until it lists it
      await("node 1 routes node 0's model over the TLS event bus", () -> {
        try {
          return client.send(HttpRequest.newBuilder(URI.create(base + "/v1/chat/completions"))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + model + "\",\"messages\":[{\"role\":"
                  + "\"user\",\"content\":\"hi\"}],\"max_tokens\":1}")).build(),
              HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
        } catch (Exception e) {
          throw new AssertionError(e);
        }
      });
      var reply = client.send(HttpRequest.newBuilder(URI.create(base + "/v1/chat/completions"))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\","
              + "\"content\":\"hi\"}],\"max_tokens\":3,\"ignore_eos\":true,\"stream\":true}")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, reply.statusCode(), reply.body());
      assertEquals("tls0", reply.headers().firstValue("X-Opsmind-Node").orElseThrow());
      assertTrue(reply.body().endsWith("data: [DONE]\n\n"), reply.body());
    } finally {
      started.forEach(OpsmindServer::close);
    }
  }
}
