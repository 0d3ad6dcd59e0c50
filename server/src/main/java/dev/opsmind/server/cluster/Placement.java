package dev.opsmind.server.cluster;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Where a generation request goes: among the ready nodes hosting its model, the least loaded ones
 * (load within {@link #SLACK} batches of the lightest) are "close", and among those the request's
 * prefix key picks one by rendezvous hashing. So the same system prompt or conversation lands
 * where its KV prefix is cached while loads are even, spreads when one node is busy, and moves
 * only the keys of a node that joins or leaves.
 */
public final class Placement {
  /** Nodes whose load is within this many batches of the lightest count as equally loaded. */
  static final double SLACK = 0.5;

  private Placement() {}

  /**
   * The node for {@code model}, or null when no ready node hosts it (or all are {@code excluded}).
   *
   * @param affinityKey what the prefix cache keys on (system prompt, first message), or null
   */
  public static NodeStatus choose(Collection<NodeStatus> nodes, String model, String affinityKey, Set<String> excluded) {
    List<NodeStatus> hosts = new ArrayList<>();
    double lightest = Double.MAX_VALUE;
    for (NodeStatus node : nodes) {
      if (!node.ready() || node.leaving() || excluded.contains(node.nodeId())) {
        continue;
      }
      var load = node.model(model);
      if (load.isPresent()) {
        hosts.add(node);
        lightest = Math.min(lightest, load.get().load());
      }
    }
    NodeStatus best = null;
    long bestWeight = 0;
    for (NodeStatus node : hosts) {
      if (node.model(model).orElseThrow().load() > lightest + SLACK) {
        continue;
      }
      long weight = weight(node.nodeId(), affinityKey == null ? "" : affinityKey);
      if (best == null || Long.compareUnsigned(weight, bestWeight) > 0) {
        best = node;
        bestWeight = weight;
      }
    }
    return best;
  }

  /**
   * The node for embedding model {@code model}, or null when no ready node hosts it: nodes announce
   * no embedding load, so {@code key} (the input) spreads requests over the hosts by rendezvous
   * hashing.
   */
  public static NodeStatus chooseEmbedder(Collection<NodeStatus> nodes, String model, String key,
      Set<String> excluded) {
    NodeStatus best = null;
    long bestWeight = 0;
    for (NodeStatus node : nodes) {
      if (!node.ready() || node.leaving() || excluded.contains(node.nodeId()) || !node.embedders().contains(model)) {
        continue;
      }
      long weight = weight(node.nodeId(), key == null ? "" : key);
      if (best == null || Long.compareUnsigned(weight, bestWeight) > 0) {
        best = node;
        bestWeight = weight;
      }
    }
    return best;
  }

  /** The rendezvous weight of (node, key): the first 8 bytes of SHA-256(node \0 key). */
  static long weight(String nodeId, String key) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(nodeId.getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
      byte[] digest = sha.digest(key.getBytes(StandardCharsets.UTF_8));
      long w = 0;
      for (int i = 0; i < 8; i++) {
        w = (w << 8) | (digest[i] & 0xff);
      }
      return w;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
