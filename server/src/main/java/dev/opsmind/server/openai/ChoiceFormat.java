package dev.opsmind.server.openai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** How chat and (legacy) completions write a choice: the only differences between the two APIs. */
interface ChoiceFormat {
  /** "chat.completion" / "chat.completion.chunk", or "text_completion" for both. */
  String object(boolean chunk);

  /** The id prefix: "chatcmpl-" or "cmpl-". */
  String idPrefix();

  /** The first streamed chunk of a choice (chat: the role); null = none. */
  ObjectNode firstDelta(GenerationSession.Choice choice);

  /** A streamed piece of text, with its token's log-probabilities when asked for. */
  void delta(ObjectNode choiceNode, GenerationSession.Choice choice, String text, Logprobs.TokenText logprob);

  /** The last delta of a choice, which carries the finish reason (empty unless text was held back). */
  void finalDelta(ObjectNode choiceNode, GenerationSession.Choice choice);

  /** Whether text is streamed as it comes (false: held back to the final delta). */
  default boolean streamsText() {
    return true;
  }

  /** The choice's finish_reason (its result is in). */
  default String finishReason(GenerationSession.Choice choice) {
    return choice.result.finishReason().openAiName();
  }

  /** A whole (non-streamed) choice. */
  void whole(ObjectNode choiceNode, GenerationSession.Choice choice, String text, List<Logprobs.TokenText> logprobs);
}
