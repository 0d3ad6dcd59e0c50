package dev.opsmind.server.grounded;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opsmind.server.auth.AuthHandler;
import dev.opsmind.server.http.ApiException;
import dev.opsmind.server.http.Json;
import dev.opsmind.server.openai.ChatCompletionRequest;
import dev.opsmind.server.openai.OpenAiChatHandler;
import dev.opsmind.server.openai.ResponseStore;
import dev.opsmind.server.openai.ResponsesHandler;
import dev.opsmind.server.openai.ResponsesRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * POST /v1/chat/completions and POST /v1/responses: each request is parsed once into its typed
 * record, then answered plainly by the generator, or from the knowledge base when it asks for
 * grounding ({@link GroundedRequest#wanted}: the {@code opsmind} extension or a grounded model
 * alias) and the server has an index. Without an index a grounding request is a plain one (the
 * extension is ignored, an alias names no model).
 */
public final class ChatHandler {
  private final OpenAiChatHandler plain;
  private final ResponsesHandler plainResponses;
  private final GroundedChatHandler grounded;
  private final ResponseStore store;

  /**
   * @param plain the ungrounded chat handler, or null without generators
   * @param plainResponses the ungrounded Responses API handler, or null without generators
   * @param grounded grounded answers, or null without an index
   * @param store finished responses (what {@code previous_response_id} continues)
   */
  public ChatHandler(OpenAiChatHandler plain, ResponsesHandler plainResponses, GroundedChatHandler grounded,
      ResponseStore store) {
    this.plain = plain;
    this.plainResponses = plainResponses;
    this.grounded = grounded;
    this.store = store;
  }

  /** POST /v1/chat/completions. */
  public void create(RoutingContext ctx) {
    ChatCompletionRequest request = ChatCompletionRequest.read(Json.body(ctx));
    if (grounded != null && GroundedRequest.wanted(request)) {
      grounded.chat(ctx, request);
    } else if (plain == null) {
      throw ApiException.modelNotFound(request.model());
    } else {
      plain.answer(ctx, request);
    }
  }

  /** POST /v1/responses. */
  public void respond(RoutingContext ctx) {
    ObjectNode body = Json.body(ctx);
    String principal = AuthHandler.principal(ctx).name();
    ResponsesRequest request = ResponsesRequest.read(body, id -> store.history(id, principal));
    if (grounded != null && GroundedRequest.wanted(request.chat())) {
      grounded.respond(ctx, request, principal);
    } else if (plainResponses == null) {
      throw ApiException.modelNotFound(request.chat().model());
    } else {
      plainResponses.answer(ctx, request, principal);
    }
  }
}
