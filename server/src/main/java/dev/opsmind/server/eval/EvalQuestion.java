package dev.opsmind.server.eval;

import dev.opsmind.inference.tokenizer.ChatMessage;
import java.util.List;
import java.util.Set;

/**
 * One question of an answer evaluation set (bench/README.md, "Answer evaluation set"), as {@link
 * QuestionSet} reads it.
 *
 * @param messages the conversation; the last message is the user question
 * @param expectedSources paths relative to the runbooks root; any of them counts as a hit, the
 *     first one is the primary source and contains every keyword
 * @param expectedKeywords words a good answer contains, taken from the primary source (may be
 *     empty in a lenient set)
 * @param kind direct, symptom or followup ("?" when a lenient set does not say)
 * @param split tune or test ("" when a lenient set does not say)
 */
public record EvalQuestion(String id, String language, List<ChatMessage> messages, List<String> expectedSources,
    List<String> expectedKeywords, String kind, String split) {

  /** What the bundled set's questions may say (checked by {@link QuestionSet#strict}). */
  public static final Set<String> LANGUAGES = Set.of("en", "zh");
  public static final Set<String> KINDS = Set.of("direct", "symptom", "followup");
  public static final Set<String> SPLITS = Set.of("tune", "test");

  public EvalQuestion {
    messages = messages == null ? List.of() : List.copyOf(messages);
    expectedSources = expectedSources == null ? List.of() : List.copyOf(expectedSources);
    expectedKeywords = expectedKeywords == null ? List.of() : List.copyOf(expectedKeywords);
  }

  /** The question being asked (the last user turn). */
  public String question() {
    return messages.getLast().content();
  }

  /** The rules of the bundled set: known language, kind and split, user/assistant turns ending with the user's. */
  void checkStrict() {
    if (id == null || id.isBlank()) throw new IllegalArgumentException("question without id");
    if (!LANGUAGES.contains(language)) throw new IllegalArgumentException(id + ": language must be one of " + LANGUAGES + ", got '" + language + "'");
    if (!KINDS.contains(kind)) throw new IllegalArgumentException(id + ": kind must be one of " + KINDS + ", got '" + kind + "'");
    if (!SPLITS.contains(split)) throw new IllegalArgumentException(id + ": split must be one of " + SPLITS + ", got '" + split + "'");
    if (messages.isEmpty()) throw new IllegalArgumentException(id + ": no messages");
    for (ChatMessage m : messages) {
      if (!Set.of("user", "assistant").contains(m.role())) {
        throw new IllegalArgumentException("message role must be user or assistant, got '" + m.role() + "'");
      }
      if (m.content().isBlank()) throw new IllegalArgumentException("message content is empty");
    }
    if (!messages.getLast().role().equals("user")) throw new IllegalArgumentException(id + ": the last message must be the user's question");
    if ("followup".equals(kind) && messages.size() < 3) throw new IllegalArgumentException(id + ": a followup needs earlier turns, got " + messages.size() + " message(s)");
    if (expectedSources.isEmpty()) throw new IllegalArgumentException(id + ": no expected_sources");
    if (expectedKeywords.isEmpty()) throw new IllegalArgumentException(id + ": no expected_keywords");
  }
}
