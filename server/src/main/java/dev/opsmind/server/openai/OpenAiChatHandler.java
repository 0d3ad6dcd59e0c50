package dev.opsmind.server.openai;

import dev.opsmind.inference.generate.sampling.SamplingParams;
import dev.opsmind.inference.tokenizer.ChatTemplate;
import dev.opsmind.server.models.GeneratorModel;
import dev.opsmind.server.http.Blocking;
import dev.opsmind.server.http.ApiException;
import dev.opsmind.server.http.InvalidRequestException;
import dev.opsmind.server.http.Json;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * POST /v1/chat/completions: the messages go through the model's chat template and tokenizer
 * (on a worker), then n choices run on the model's continuous-batching scheduler.
 */
public final class OpenAiChatHandler {
  private final Map<String, GeneratorModel> models;
  private final int defaultMaxTokens;

  public OpenAiChatHandler(Map<String, GeneratorModel> models, int defaultMaxTokens) {
    this.models = models;
    this.defaultMaxTokens = defaultMaxTokens;
  }

  public void create(RoutingContext ctx) {
    answer(ctx, ChatCompletionRequest.read(Json.body(ctx)));
  }

  /** Answers a parsed request (see {@code grounded.ChatHandler}, which parses once for both kinds). */
  public void answer(RoutingContext ctx, ChatCompletionRequest request) {
    GeneratorModel model = find(models, request.model());
    request.options().checkTokenIds(model.vocabSize());
    ChatTemplate template = templateOf(model);
    ToolCalls tools = request.tools();
    Blocking.runAnnounced(ctx, model.scheduler(),
        () -> model.checkFits(model.encode(request.render(template, true), false, "messages"), "messages"), prompt -> {
      GenerationOptions options = request.options();
      ToolCalls offered = tools != null && tools.offered() ? tools : null;
      List<Choice> choices = new ArrayList<>();
      for (int i = 0; i < options.n(); i++) {
        var params = forcedCall(tools,
            options.sampling(defaultMaxTokens, model.contextLength(), i, request.logprobs(), request.topLogprobs()));
        choices.add(new Choice(i, 0, prompt, params, null, null, offered));
      }
      new GenerationSession(ctx, model, choices, options.stream(), new ChatReply(model.id(), options.includeUsage(),
          tools != null && tools.functions()),
          Policy.PLAIN).start();
    });
  }

  /** The model's chat template, or a 400 that points at /v1/completions. */
  static ChatTemplate templateOf(GeneratorModel model) {
    return model.chatTemplate().orElseThrow(() -> new InvalidRequestException("model",
        "model '" + model.id() + "' has no chat template (tokenizer_config.json chat_template): use /v1/completions"));
  }

  /** With a forced tool choice, decoding is held to exactly one call: {"name": ..., "arguments": {...}}. */
  static SamplingParams forcedCall(ToolCalls tools, SamplingParams params) {
    return tools != null && tools.forced() ? params.withJson(tools.schema()) : params;
  }

  static GeneratorModel find(Map<String, GeneratorModel> models, String id) {
    GeneratorModel model = models.get(id);
    if (model == null) {
      throw ApiException.modelNotFound(id);
    }
    return model;
  }
}
