package dev.opsmind.server.grounded;

import dev.opsmind.server.http.RouteTable;
import dev.opsmind.server.openai.OpenAiChatHandler;
import dev.opsmind.server.openai.ResponseStore;
import dev.opsmind.server.openai.ResponsesHandler;
import dev.opsmind.server.openai.StoredResponsesHandler;
import io.vertx.core.http.HttpMethod;

/**
 * The chat routes: /v1/chat/completions and /v1/responses (plain or grounded, {@link
 * ChatHandler} picks per request), the stored responses, and feedback on grounded answers.
 */
public final class ChatRoutes {
  private ChatRoutes() {}

  /**
   * @param chat plain chat, or null without generators
   * @param responses plain responses, or null without generators
   * @param grounded grounded chat and feedback, or null without an index
   */
  public static void mount(RouteTable routes, OpenAiChatHandler chat, ResponsesHandler responses,
      GroundedChat grounded, ResponseStore stored) {
    if (grounded != null) {
      routes.json(HttpMethod.POST, "/v1/feedback", grounded.feedback()::create);
      routes.plain(HttpMethod.GET, "/v1/feedback", grounded.feedback()::list);
    }
    if (chat == null && grounded == null) {
      return;
    }
    ChatHandler chats = new ChatHandler(chat, responses, grounded == null ? null : grounded.chat(), stored);
    routes.json(HttpMethod.POST, "/v1/chat/completions", chats::create);
    routes.json(HttpMethod.POST, "/v1/responses", chats::respond);
    StoredResponsesHandler storedResponses = new StoredResponsesHandler(stored);
    routes.plain(HttpMethod.GET, "/v1/responses/:id", storedResponses::get);
    routes.plain(HttpMethod.DELETE, "/v1/responses/:id", storedResponses::delete);
  }
}
