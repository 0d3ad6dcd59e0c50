package dev.opsmind.server.openai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opsmind.server.http.InvalidRequestException;
import dev.opsmind.server.http.Json;
import dev.opsmind.server.http.RequestReader;
import dev.opsmind.server.openai.protocol.ChatRequestProtocol.Message;
import dev.opsmind.server.openai.protocol.ResponsesProtocol;
import dev.opsmind.server.openai.protocol.ResponsesRequestProtocol;
import dev.opsmind.server.openai.protocol.SamplingRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * POST /v1/responses (OpenAI's Responses API), read as the chat request it amounts to: its wire
 * record ({@link ResponsesRequestProtocol}) is bound straight into chat's typed parts (messages,
 * tools, output format), and the chat request is made of them, no JSON in between. Errors name
 * the Responses fields. A {@code previous_response_id}'s conversation (from the {@link
 * ResponseStore}) comes before the new input.
 *
 * @param chat the equivalent chat request (sampling, tools, constrained output, and the {@code
 *     opsmind} grounding extension when the request has one: grounded chat reads it)
 * @param conversation the chat messages without the instructions: what a follow-up continues
 * @param echo the request's own fields that the response object repeats: instructions,
 *     max_output_tokens, temperature, top_p, tools, tool_choice, text, metadata, user,
 *     parallel_tool_calls, previous_response_id, store
 * @param store whether to keep the response for follow-ups and GET (OpenAI's default: true)
 */
public record ResponsesRequest(ChatCompletionRequest chat, List<Message> conversation,
    ResponsesProtocol.Echo echo, boolean store) {
  /**
   * Reads a request; {@code history} gives the conversation a {@code previous_response_id} names
   * (see {@link ResponseStore#history}).
   */
  public static ResponsesRequest read(ObjectNode body, Function<String, List<Message>> history) {
    ResponsesRequestProtocol given = RequestReader.read(body, ResponsesRequestProtocol.class);
    List<Message> conversation = new ArrayList<>();
    if (given.previousResponseId() != null) {
      conversation.addAll(history.apply(given.previousResponseId()));
    }
    conversation.addAll(given.input());
    List<Message> messages = new ArrayList<>();
    String instructions = given.instructions();
    if (instructions != null && !instructions.isEmpty()) {
      messages.add(new Message("system", instructions, List.of(), null, null));
    }
    messages.addAll(conversation);
    if (messages.isEmpty()) { // only reasoning items
      throw new InvalidRequestException("messages", "'messages' must hold at least one message");
    }
    SamplingRequest sampling = RequestReader.read(body, SamplingRequest.class);
    GenerationOptions options = GenerationOptions.of(sampling, given.maxOutputTokens(), "max_output_tokens", 1, null,
        given.format() == null ? null : given.format().compile("text.format.schema"));
    ChatCompletionRequest.toolTurnsAnswerCalls(messages, i -> "input");
    ToolCalls tools = ToolCalls.of(given.tools(), given.toolChoice(), "tool_choice.name");
    if (tools != null && Boolean.FALSE.equals(given.parallelToolCalls())) {
      tools = tools.oneCallAtATime();
    }
    ChatCompletionRequest chat = ChatCompletionRequest.of(given.model(), messages, options, false, 0, tools,
        given.grounding(), "text.format");
    boolean store = given.store() == null || given.store();
    var sent = given.echo();
    var echo = new ResponsesProtocol.Echo(instructions, given.maxOutputTokens(), options.temperature(), options.topP(),
        sent.tools() == null ? Json.MAPPER.createArrayNode() : sent.tools(),
        sent.toolChoice() == null ? Json.MAPPER.valueToTree("auto") : sent.toolChoice(),
        sent.text() != null && sent.text().isObject() && sent.text().path("format").isObject() ? sent.text()
            : Json.object().set("format", Json.object().put("type", "text")),
        sent.metadata() != null && sent.metadata().isObject() ? sent.metadata() : Json.object(),
        sampling.user(), given.parallelToolCalls() == null || given.parallelToolCalls(), given.previousResponseId(),
        store);
    return new ResponsesRequest(chat, List.copyOf(conversation), echo, store);
  }
}
