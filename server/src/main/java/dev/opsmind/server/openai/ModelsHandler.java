package dev.opsmind.server.openai;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opsmind.server.models.Backends;
import dev.opsmind.server.http.ApiException;
import dev.opsmind.server.http.Json;
import io.vertx.ext.web.RoutingContext;

/** GET /v1/models and GET /v1/models/{id}: the loaded generators and embedder. */
public final class ModelsHandler {
  private final Backends backends;

  public ModelsHandler(Backends backends) {
    this.backends = backends;
  }

  public void list(RoutingContext ctx) {
    ObjectNode body = Json.object().put("object", "list");
    ArrayNode data = body.putArray("data");
    for (Backends.ModelCard card : backends.models()) {
      data.add(card(card));
    }
    Json.reply(ctx, 200, body);
  }

  public void get(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    Backends.ModelCard card = backends.model(id).orElseThrow(() -> ApiException.modelNotFound(id));
    Json.reply(ctx, 200, card(card));
  }

  /** OpenAI's model object; generators also give their context length as vLLM does (max_model_len). */
  private static ObjectNode card(Backends.ModelCard card) {
    ObjectNode node = Json.object()
        .put("id", card.id())
        .put("object", "model")
        .put("created", card.created())
        .put("owned_by", "opsmind");
    if (card.maxModelLen() != null) {
      node.put("max_model_len", card.maxModelLen());
    }
    return node;
  }
}
