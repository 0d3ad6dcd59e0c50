package dev.opsmind.server.cluster;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opsmind.server.http.ApiException;
import dev.opsmind.server.http.Json;
import dev.opsmind.server.models.Backends;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * GET /v1/models and /v1/models/{id} of a cluster member: this node's models and every generator
 * another ready node hosts, each with {@code opsmind_nodes}, the nodes that serve it (an extension field;
 * OpenAI clients ignore it).
 */
public final class ClusterModels {
  private final ClusterNode node;
  private final Backends backends;

  public ClusterModels(ClusterNode node, Backends backends) {
    this.node = node;
    this.backends = backends;
  }

  public void list(RoutingContext ctx) {
    ObjectNode body = Json.object().put("object", "list");
    ArrayNode data = body.putArray("data");
    cards().values().forEach(data::add);
    Json.reply(ctx, 200, body);
  }

  public void get(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    ObjectNode card = cards().get(id);
    if (card == null) {
      throw ApiException.modelNotFound(id);
    }
    Json.reply(ctx, 200, card);
  }

  private Map<String, ObjectNode> cards() {
    Map<String, ObjectNode> cards = new LinkedHashMap<>();
    for (Backends.ModelCard local : backends.models()) {
      ObjectNode card = card(local.id(), local.created(), local.maxModelLen());
      card.putArray("opsmind_nodes").add(node.name());
      cards.put(local.id(), card);
    }
    long now = System.currentTimeMillis() / 1000;
    for (NodeStatus other : node.nodes()) {
      // only nodes a request would be routed to: a listed model is one a client can use now
      // (a starting node announces itself before it is ready, a leaving one while it drains)
      if (other.name().equals(node.name()) || !other.ready() || other.leaving()) {
        continue;
      }
      for (NodeStatus.ModelLoad model : other.models()) {
        node.metrics().observe(other.name(), model.id());
        ObjectNode card = cards.computeIfAbsent(model.id(), id -> {
          ObjectNode fresh = card(id, now, model.contextLength());
          fresh.putArray("opsmind_nodes");
          return fresh;
        });
        ((ArrayNode) card.get("opsmind_nodes")).add(other.name());
      }
    }
    return cards;
  }

  private static ObjectNode card(String id, long created, Integer maxModelLen) {
    ObjectNode node = Json.object().put("id", id).put("object", "model").put("created", created)
        .put("owned_by", "opsmind");
    if (maxModelLen != null) {
      node.put("max_model_len", maxModelLen);
    }
    return node;
  }
}
