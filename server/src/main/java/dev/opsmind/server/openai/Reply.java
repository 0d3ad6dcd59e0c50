package dev.opsmind.server.openai;

import dev.opsmind.server.http.SseStream;
import dev.opsmind.server.openai.protocol.OpsmindProtocol;
import io.vertx.core.Future;
import java.util.List;

/**
 * How one API writes a {@link GenerationSession}'s answer, streamed or whole, in its wire records
 * ({@link ChatReply}, {@link CompletionsReply}, {@link ResponsesReply}); called on the request's
 * context.
 */
public interface Reply {
  /**
   * A choice's settled answer.
   *
   * @param content the message text of a whole answer (null: none, the reply only called tools)
   * @param doneText the text a stream's closing events carry (null: the text streamed)
   * @param calls the tool calls the answer makes
   * @param finishReason OpenAI's finish_reason
   * @param rest text not streamed yet, which the choice's last delta brings
   * @param citations the sources a grounded answer cites (empty otherwise)
   */
  record Settled(String content, String doneText, List<ToolCalls.Call> calls, String finishReason, String rest,
      List<OpsmindProtocol.Citation> citations) {
    public Settled {
      calls = List.copyOf(calls);
      citations = List.copyOf(citations);
    }
  }

  /**
   * The settled answer of every choice, with the token counts (a prompt counts once, n siblings
   * share it; {@code cached} null where the prompt cache is not reported) and the {@code opsmind}
   * extension of a grounded answer (null otherwise).
   */
  record Answer(List<Choice> choices, long prompt, Long cached, long completion, OpsmindProtocol.Extension opsmind) {}

  /** The answer's id ({@code chatcmpl-…}, {@code resp_…}): what feedback names. */
  String id();

  /** The stream is open: its first events. */
  void opened(SseStream sse, List<Choice> choices);

  /** A streamable piece of a choice's text ("" with only a log-probability), its token's log-probability or null. */
  void text(SseStream sse, Choice choice, String text, Logprobs.TokenText logprob);

  /** A streamed choice is settled ({@code choice.settled}): its closing events. */
  void settled(SseStream sse, Choice choice);

  /** Every choice is settled: the stream's last events, and its end. */
  void end(SseStream sse, Answer answer);

  /** The whole answer, when not streamed: a wire record. */
  Object whole(Answer answer);

  /**
   * After {@link #whole}: when the whole answer may be sent. Completed at once but for a stored
   * response in a cluster, which is sent once the shared map has it; completes on the request's
   * context.
   */
  default Future<Void> acknowledged() {
    return Future.succeededFuture();
  }

  /** Runs {@code then} once {@code acknowledged} completes: at once, in this call, when it is already. */
  static void when(Future<Void> acknowledged, Runnable then) {
    if (acknowledged.isComplete()) {
      then.run();
    } else {
      acknowledged.onComplete(v -> then.run());
    }
  }

  /** The stream ends with an error (its status line is already out). */
  default void failed(SseStream sse, Throwable error) {
    sse.fail(error);
  }
}
