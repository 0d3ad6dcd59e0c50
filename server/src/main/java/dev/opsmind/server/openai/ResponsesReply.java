package dev.opsmind.server.openai;

import dev.opsmind.inference.generate.FinishReason;
import dev.opsmind.server.http.SseStream;
import dev.opsmind.server.openai.protocol.ResponsesProtocol;
import java.util.ArrayList;
import java.util.List;

/**
 * A generator's Responses API answer (one choice): an assistant message and/or function calls,
 * written by a {@link ResponseWriter}. With tools, text streams as {@link ToolCallHold} lets it and
 * the calls come whole at the end; a reply cut by max_output_tokens is incomplete.
 */
final class ResponsesReply implements GenerationSession.Reply {
  private final ResponseWriter writer;
  private final ToolCalls tools;
  private final ToolCallHold hold;
  private ToolCalls.Parsed parsed;

  /** {@code tools}: the request's offered tools, or null. */
  ResponsesReply(ResponseWriter writer, ToolCalls tools) {
    this.writer = writer;
    this.tools = tools;
    this.hold = tools == null ? null : new ToolCallHold();
  }

  @Override
  public void opened(SseStream sse, List<GenerationSession.Choice> choices) {
    writer.start(sse);
  }

  @Override
  public void token(SseStream sse, GenerationSession.Choice choice, String delta, Logprobs.TokenText logprob) {
    writer.text(sse, hold == null ? delta : hold.next(choice.text.toString()));
  }

  @Override
  public void finished(SseStream sse, GenerationSession.Choice choice) {
    ToolCalls.Parsed p = parsed(choice);
    if (hold != null) {
      writer.text(sse, hold.rest(choice.result.text(), p));
    }
    int index = writer.closeMessage(sse, null, null, status(choice));
    for (ToolCalls.Call call : p.calls()) {
      writer.functionCall(sse, index++, call);
    }
  }

  @Override
  public void end(SseStream sse, List<GenerationSession.Choice> choices) {
    writer.finish(sse, whole(choices));
  }

  @Override
  public ResponsesProtocol.Response whole(List<GenerationSession.Choice> choices) {
    GenerationSession.Choice choice = choices.get(0);
    GenerationSession.Usage counts = GenerationSession.Usage.of(choices);
    List<ResponsesProtocol.OutputItem> output = new ArrayList<>();
    ToolCalls.Parsed p = parsed(choice);
    String text = p.calls().isEmpty() ? choice.result.text() : p.content();
    if (text != null && !text.isEmpty()) {
      output.add(writer.message(text, status(choice), null));
    }
    for (ToolCalls.Call call : p.calls()) {
      output.add(ResponseWriter.functionCall(call));
    }
    return writer.done(writer.response(status(choice), output,
        new ResponseWriter.Usage(counts.prompt(), counts.cached(), counts.completion()), null));
  }

  @Override
  public void failed(SseStream sse, Throwable error) {
    writer.failed(sse, error);
  }

  /** A reply cut by max_output_tokens is incomplete, its message too. */
  private static String status(GenerationSession.Choice choice) {
    return choice.result.finishReason() == FinishReason.LENGTH ? "incomplete" : "completed";
  }

  /** The reply parsed once, so call ids are the same in the events and the final object. */
  private ToolCalls.Parsed parsed(GenerationSession.Choice choice) {
    if (parsed == null) {
      parsed = tools == null ? new ToolCalls.Parsed(List.of(), choice.result.text()) : tools.parse(choice.result.text());
    }
    return parsed;
  }
}
