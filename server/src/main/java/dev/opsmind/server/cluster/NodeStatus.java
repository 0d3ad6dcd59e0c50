package dev.opsmind.server.cluster;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * What a node announces on the event bus every second: who it is, whether it serves, and each
 * generator it hosts with its load. The others route by it; /v1/models, /ready and /metrics show it.
 *
 * @param nodeId the cluster manager's id of the node (Hazelcast member UUID)
 * @param name the operator's name for it (cluster.nodeName, else its API's host:port)
 * @param ready whether it serves (loaded, start-up indexing done, not draining)
 * @param leaving sent once by a node shutting down cleanly: routing stops at once
 * @param models the generators it hosts
 * @param sentMillis when it was sent (sender's clock; only shown, never compared across nodes)
 * @param embedders the embedding models it hosts (/v1/embeddings goes there)
 */
public record NodeStatus(
    @JsonProperty("nodeId") String nodeId,
    @JsonProperty("name") String name,
    @JsonProperty("ready") boolean ready,
    @JsonProperty("leaving") boolean leaving,
    @JsonProperty("models") List<ModelLoad> models,
    @JsonProperty("sentMillis") long sentMillis,
    @JsonProperty("embedders") List<String> embedders) {

  public NodeStatus {
    models = models == null ? List.of() : List.copyOf(models);
    embedders = embedders == null ? List.of() : List.copyOf(embedders);
  }

  /** A node with generators only. */
  public NodeStatus(String nodeId, String name, boolean ready, boolean leaving, List<ModelLoad> models,
      long sentMillis) {
    this(nodeId, name, ready, leaving, models, sentMillis, List.of());
  }

  /**
   * One hosted generator and its load.
   *
   * @param id the model id requests name
   * @param contextLength its context (max_model_len in /v1/models)
   * @param queueDepth requests waiting for a batch slot
   * @param running sequences in the running batch
   * @param maxBatch batch slots (limits.maxBatch)
   */
  public record ModelLoad(
      @JsonProperty("id") String id,
      @JsonProperty("contextLength") int contextLength,
      @JsonProperty("queueDepth") int queueDepth,
      @JsonProperty("running") int running,
      @JsonProperty("maxBatch") int maxBatch) {

    /** Free batch slots (0 when full or with a queue). */
    public int freeSlots() {
      return queueDepth > 0 ? 0 : Math.max(0, maxBatch - running);
    }

    /** Load in batches: waiting + running sequences per batch slot (0 = idle, 1 = full, more = queued). */
    public double load() {
      return (queueDepth + running) / (double) Math.max(1, maxBatch);
    }
  }

  public java.util.Optional<ModelLoad> model(String id) {
    return models.stream().filter(m -> m.id().equals(id)).findFirst();
  }
}
