package dev.opsmind.server.openai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opsmind.inference.tokenizer.ChatTemplate;
import dev.opsmind.server.models.GeneratorModel;
import dev.opsmind.server.auth.AuthHandler;
import dev.opsmind.server.http.Blocking;
import dev.opsmind.server.http.Json;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;

/**
 * POST /v1/responses: the request is read as a chat request ({@link ResponsesRequest}), rendered
 * by the model's chat template on a worker, run as one choice on the scheduler, and answered as
 * a response object or its events ({@link ResponsesReply}); finished responses go to the {@link
 * ResponseStore} for follow-ups and GET / DELETE.
 */
public final class ResponsesHandler {
  private final Map<String, GeneratorModel> models;
  private final int defaultMaxTokens;
  private final ResponseStore store;

  public ResponsesHandler(Map<String, GeneratorModel> models, int defaultMaxTokens, ResponseStore store) {
    this.models = models;
    this.defaultMaxTokens = defaultMaxTokens;
    this.store = store;
  }

  public void create(RoutingContext ctx) {
    ObjectNode body = Json.body(ctx);
    String principal = AuthHandler.principal(ctx).name();
    answer(ctx, ResponsesRequest.read(body, id -> store.history(id, principal)), principal);
  }

  /** Answers a parsed request for {@code principal} (who may read it back and continue it). */
  public void answer(RoutingContext ctx, ResponsesRequest request, String principal) {
    ChatCompletionRequest chat = request.chat();
    GeneratorModel model = OpenAiChatHandler.find(models, chat.model());
    chat.options().checkTokenIds(model.vocabSize());
    ChatTemplate template = OpenAiChatHandler.templateOf(model);
    ToolCalls tools = chat.tools();
    Blocking.runAnnounced(ctx, model.scheduler(),
        () -> model.checkFits(model.encode(chat.render(template, true), false, "input"), "input"), prompt -> {
      var params = OpenAiChatHandler.forcedCall(tools,
          chat.options().sampling(defaultMaxTokens, model.contextLength(), 0, false, 0));
      var choice = new Choice(0, 0, prompt, params, null, null,
          tools != null && tools.offered() ? tools : null);
      var writer = new ResponseWriter(model.id(), request.echo(), store.recorder(request, principal));
      new GenerationSession(ctx, model, List.of(choice), chat.options().stream(), new ResponsesReply(writer),
          Policy.PLAIN).start();
    });
  }
}
