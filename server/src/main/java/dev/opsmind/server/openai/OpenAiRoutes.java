package dev.opsmind.server.openai;

import dev.opsmind.server.http.RouteTable;
import dev.opsmind.server.models.Backends;
import dev.opsmind.server.ops.Metrics;
import io.vertx.core.http.HttpMethod;

/**
 * The OpenAI-compatible routes that need no knowledge base: models, (legacy) completions,
 * embeddings, and vLLM's /tokenize and /detokenize. Chat completions and responses are mounted
 * with grounding ({@code grounded.ChatRoutes}), which takes {@link #chat()} and {@link
 * #responses()} as their plain halves.
 */
public final class OpenAiRoutes {
  private final Backends backends;
  private final int maxTokens;
  private final OpenAiChatHandler chat;
  private final ResponsesHandler responses;

  /** {@code maxTokens}: the server's default max_tokens; {@code stored}: finished responses. */
  public OpenAiRoutes(Backends backends, int maxTokens, ResponseStore stored) {
    this.backends = backends;
    this.maxTokens = maxTokens;
    this.chat = backends.generators().isEmpty() ? null : new OpenAiChatHandler(backends.generators(), maxTokens);
    this.responses = chat == null ? null : new ResponsesHandler(backends.generators(), maxTokens, stored);
  }

  /** Plain chat completions, or null without generators. */
  public OpenAiChatHandler chat() {
    return chat;
  }

  /** Plain responses, or null without generators. */
  public ResponsesHandler responses() {
    return responses;
  }

  public void mount(RouteTable routes, Metrics metrics) {
    ModelsHandler models = new ModelsHandler(backends);
    routes.plain(HttpMethod.GET, "/v1/models", models::list);
    routes.plain(HttpMethod.GET, "/v1/models/:id", models::get);
    if (chat != null) {
      CompletionsHandler completions = new CompletionsHandler(backends.generators(), maxTokens);
      routes.json(HttpMethod.POST, "/v1/completions", completions::create);
      // vLLM / llama-server extras, at the root as they serve them
      TokenizeHandler tokenize = new TokenizeHandler(backends.generators());
      routes.keyedJson(HttpMethod.POST, "/tokenize", tokenize::tokenize);
      routes.keyedJson(HttpMethod.POST, "/detokenize", tokenize::detokenize);
    }
    backends.embedders().ifPresent(embedders -> {
      EmbeddingsHandler embeddings = new EmbeddingsHandler(embedders, metrics);
      routes.json(HttpMethod.POST, "/v1/embeddings", embeddings::create);
    });
  }
}
