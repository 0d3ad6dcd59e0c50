package dev.opsmind.server.openai;

import java.util.List;

/**
 * How chat and (legacy) completions write a choice: the only differences between the two APIs.
 * Each method returns the choice entry as its wire record ({@link
 * dev.opsmind.server.openai.protocol.ChatProtocol} or {@link
 * dev.opsmind.server.openai.protocol.CompletionProtocol}).
 */
interface ChoiceFormat {
  /** "chat.completion" / "chat.completion.chunk", or "text_completion" for both. */
  String object(boolean chunk);

  /** The id prefix: "chatcmpl-" or "cmpl-". */
  String idPrefix();

  /** The first streamed chunk of a choice (chat: the role); null = none. */
  Object firstDelta(GenerationSession.Choice choice);

  /** A streamed piece of text, with its token's log-probabilities when asked for. */
  Object delta(GenerationSession.Choice choice, String text, Logprobs.TokenText logprob);

  /** The last delta of a choice, which carries the finish reason (empty unless text was held back). */
  Object finalDelta(GenerationSession.Choice choice, String finishReason);

  /**
   * Of a choice's new text (already appended to {@code choice.text}), what may be streamed now
   * ("" holds it back for a later delta or the final one); by default all of it.
   */
  default String streamable(GenerationSession.Choice choice, String text) {
    return text;
  }

  /** The choice's finish_reason (its result is in). */
  default String finishReason(GenerationSession.Choice choice) {
    return choice.result.finishReason().openAiName();
  }

  /** A whole (non-streamed) choice. */
  Object whole(GenerationSession.Choice choice, String text, List<Logprobs.TokenText> logprobs, String finishReason);
}
