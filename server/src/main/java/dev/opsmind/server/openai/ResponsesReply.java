package dev.opsmind.server.openai;

import dev.opsmind.server.http.SseStream;
import dev.opsmind.server.openai.protocol.OpsmindProtocol;
import dev.opsmind.server.openai.protocol.ResponsesProtocol;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a Responses API answer (one choice) through its {@link ResponseWriter}: an assistant
 * message and/or function calls, or a grounded answer's message whose citations are {@code
 * file_citation} annotations (at each [n] marker) with the {@code opsmind} extension beside the
 * output. An answer cut by max_output_tokens is incomplete, its message too. A stored response
 * is sent (whole, or a stream's last event and end) once the store acknowledges it ({@link
 * ResponseWriter#acknowledged}).
 */
public final class ResponsesReply implements Reply {
  private final ResponseWriter writer;

  public ResponsesReply(ResponseWriter writer) {
    this.writer = writer;
  }

  @Override
  public String id() {
    return writer.id();
  }

  @Override
  public void opened(SseStream sse, List<Choice> choices) {
    writer.start(sse);
  }

  @Override
  public void text(SseStream sse, Choice choice, String text, Logprobs.TokenText logprob) {
    writer.text(sse, text);
  }

  @Override
  public void settled(SseStream sse, Choice choice) {
    Reply.Settled settled = choice.settled;
    writer.text(sse, settled.rest());
    int index = writer.closeMessage(sse, settled.doneText(), annotations(settled), status(settled));
    for (ToolCalls.Call call : settled.calls()) {
      writer.functionCall(sse, index++, call);
    }
  }

  @Override
  public void end(SseStream sse, Reply.Answer answer) {
    ResponsesProtocol.Response response = whole(answer);
    Reply.when(writer.acknowledged(), () -> writer.finish(sse, response));
  }

  @Override
  public Future<Void> acknowledged() {
    return writer.acknowledged();
  }

  @Override
  public ResponsesProtocol.Response whole(Reply.Answer answer) {
    Reply.Settled settled = answer.choices().get(0).settled;
    List<ResponsesProtocol.OutputItem> output = new ArrayList<>();
    String text = settled.content();
    if (text != null && !text.isEmpty()) {
      output.add(writer.message(text, status(settled), annotations(settled)));
    }
    for (ToolCalls.Call call : settled.calls()) {
      output.add(ResponseWriter.functionCall(call));
    }
    long cached = answer.cached() == null ? 0 : answer.cached();
    return writer.done(writer.response(status(settled), output,
        new ResponseWriter.Usage(answer.prompt(), cached, answer.completion()), answer.opsmind()));
  }

  @Override
  public void failed(SseStream sse, Throwable error) {
    writer.failed(sse, error);
  }

  private static String status(Reply.Settled settled) {
    return settled.finishReason().equals("length") ? "incomplete" : "completed";
  }

  /** One file_citation per citation, at its first [n] marker in the text (else at the end); null without any. */
  private static List<ResponsesProtocol.Annotation> annotations(Reply.Settled settled) {
    if (settled.citations().isEmpty()) {
      return null;
    }
    String text = settled.content() == null ? "" : settled.content();
    List<ResponsesProtocol.Annotation> out = new ArrayList<>();
    for (OpsmindProtocol.Citation c : settled.citations()) {
      int at = text.indexOf("[" + c.number() + "]");
      out.add(ResponsesProtocol.Annotation.fileCitation(c.collection() + "/" + c.path(), c.path(),
          at >= 0 ? at : text.length()));
    }
    return out;
  }
}
