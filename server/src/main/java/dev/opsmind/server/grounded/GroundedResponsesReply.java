package dev.opsmind.server.grounded;

import dev.opsmind.server.answer.GroundedAnswer;
import dev.opsmind.server.http.SseStream;
import dev.opsmind.server.openai.ResponseWriter;
import dev.opsmind.server.openai.protocol.ResponsesProtocol;
import java.util.List;

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
  public ResponsesProtocol.Response whole(GroundedSession.Outcome outcome) {
    GroundedAnswer answer = outcome.answer();
    List<ResponsesProtocol.OutputItem> output = answer.text().isEmpty() ? List.of()
        : List.of(writer.message(answer.text(), status(outcome), annotations(answer)));
    return writer.done(writer.response(status(outcome), output,
        new ResponseWriter.Usage(outcome.promptTokens(), 0, outcome.completionTokens()), outcome.extension()));
  }

  private static String status(GroundedSession.Outcome outcome) {
    return outcome.finishReason().equals("length") ? "incomplete" : "completed";
  }

  /** One file_citation per citation, at its first [n] marker in the text (else at the end). */
  static List<ResponsesProtocol.Annotation> annotations(GroundedAnswer answer) {
    String text = answer.text();
    return answer.citations().stream().map(c -> {
      int at = text.indexOf("[" + c.number() + "]");
      return ResponsesProtocol.Annotation.fileCitation(c.collection() + "/" + c.path(), c.path(),
          at >= 0 ? at : text.length());
    }).toList();
  }
}
