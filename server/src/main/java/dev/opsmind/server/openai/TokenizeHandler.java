package dev.opsmind.server.openai;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opsmind.inference.tokenizer.ChatTemplate;
import dev.opsmind.server.models.GeneratorModel;
import dev.opsmind.server.http.ApiException;
import dev.opsmind.server.http.Blocking;
import dev.opsmind.server.http.InvalidRequestException;
import dev.opsmind.server.http.Json;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/**
 * POST /tokenize and /detokenize, as vLLM and llama-server offer them, so clients can count and
 * check tokens with the served model's own tokenizer. Tokenize takes a {@code prompt} (vLLM) or
 * {@code content} (llama-server) text, or chat {@code messages} rendered by the model's chat
 * template (with {@code tools}, as a chat request would be); detokenize takes {@code tokens}.
 * {@code model} may be left out when one generator is loaded. Answers carry both servers' field
 * names.
 */
public final class TokenizeHandler {
  private final Map<String, GeneratorModel> models;

  public TokenizeHandler(Map<String, GeneratorModel> models) {
    this.models = models;
  }

  private GeneratorModel model(String id) {
    if (id == null || id.isBlank()) {
      if (models.size() == 1) {
        return models.values().iterator().next();
      }
      throw new InvalidRequestException("model", "'model' is required: this server has " + models.size() + " models");
    }
    GeneratorModel model = models.get(id);
    if (model == null) {
      throw ApiException.modelNotFound(id);
    }
    return model;
  }

  public void tokenize(RoutingContext ctx) {
    TokenizeRequest request = TokenizeRequest.read(Json.body(ctx));
    GeneratorModel model = model(request.model());
    Blocking.run(ctx, () -> {
      if (request.chat() == null) {
        return model.encode(request.text(), request.addSpecial() == null || request.addSpecial(), request.textField());
      }
      ChatTemplate template = model.chatTemplate().orElseThrow(() -> new InvalidRequestException("messages",
          "model '" + model.id() + "' has no chat template: send the text as 'prompt'"));
      // encoded as a chat request's prompt is
      return model.encode(request.chat().render(template,
          request.addGenerationPrompt() == null || request.addGenerationPrompt()), false, "messages");
    }, ids -> {
      ObjectNode reply = Json.object();
      ArrayNode tokens = reply.putArray("tokens");
      for (int id : ids) {
        tokens.add(id);
      }
      reply.put("count", ids.length).put("max_model_len", model.contextLength());
      Json.reply(ctx, 200, reply);
    });
  }

  public void detokenize(RoutingContext ctx) {
    DetokenizeRequest request = DetokenizeRequest.read(Json.body(ctx));
    GeneratorModel model = model(request.model());
    int[] ids = request.ids(model.tokenizer().vocabSize());
    Blocking.run(ctx, () -> model.tokenizer().decode(ids), text ->
        Json.reply(ctx, 200, Json.object().put("prompt", text).put("content", text)));
  }
}
