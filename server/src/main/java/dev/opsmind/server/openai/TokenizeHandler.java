package dev.opsmind.server.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opsmind.inference.tokenizer.ChatTemplate;
import dev.opsmind.server.models.GeneratorModel;
import dev.opsmind.server.http.ApiException;
import dev.opsmind.server.http.Blocking;
import dev.opsmind.server.http.Fields;
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
  static final int MAX_TOKENS = 1 << 20;

  private final Map<String, GeneratorModel> models;

  public TokenizeHandler(Map<String, GeneratorModel> models) {
    this.models = models;
  }

  private GeneratorModel model(ObjectNode body) {
    String id = Fields.optString(body, "model");
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
    ObjectNode body = Json.body(ctx);
    GeneratorModel model = model(body);
    Boolean special = Fields.optBoolean(body, body.has("add_special") ? "add_special" : "add_special_tokens");
    String text = Fields.optString(body, body.has("content") ? "content" : "prompt");
    ChatCompletionRequest chat = null;
    if (text == null) {
      if (!body.has("messages")) {
        throw new InvalidRequestException("prompt", "send the text as 'prompt' (or 'content'), or chat 'messages'");
      }
      ObjectNode request = body.deepCopy().put("model", model.id());
      chat = ChatCompletionRequest.read(request);
    }
    ChatCompletionRequest messages = chat;
    Boolean generationPrompt = Fields.optBoolean(body, "add_generation_prompt");
    Blocking.run(ctx, () -> {
      if (messages == null) {
        return model.encode(text, special == null || special, body.has("prompt") ? "prompt" : "content");
      }
      ChatTemplate template = model.chatTemplate().orElseThrow(() -> new InvalidRequestException("messages",
          "model '" + model.id() + "' has no chat template: send the text as 'prompt'"));
      // encoded as a chat request's prompt is
      return model.encode(messages.render(template, generationPrompt == null || generationPrompt), false, "messages");
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
    ObjectNode body = Json.body(ctx);
    GeneratorModel model = model(body);
    ArrayNode array = Fields.optArray(body, "tokens");
    if (array == null) {
      throw new InvalidRequestException("tokens", "Missing required parameter: 'tokens'");
    }
    if (array.size() > MAX_TOKENS) {
      throw new InvalidRequestException("tokens", "'tokens' may hold at most " + MAX_TOKENS + " ids");
    }
    int[] ids = new int[array.size()];
    int vocab = model.tokenizer().vocabSize();
    for (int i = 0; i < ids.length; i++) {
      JsonNode id = array.get(i);
      if (!id.isIntegralNumber() || !id.canConvertToInt() || id.intValue() < 0 || id.intValue() >= vocab) {
        throw new InvalidRequestException("tokens[" + i + "]",
            "'tokens[" + i + "]' must be a token id in [0, " + vocab + "), got " + id);
      }
      ids[i] = id.intValue();
    }
    Blocking.run(ctx, () -> model.tokenizer().decode(ids), text ->
        Json.reply(ctx, 200, Json.object().put("prompt", text).put("content", text)));
  }
}
