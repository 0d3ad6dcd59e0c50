package dev.opsmind.server.openai;

import dev.opsmind.server.models.Backends;
import dev.opsmind.server.http.ApiException;
import dev.opsmind.server.http.Json;
import dev.opsmind.server.openai.protocol.ModelsProtocol;
import io.vertx.ext.web.RoutingContext;

/** GET /v1/models and GET /v1/models/{id}: the loaded generators and embedder. */
public final class ModelsHandler {
  private final Backends backends;

  public ModelsHandler(Backends backends) {
    this.backends = backends;
  }

  public void list(RoutingContext ctx) {
    Json.reply(ctx, 200, ModelsProtocol.ModelList.of(backends.models().stream().map(ModelsHandler::card).toList()));
  }

  public void get(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    Backends.ModelCard card = backends.model(id).orElseThrow(() -> ApiException.modelNotFound(id));
    Json.reply(ctx, 200, card(card));
  }

  private static ModelsProtocol.Model card(Backends.ModelCard card) {
    return ModelsProtocol.Model.of(card.id(), card.created(), card.maxModelLen());
  }
}
