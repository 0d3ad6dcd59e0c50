package dev.opsmind.server.answer;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The text to search the knowledge base with, built from a conversation.
 *
 * <p>A self-contained last user turn is searched as it is. A follow-up ("and how do I fix it?",
 * "那怎么处理？") says too little by itself, so the salient terms of the earlier user turns (most
 * recent first) and the identifiers the assistant named (alert names such as
 * {@code KubeletTooManyPods}) are appended, at most {@value #MAX_CONTEXT_TERMS} terms.
 *
 * @param text what to search for
 * @param lastUserTurn the question as the user wrote it
 * @param contextTerms the terms taken from earlier turns (empty unless {@code followUp})
 * @param followUp whether the last turn was judged to depend on earlier turns
 */
public record RetrievalQuery(String text, String lastUserTurn, List<String> contextTerms, boolean followUp) {
  static final int MAX_CONTEXT_TERMS = 16;
  /** A Latin-script turn with at most this many content words is short enough to be a follow-up. */
  static final int SHORT_EN_CONTENT_WORDS = 3;
  /** With an anaphoric word ("it", "that"), up to this many content words still count as a follow-up. */
  static final int ANAPHORIC_EN_CONTENT_WORDS = 5;
  /** A Chinese turn with at most this many content characters is a follow-up. */
  static final int SHORT_ZH_CONTENT_CHARS = 4;
  static final int ANAPHORIC_ZH_CONTENT_CHARS = 8;

  private static final Set<String> EN_OPENERS = Set.of("and", "so", "then", "what about", "how about", "also", "but");

  public RetrievalQuery {
    contextTerms = List.copyOf(contextTerms);
  }

  /** Builds the query from the conversation; the last user turn is the question. */
  public static RetrievalQuery of(List<Turn> conversation) {
    int last = -1;
    for (int i = conversation.size() - 1; i >= 0; i--) {
      if (conversation.get(i).isUser()) {
        last = i;
        break;
      }
    }
    if (last < 0 || conversation.get(last).content().isBlank()) {
      throw new IllegalArgumentException("the conversation has no user question to answer");
    }
    String question = conversation.get(last).content().strip();
    List<Turn> earlier = conversation.subList(0, last);
    boolean hasEarlierUser = earlier.stream().anyMatch(Turn::isUser);
    if (!hasEarlierUser || !isFollowUp(question)) {
      return new RetrievalQuery(question, question, List.of(), false);
    }
    var have = new LinkedHashSet<String>();
    for (String t : QueryTerms.salient(question)) {
      have.add(t.toLowerCase(Locale.ROOT));
    }
    var added = new ArrayList<String>();
    // Most recent first: the topic of a follow-up is usually the turn just before it.
    for (int i = earlier.size() - 1; i >= 0 && added.size() < MAX_CONTEXT_TERMS; i--) {
      Turn turn = earlier.get(i);
      if (turn.role().equals("system")) {
        continue;
      }
      for (String term : QueryTerms.salient(turn.content())) {
        // From assistant turns only identifiers: its prose is the model's, its names are the topic.
        if (!turn.isUser() && !QueryTerms.isIdentifier(term)) {
          continue;
        }
        if (added.size() < MAX_CONTEXT_TERMS && have.add(term.toLowerCase(Locale.ROOT))) {
          added.add(term);
        }
      }
    }
    String text = added.isEmpty() ? question : question + " " + String.join(" ", added);
    return new RetrievalQuery(text, question, added, true);
  }

  /** Whether a question leans on earlier turns: short, or short-ish with an anaphoric word or opener. */
  static boolean isFollowUp(String question) {
    String lower = question.toLowerCase(Locale.ROOT).strip();
    List<String> words = QueryTerms.latinWords(lower);
    int hanChars = QueryTerms.hanCount(question);
    if (hanChars > words.size()) {
      int contentChars = QueryTerms.salient(question).stream()
          .mapToInt(t -> QueryTerms.hanCount(t) > 0 ? t.length() : 2)
          .sum();
      boolean anaphoric = QueryTerms.ZH_ANAPHORA.stream().anyMatch(question::contains);
      return contentChars <= SHORT_ZH_CONTENT_CHARS || (anaphoric && contentChars <= ANAPHORIC_ZH_CONTENT_CHARS);
    }
    long content = QueryTerms.salient(question).size();
    boolean anaphoric = words.stream().anyMatch(QueryTerms.EN_ANAPHORA::contains)
        || EN_OPENERS.stream().anyMatch(o -> lower.startsWith(o + " "));
    return content <= SHORT_EN_CONTENT_WORDS || (anaphoric && content <= ANAPHORIC_EN_CONTENT_WORDS);
  }
}
