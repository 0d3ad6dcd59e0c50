package dev.opsmind.server.grounded;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opsmind.server.answer.Citation;
import dev.opsmind.server.answer.GroundedAnswer;
import dev.opsmind.server.http.Json;
import dev.opsmind.server.http.SseStream;
import dev.opsmind.server.openai.ResponseWriter;

/**
 * A grounded answer as a Responses API response: one assistant message whose output_text carries
 * the citations as {@code file_citation} annotations (the cited document's path, at its [n]
 * marker), and the {@code opsmind} extension object beside the output. Streamed, the deltas are
 * the text as it was made; the done events carry the final, cleaned text and its annotations.
 */
final class GroundedResponsesReply implements GroundedSession.Reply {
  private final ResponseWriter writer;

  GroundedResponsesReply(ResponseWriter writer) {
    this.writer = writer;
  }

  @Override
  public String id() {
    return writer.id();
  }

  @Override
  public void opened(SseStream sse) {
    writer.start(sse);
  }

  @Override
  public void text(SseStream sse, String delta) {
    writer.text(sse, delta);
  }

  @Override
  public void end(SseStream sse, GroundedSession.Outcome outcome) {
    GroundedAnswer answer = outcome.answer();
    writer.closeMessage(sse, answer.text(), annotations(answer), status(outcome));
    writer.finish(sse, whole(outcome));
  }

  @Override
  public ObjectNode whole(GroundedSession.Outcome outcome) {
    ObjectNode response = writer.response(status(outcome),
        new ResponseWriter.Usage(outcome.promptTokens(), 0, outcome.completionTokens()));
    GroundedAnswer answer = outcome.answer();
    if (!answer.text().isEmpty()) {
      ((ArrayNode) response.get("output")).add(writer.message(answer.text(), status(outcome), annotations(answer)));
    }
    response.set(GroundedRequest.EXTENSION, outcome.extension());
    return writer.done(response);
  }

  private static String status(GroundedSession.Outcome outcome) {
    return outcome.finishReason().equals("length") ? "incomplete" : "completed";
  }

  /** One file_citation per citation, at its first [n] marker in the text (else at the end). */
  static ArrayNode annotations(GroundedAnswer answer) {
    ArrayNode out = Json.MAPPER.createArrayNode();
    String text = answer.text();
    for (Citation c : answer.citations()) {
      int at = text.indexOf("[" + c.number() + "]");
      out.addObject().put("type", "file_citation").put("file_id", c.collection() + "/" + c.path())
          .put("filename", c.path()).put("index", at >= 0 ? at : text.length());
    }
    return out;
  }
}
