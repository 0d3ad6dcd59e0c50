package dev.opsmind.server.answer;

import java.util.ArrayList;
import java.util.HashSet;
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
  /** Up to this size a question that repeats a term of the previous user turn continues its topic. */
  static final int TOPIC_EN_CONTENT_WORDS = 6;
  static final int TOPIC_ZH_CONTENT_CHARS = 12;

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
    if (!hasEarlierUser || !(isFollowUp(question) || continuesTopic(question, earlier))) {
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

  /**
   * A question of at most {@value #TOPIC_EN_CONTENT_WORDS} content words (or
   * {@value #TOPIC_ZH_CONTENT_CHARS} Chinese characters) that repeats a term of the previous user
   * turn stays on its topic ("Is it safe to delete old xlog files by hand?" after a question about
   * XLOG): the earlier turn's terms sharpen it. A longer question stands on its own.
   */
  static boolean continuesTopic(String question, List<Turn> earlier) {
    Turn previous = null;
    for (int i = earlier.size() - 1; i >= 0 && previous == null; i--) {
      if (earlier.get(i).isUser()) {
        previous = earlier.get(i);
      }
    }
    List<String> terms = QueryTerms.salient(question);
    int hanChars = terms.stream().mapToInt(QueryTerms::hanCount).sum();
    int latinTerms = (int) terms.stream().filter(t -> QueryTerms.hanCount(t) == 0).count();
    if (previous == null || latinTerms > TOPIC_EN_CONTENT_WORDS || hanChars > TOPIC_ZH_CONTENT_CHARS) {
      return false;
    }
    Set<String> before = new HashSet<>();
    for (String t : QueryTerms.salient(previous.content())) {
      before.add(t.toLowerCase(Locale.ROOT));
    }
    return terms.stream().anyMatch(t -> before.contains(t.toLowerCase(Locale.ROOT)));
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
