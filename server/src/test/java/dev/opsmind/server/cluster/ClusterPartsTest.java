package dev.opsmind.server.cluster;

import dev.opsmind.server.config.ClusterConfig;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.opsmind.server.config.ServerConfig;
import dev.opsmind.server.config.ServerConfigLoader;
import dev.opsmind.server.http.Json;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cluster's pure parts: sealing, placement, the affinity key and the config section. */
class ClusterPartsTest {
  @TempDir Path dir;

  @Test
  void onlyAMemberWithTheSecretOpensAMessageAndOnlyOnItsAddress() throws Exception {
    Sealer sealer = new Sealer("a-shared-secret-of-16+", "prod");
    byte[] payload = "{\"Authorization\":\"Bearer sk-123\"}".getBytes(StandardCharsets.UTF_8);
    Buffer sealed = sealer.seal("opsmind.cluster.generate.n1", payload);
    assertArrayEquals(payload, sealer.open("opsmind.cluster.generate.n1", sealed));
    assertFalse(sealed.toString(StandardCharsets.ISO_8859_1).contains("sk-123"), "the API key is not readable in transit");

    assertThrows(Sealer.Refused.class, () -> new Sealer("another-secret-of-16+", "prod")
        .open("opsmind.cluster.generate.n1", sealed), "another secret");
    assertThrows(Sealer.Refused.class, () -> new Sealer("a-shared-secret-of-16+", "staging")
        .open("opsmind.cluster.generate.n1", sealed), "another cluster name");
    assertThrows(Sealer.Refused.class, () -> sealer.open("opsmind.cluster.generate.n2", sealed), "replayed elsewhere");
    Buffer tampered = sealed.copy();
    tampered.setByte(20, (byte) (tampered.getByte(20) ^ 1));
    assertThrows(Sealer.Refused.class, () -> sealer.open("opsmind.cluster.generate.n1", tampered), "tampered");
    assertThrows(Sealer.Refused.class, () -> sealer.open("a", Buffer.buffer("short")), "not sealed at all");
  }

  @Test
  void relayFramesTravelTogetherAndATruncatedMessageIsRefused() throws Exception {
    byte[] all = Frame.encodeAll(List.of(new Frame(Frame.HEAD, "{\"status\":200}".getBytes(StandardCharsets.UTF_8)),
        new Frame(Frame.DATA, "data: x\n\n".getBytes(StandardCharsets.UTF_8)), Frame.of(Frame.END)));
    List<Frame> frames = Frame.decodeAll(all);
    assertEquals(List.of(Frame.HEAD, Frame.DATA, Frame.END), frames.stream().map(Frame::type).toList());
    assertEquals(200, frames.getFirst().json().get("status").asInt());
    assertEquals("data: x\n\n", new String(frames.get(1).bytes(), StandardCharsets.UTF_8));
    assertTrue(frames.getLast().terminal());
    assertThrows(java.io.IOException.class, () -> Frame.decodeAll(java.util.Arrays.copyOf(all, all.length - 12)));
    assertThrows(java.io.IOException.class, () -> Frame.decodeAll(new byte[0]));
  }

  static NodeStatus node(String id, boolean ready, String model, int queue, int running) {
    return new NodeStatus(id, id, ready, false,
        model == null ? List.of() : List.of(new NodeStatus.ModelLoad(model, 2048, queue, running, 4)), 0);
  }

  @Test
  void placementPrefersLoadThenKeepsAPrefixOnOneNode() {
    var idleA = node("a", true, "m", 0, 0);
    var idleB = node("b", true, "m", 0, 1);
    var busyC = node("c", true, "m", 6, 4);
    var other = node("d", true, "x", 0, 0);
    var notReady = node("e", false, "m", 0, 0);
    List<NodeStatus> nodes = List.of(idleA, idleB, busyC, other, notReady);
    assertNull(Placement.choose(nodes, "missing", "k", Set.of()));
    Map<String, Integer> chosen = new HashMap<>();
    for (int i = 0; i < 200; i++) {
      String key = "system prompt " + i;
      NodeStatus first = Placement.choose(nodes, "m", key, Set.of());
      assertEquals(first, Placement.choose(nodes, "m", key, Set.of()), "the same key goes to the same node");
      chosen.merge(first.nodeId(), 1, Integer::sum);
    }
    assertEquals(Set.of("a", "b"), chosen.keySet(), "never the busy node, never one not ready: " + chosen);
    assertTrue(chosen.get("a") > 50 && chosen.get("b") > 50, "keys spread over equally loaded nodes: " + chosen);
    // excluded (tried) nodes are skipped; when only the busy one is left it gets the request
    assertEquals("c", Placement.choose(nodes, "m", "k", Set.of("a", "b")).nodeId());
    assertNull(Placement.choose(nodes, "m", "k", Set.of("a", "b", "c")));
    // a node leaving moves only its own keys
    for (int i = 0; i < 50; i++) {
      String key = "conversation " + i;
      NodeStatus before = Placement.choose(List.of(idleA, idleB, node("f", true, "m", 0, 0)), "m", key, Set.of());
      NodeStatus after = Placement.choose(List.of(idleA, idleB), "m", key, Set.of());
      if (!before.nodeId().equals("f")) {
        assertEquals(before.nodeId(), after.nodeId(), key);
      }
    }
  }

