package dev.opsmind.server.grounded;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opsmind.server.http.Json;
import dev.opsmind.server.http.SseStream;
import dev.opsmind.server.openai.ChunkEnvelope;

/**
 * A grounded answer as a chat completion: the message, or chunks of its text, then a chunk with
 * the finish reason, one with the {@code opsmind} extension (citations), the usage when asked
 * for, and {@code [DONE]}.
 */
final class GroundedChatReply implements GroundedSession.Reply {
  private final ChunkEnvelope envelope;
  private final boolean includeUsage;

  GroundedChatReply(String model, boolean includeUsage) {
    this.envelope = ChunkEnvelope.chat(model);
    this.includeUsage = includeUsage;
  }

  @Override
  public String id() {
    return envelope.id();
  }

  @Override
  public void opened(SseStream sse) {
    ObjectNode first = Json.object().put("index", 0);
    first.putObject("delta").put("role", "assistant").put("content", "");
    first.putNull("logprobs");
    first.putNull("finish_reason");
    sse.send(envelope.chunk(first));
  }

  @Override
  public void text(SseStream sse, String delta) {
    ObjectNode node = Json.object().put("index", 0);
    node.putObject("delta").put("content", delta);
    node.putNull("logprobs");
    node.putNull("finish_reason");
    sse.send(envelope.chunk(node));
  }

  @Override
  public void end(SseStream sse, GroundedSession.Outcome outcome) {
    ObjectNode last = Json.object().put("index", 0);
    last.putObject("delta");
    last.putNull("logprobs");
    last.put("finish_reason", outcome.finishReason());
    sse.send(envelope.chunk(last));
    sse.send(envelope.bareChunk().set(GroundedRequest.EXTENSION, outcome.extension()));
    if (includeUsage) {
      sse.send(envelope.bareChunk().set("usage", usage(outcome)));
    }
    sse.done();
  }

  @Override
  public ObjectNode whole(GroundedSession.Outcome outcome) {
    ObjectNode body = envelope.whole();
    ObjectNode choice = body.putArray("choices").addObject().put("index", 0);
    choice.putObject("message").put("role", "assistant").put("content", outcome.answer().text()).putNull("refusal");
    choice.putNull("logprobs");
    choice.put("finish_reason", outcome.finishReason());
    body.set("usage", usage(outcome));
    body.set(GroundedRequest.EXTENSION, outcome.extension());
    return body;
  }

  private static ObjectNode usage(GroundedSession.Outcome outcome) {
    return Json.object().put("prompt_tokens", outcome.promptTokens())
        .put("completion_tokens", outcome.completionTokens())
        .put("total_tokens", outcome.promptTokens() + outcome.completionTokens());
  }
}
