package dev.opsmind.bench.eval;

import java.util.List;
import java.util.Set;

/**
 * One question of the answer evaluation set (bench/README.md, "Answer evaluation set").
 *
 * @param messages        the conversation; the last message is the user question
 * @param expectedSources paths relative to the runbooks root; any of them counts as a hit,
 *                        the first one is the primary source and contains every keyword
 * @param expectedKeywords words a good answer contains, taken from the primary source
 */
public record EvalQuestion(String id, String language, List<Message> messages, List<String> expectedSources,
    List<String> expectedKeywords, String kind, String split) {

  public static final Set<String> LANGUAGES = Set.of("en", "zh");
  public static final Set<String> KINDS = Set.of("direct", "symptom", "followup");
  public static final Set<String> SPLITS = Set.of("tune", "test");

  public record Message(String role, String content) {
    public Message {
      if (!Set.of("user", "assistant").contains(role)) {
        throw new IllegalArgumentException("message role must be user or assistant, got '" + role + "'");
      }
      if (content == null || content.isBlank()) throw new IllegalArgumentException("message content is empty");
    }
  }

  public EvalQuestion {
    if (id == null || id.isBlank()) throw new IllegalArgumentException("question without id");
    if (!LANGUAGES.contains(language)) throw new IllegalArgumentException(id + ": language must be one of " + LANGUAGES + ", got '" + language + "'");
    if (!KINDS.contains(kind)) throw new IllegalArgumentException(id + ": kind must be one of " + KINDS + ", got '" + kind + "'");
    if (!SPLITS.contains(split)) throw new IllegalArgumentException(id + ": split must be one of " + SPLITS + ", got '" + split + "'");
    if (messages == null || messages.isEmpty()) throw new IllegalArgumentException(id + ": no messages");
    if (!messages.getLast().role().equals("user")) throw new IllegalArgumentException(id + ": the last message must be the user's question");
    if ("followup".equals(kind) && messages.size() < 3) throw new IllegalArgumentException(id + ": a followup needs earlier turns, got " + messages.size() + " message(s)");
    if (expectedSources == null || expectedSources.isEmpty()) throw new IllegalArgumentException(id + ": no expected_sources");
    if (expectedKeywords == null || expectedKeywords.isEmpty()) throw new IllegalArgumentException(id + ": no expected_keywords");
    messages = List.copyOf(messages);
    expectedSources = List.copyOf(expectedSources);
    expectedKeywords = List.copyOf(expectedKeywords);
  }

  /** The question being asked (the last user turn). */
  public String question() {
    return messages.getLast().content();
  }
}
