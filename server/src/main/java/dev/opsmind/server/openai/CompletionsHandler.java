package dev.opsmind.server.openai;

import com.fasterxml.jackson.databind.node.ObjectNode;
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
public final class CompletionsHandler implements ChoiceFormat {
  private final Map<String, GeneratorModel> models;
  private final int defaultMaxTokens;

  public CompletionsHandler(Map<String, GeneratorModel> models, int defaultMaxTokens) {
    this.models = models;
    this.defaultMaxTokens = defaultMaxTokens;
  }

  public void create(RoutingContext ctx) {
    CompletionRequest request = CompletionRequest.parse(Json.body(ctx));
    GeneratorModel model = OpenAiChatHandler.find(models, request.model());
    request.options().checkTokenIds(model.vocabSize());
    request.checkTokenIds(model.vocabSize());
    Blocking.runAnnounced(ctx, model.scheduler(), () -> {
      List<int[]> prompts = new ArrayList<>();
      List<String> texts = new ArrayList<>();
      for (CompletionRequest.Prompt prompt : request.prompts()) {
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
      List<GenerationSession.Choice> choices = new ArrayList<>();
      for (int p = 0; p < prompts.size(); p++) {
        for (int i = 0; i < options.n(); i++) {
          choices.add(new GenerationSession.Choice(choices.size(), p, prompts.get(p),
              options.sampling(defaultMaxTokens, model.contextLength(), i, logprobs, top), request.echo() ? encoded.texts().get(p) : null));
        }
      }
      new GenerationSession(ctx, model, choices, options.stream(),
          new ChoicesReply(this, model.id(), options.includeUsage())).start();
    });
  }

  /** The prompts as token ids, and as text (what echo writes back). */
  private record Encoded(List<int[]> tokens, List<String> texts) {}

  @Override
  public String object(boolean chunk) {
    return "text_completion";
  }

  @Override
  public String idPrefix() {
    return "cmpl-";
  }

  @Override
  public ObjectNode firstDelta(GenerationSession.Choice choice) {
    if (choice.echo == null || choice.echo.isEmpty()) {
      return null;
    }
    ObjectNode node = Json.object().put("index", choice.index).put("text", choice.echo);
    node.putNull("logprobs");
    node.putNull("finish_reason");
    return node;
  }

  @Override
  public void delta(ObjectNode choiceNode, GenerationSession.Choice choice, String text, Logprobs.TokenText logprob) {
    choiceNode.put("text", text);
    if (logprob == null) {
      choiceNode.putNull("logprobs");
    } else {
      choiceNode.set("logprobs", Logprobs.legacy(List.of(logprob), 0));
    }
  }

  @Override
  public void finalDelta(ObjectNode choiceNode, GenerationSession.Choice choice) {
    choiceNode.put("text", "");
    choiceNode.putNull("logprobs");
  }

  @Override
  public void whole(ObjectNode choiceNode, GenerationSession.Choice choice, String text,
      List<Logprobs.TokenText> logprobs) {
    String echo = choice.echo == null ? "" : choice.echo;
    choiceNode.put("text", echo + text);
    if (choice.params.logprobs()) {
      choiceNode.set("logprobs", Logprobs.legacy(logprobs, echo.length()));
    } else {
      choiceNode.putNull("logprobs");
    }
  }
}
