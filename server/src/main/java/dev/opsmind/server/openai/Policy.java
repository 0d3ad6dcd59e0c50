package dev.opsmind.server.openai;

import java.util.List;

/**
 * What a {@link GenerationSession}'s finished or failed generation becomes: {@link #PLAIN} (the
 * model's reply, tool calls parsed when offered; an error answers) or grounded chat's policy
 * (citations, extractive fallback). Called on the request's context.
 */
public interface Policy {
  /** A choice's generation finished (not cancelled): settle it, and complete the session once all are. */
  void finished(GenerationSession session, Choice choice);

  /**
   * Generation cannot go on ({@code error}: a refusal at submit, a failure, or a timeout's
   * message); {@code submitted} false when the refusal came at submit. Plain: the error answers.
   */
  void failed(GenerationSession session, Throwable error, boolean submitted);

  /** Milliseconds the generator may take before {@link #failed} (0: no limit). */
  default long timeoutMillis() {
    return 0;
  }

  /** Whether the stream opens before the choices are submitted (so a refusal cannot be a 400). */
  default boolean opensFirst() {
    return false;
  }

  /** The model's reply as it is: tool calls parsed when offered; an error answers (400, 429, or in-stream). */
  Policy PLAIN = new Policy() {
    @Override
    public void finished(GenerationSession session, Choice choice) {
      session.settle(choice, plain(choice));
      if (session.allSettled()) {
        long prompt = 0;
        long cached = 0;
        long completion = 0;
        int lastPrompt = -1;
        for (Choice c : session.choices()) {
          if (c.promptIndex != lastPrompt) {
            prompt += c.prompt.length;
            // the prompt's first choice ran first; the others may have found its cache
            cached += c.result.cachedPromptTokens();
            lastPrompt = c.promptIndex;
          }
          completion += c.result.completionTokens();
        }
        session.complete(new Reply.Answer(session.choices(), prompt, cached, completion, null));
      }
    }

    @Override
    public void failed(GenerationSession session, Throwable error, boolean submitted) {
      session.fail(error);
    }
  };

  /** A plain choice's answer: its text, or its tool calls and the text around them. */
  static Reply.Settled plain(Choice choice) {
    String text = choice.result.text();
    String finish = choice.result.finishReason().openAiName();
    if (choice.tools == null) {
      return new Reply.Settled(text, null, List.of(), finish, "", List.of());
    }
    ToolCalls.Parsed parsed = choice.tools.parse(text);
    if (parsed.calls().isEmpty() && finish.equals("length")) { // a forced call cut short: the call so far
      parsed = choice.tools.cutCall(text);
      if (!parsed.calls().isEmpty()) {
        return new Reply.Settled(null, null, parsed.calls(), finish, choice.rest(parsed), List.of());
      }
    }
    String rest = choice.rest(parsed);
    return parsed.calls().isEmpty() ? new Reply.Settled(text, null, List.of(), finish, rest, List.of())
        : new Reply.Settled(parsed.content(), null, parsed.calls(), "tool_calls", rest, List.of());
  }
}
