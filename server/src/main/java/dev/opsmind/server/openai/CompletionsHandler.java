package dev.opsmind.server.openai;

import dev.opsmind.server.models.GeneratorModel;
import dev.opsmind.server.http.Blocking;
import dev.opsmind.server.http.InvalidRequestException;
import dev.opsmind.server.http.Json;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * POST /v1/completions (legacy): raw prompts (text or token ids), no template; n choices per
 * prompt, in prompt order.
 * With echo the prompt is written before the completion.
 */
public final class CompletionsHandler {
  private final Map<String, GeneratorModel> models;
  private final int defaultMaxTokens;

  public CompletionsHandler(Map<String, GeneratorModel> models, int defaultMaxTokens) {
    this.models = models;
    this.defaultMaxTokens = defaultMaxTokens;
  }

  public void create(RoutingContext ctx) {
    CompletionRequest request = CompletionRequest.read(Json.body(ctx));
    GeneratorModel model = OpenAiChatHandler.find(models, request.model());
    request.options().checkTokenIds(model.vocabSize());
    request.checkTokenIds(model.vocabSize());
    Blocking.runAnnounced(ctx, model.scheduler(), () -> {
      List<int[]> prompts = new ArrayList<>();
      List<String> texts = new ArrayList<>();
      for (dev.opsmind.server.openai.protocol.CompletionRequestProtocol.Prompt prompt : request.prompts()) {
        int[] tokens = prompt.tokens() != null ? prompt.tokens() : model.encode(prompt.text(), false, "prompt");
        if (tokens.length == 0) {
          throw new InvalidRequestException("prompt", "'prompt' is empty: this model needs at least one prompt token");
        }
        prompts.add(model.checkFits(tokens, "prompt"));
        texts.add(prompt.text() != null ? prompt.text() : model.tokenizer().decode(tokens));
      }
      return new Encoded(prompts, texts);
    }, encoded -> {
      List<int[]> prompts = encoded.tokens();
      GenerationOptions options = request.options();
      boolean logprobs = request.logprobs() >= 0;
      int top = Math.max(0, request.logprobs());
      List<Choice> choices = new ArrayList<>();
      for (int p = 0; p < prompts.size(); p++) {
        for (int i = 0; i < options.n(); i++) {
          choices.add(new Choice(choices.size(), p, prompts.get(p),
              options.sampling(defaultMaxTokens, model.contextLength(), i, logprobs, top), null,
              request.echo() ? encoded.texts().get(p) : null, null));
        }
      }
      new GenerationSession(ctx, model, choices, options.stream(),
          new CompletionsReply(model.id(), options.includeUsage()), Policy.PLAIN).start();
    });
  }

  /** The prompts as token ids, and as text (what echo writes back). */
  private record Encoded(List<int[]> tokens, List<String> texts) {}
}
