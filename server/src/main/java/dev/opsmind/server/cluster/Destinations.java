package dev.opsmind.server.cluster;

import dev.opsmind.server.http.ApiException;
import java.util.Set;

/**
 * Where a routed request may go, in the order {@link RemoteCall} tries them: the hosts of a model
 * (by load and prefix affinity, {@link Placement}), or the one index writer. Also what the client
 * is told when none could take it.
 */
interface Destinations {
  /** The next node to try, or null when none is left (every candidate is in {@code tried}). */
  NodeStatus next(Set<String> tried);

  /** What metrics and logs call the request's target: a model id, or {@code index-writer}. */
  String label();

  /** The client's error when no node could take the request ({@code why}: the last failure). */
  ApiException unavailable(String why);

  /** The ready hosts of {@code model}: least loaded first, then prefix affinity on {@code affinityKey}. */
  static Destinations hostsOf(ClusterNode node, String model, String affinityKey) {
    return new Destinations() {
      @Override
      public NodeStatus next(Set<String> tried) {
        return node.choose(model, affinityKey, tried);
      }

      @Override
      public String label() {
        return model;
      }

      @Override
      public ApiException unavailable(String why) {
        return new ApiException(503, "server_error", "node_unavailable", null,
            "No node of the cluster could serve model '" + model + "' (" + why + "). Retry later.", 2);
      }
    };
  }
}