  @Test
  void theAffinityKeyIsTheSystemPromptAndFirstUserTurnOrThePromptStart() {
    var turn1 = (com.fasterxml.jackson.databind.node.ObjectNode) Json.MAPPER.valueToTree(Map.of("messages", List.of(
        Map.of("role", "system", "content", "You are ops."), Map.of("role", "user", "content", "disk full"))));
    var turn2 = (com.fasterxml.jackson.databind.node.ObjectNode) Json.MAPPER.valueToTree(Map.of("messages", List.of(
        Map.of("role", "system", "content", "You are ops."), Map.of("role", "user", "content", "disk full"),
        Map.of("role", "assistant", "content", "rotate logs"), Map.of("role", "user", "content", "done, now?"))));
    assertEquals(Affinity.key(turn1), Affinity.key(turn2), "a conversation's turns share a key");
    var prompt = (com.fasterxml.jackson.databind.node.ObjectNode) Json.MAPPER.valueToTree(Map.of("prompt",
        "x".repeat(5000)));
    assertEquals(Affinity.PROMPT_CHARS, Affinity.key(prompt).length());
  }

  @Test
  void theClusterSectionHasDefaultsEnvironmentOverridesAndRefusesNoSecret() throws Exception {
    ServerConfig plain = ServerConfigLoader.load(null, Map.of());
    assertFalse(plain.cluster().enabled());
    Path file = Files.writeString(dir.resolve("cluster.yaml"), """
        cluster:
          enabled: true
          name: ops-prod
          host: 10.0.0.5
          members: [10.0.0.6, "10.0.0.7:5702"]
          secretFile: %s
        """.formatted(Files.writeString(dir.resolve("secret"), "0123456789abcdefXYZ\n")));
    ServerConfig fromFile = ServerConfigLoader.load(file, Map.of());
    ClusterConfig cluster = fromFile.cluster();
    assertTrue(cluster.enabled());
    assertEquals("ops-prod", cluster.name());
    assertEquals(List.of("10.0.0.6", "10.0.0.7:5702"), cluster.members());
    assertEquals(5701, cluster.port());
    assertEquals("0123456789abcdefXYZ", cluster.resolveSecret());
    ClusterConfig env = ServerConfigLoader.load(file, Map.of("OPSMIND_CLUSTER_MEMBERS", "a,b:5705",
        "OPSMIND_CLUSTER_SECRET", "from-the-environment-1", "OPSMIND_CLUSTER_PORT", "5801",
        "OPSMIND_CLUSTER_NODE_NAME", "gpu-1")).cluster();
    assertEquals(List.of("a", "b:5705"), env.members());
    assertEquals("from-the-environment-1", env.resolveSecret(), "the variable replaces the file's secretFile");
    assertEquals(5801, env.port());
    assertEquals("gpu-1", env.nodeName());
    var weak = assertThrows(IllegalArgumentException.class, () -> ClusterConfig.OFF.withEnabled(true).resolveSecret());
    assertTrue(weak.getMessage().contains("OPSMIND_CLUSTER_SECRET"), weak.getMessage());
    Path tlsWithoutCa = Files.writeString(dir.resolve("tls.yaml"), "cluster: {enabled: true, tls: true}\n");
    var noCa = assertThrows(IllegalArgumentException.class, () -> ServerConfigLoader.load(tlsWithoutCa, Map.of()));
    assertTrue(noCa.getMessage().contains("cluster.caFile"), noCa.getMessage());
  }
}
