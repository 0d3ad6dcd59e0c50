package dev.opsmind.server.answer;

import dev.opsmind.inference.tokenizer.ChatMessage;
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
 * "那怎么处理？", "如果是资源不足导致的呢？") says too little by itself, so the salient terms of the
 * earlier user turns (most recent first) are appended, then from the assistant's turns only what
 * names the topic: the titles of the sources its answer cited ({@code [1] collection:path › Title
 * › ...} lines) and the identifiers in its own prose (alert names such as
 * {@code KubeletTooManyPods}) — never words of the passages it quoted ({@code > } lines) or of its
 * code blocks, which belong to other runbooks as often as to the topic. At most
 * {@value #MAX_CONTEXT_TERMS} terms; Chinese and English turns alike.
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
  static final int ANAPHORIC_ZH_CONTENT_CHARS = 10;
  /** A Chinese turn in a conversation with at most this many content characters and no identifier continues it. */
  static final int ELLIPTIC_ZH_CONTENT_CHARS = 16;
  /** Up to this size a question that repeats a term of the previous user turn continues its topic. */
  static final int TOPIC_EN_CONTENT_WORDS = 6;
  static final int TOPIC_ZH_CONTENT_CHARS = 12;

  private static final Set<String> EN_OPENERS = Set.of("and", "so", "then", "what about", "how about", "also", "but",
      "what if", "if", "and if");
  /** A Chinese turn opening with one of these continues the conversation ("如果是…呢？", "那…"). */
  private static final List<String> ZH_OPENERS = List.of("如果", "要是", "假如", "那如果", "那要是", "那么", "那", "还有",
      "另外", "然后", "除了", "还是");
  /** A citation line of an answer: "[1] collection:path › Title › Section (lines 3-9)". */
  private static final java.util.regex.Pattern CITATION_LINE =
      java.util.regex.Pattern.compile("^\\[\\d{1,3}]\\s+(.+)$");

  public RetrievalQuery {
    contextTerms = List.copyOf(contextTerms);
  }

  /** Builds the query from the conversation; the last user turn is the question. */
  public static RetrievalQuery of(List<ChatMessage> conversation) {
    int last = -1;
    for (int i = conversation.size() - 1; i >= 0; i--) {
      if (conversation.get(i).role().equals("user")) {
        last = i;
        break;
      }
    }
    if (last < 0 || conversation.get(last).content().isBlank()) {
      throw new IllegalArgumentException("the conversation has no user question to answer");
    }
    String question = conversation.get(last).content().strip();
    List<ChatMessage> earlier = conversation.subList(0, last);
    boolean hasEarlierUser = earlier.stream().anyMatch(m -> m.role().equals("user"));
    if (!hasEarlierUser || !(isFollowUp(question) || continuesTopic(question, earlier) || omitsItsSubject(question))) {
      return new RetrievalQuery(question, question, List.of(), false);
    }
    var have = new LinkedHashSet<String>();
    for (String t : QueryTerms.salient(question)) {
      have.add(t.toLowerCase(Locale.ROOT));
    }
    var added = new ArrayList<String>();
    // Most recent first: the topic of a follow-up is usually the turn just before it.
    for (int i = earlier.size() - 1; i >= 0 && added.size() < MAX_CONTEXT_TERMS; i--) {
      ChatMessage turn = earlier.get(i);
      if (turn.role().equals("system")) {
        continue;
      }
      List<String> terms = turn.role().equals("user") ? QueryTerms.salient(turn.content()) : assistantTopic(turn.content());
      for (String term : terms) {
        if (added.size() < MAX_CONTEXT_TERMS && have.add(term.toLowerCase(Locale.ROOT))) {
          added.add(term);
        }
      }
    }
    String text = added.isEmpty() ? question : question + " " + String.join(" ", added);
    return new RetrievalQuery(text, question, added, true);
  }

  /**
   * What an assistant turn says the topic is: the titles of the sources it cites, then the
   * identifiers of its own prose (and, in Chinese prose, its terms: Chinese has no CamelCase to
   * tell a name by). Quoted passages and code blocks are not its words.
   */
  static List<String> assistantTopic(String content) {
    var titles = new ArrayList<String>();
    var prose = new StringBuilder();
    boolean inCode = false;
    for (String line : content.split("\\R")) {
      String stripped = line.strip();
      if (stripped.startsWith("```") || stripped.startsWith("~~~")) {
        inCode = !inCode;
        continue;
      }
      if (inCode || stripped.startsWith(">")) {
        continue;
      }
      var citation = CITATION_LINE.matcher(stripped);
      if (citation.matches()) {
        String[] parts = citation.group(1).split("›");
        if (parts.length > 1) { // the first heading after the source path is the document's title
          titles.addAll(QueryTerms.salient(parts[1].replaceAll("\\(lines [0-9-]+\\)", "").split(" > ")[0]));
        }
        continue;
      }
      prose.append(line).append('\n');
    }
    var out = new ArrayList<>(titles);
    for (String term : QueryTerms.salient(prose.toString())) {
      if (QueryTerms.isIdentifier(term) || QueryTerms.hanCount(term) > 0) {
        out.add(term);
      }
    }
    return out;
  }

  /**
   * A question of at most {@value #TOPIC_EN_CONTENT_WORDS} content words (or
   * {@value #TOPIC_ZH_CONTENT_CHARS} Chinese characters) that repeats a term of the previous user
   * turn stays on its topic ("Is it safe to delete old xlog files by hand?" after a question about
   * XLOG): the earlier turn's terms sharpen it. A longer question stands on its own.
   */
  static boolean continuesTopic(String question, List<ChatMessage> earlier) {
    ChatMessage previous = null;
    for (int i = earlier.size() - 1; i >= 0 && previous == null; i--) {
      if (earlier.get(i).role().equals("user")) {
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

  /**
   * A Chinese turn in a conversation that names nothing of its own: Chinese drops the subject a
   * conversation has established ("一般是什么原因？要检查哪些配置？"), so a turn of at most
   * {@value #ELLIPTIC_ZH_CONTENT_CHARS} content characters without an identifier continues the
   * topic. English states its subject ("it", "that") and is judged by {@link #isFollowUp}.
   */
  static boolean omitsItsSubject(String question) {
    if (QueryTerms.hanCount(question) <= QueryTerms.latinWords(question).size()) {
      return false;
    }
    List<String> terms = QueryTerms.salient(question);
    if (terms.stream().anyMatch(QueryTerms::isIdentifier)) {
      return false;
    }
    int contentChars = terms.stream().mapToInt(t -> QueryTerms.hanCount(t) > 0 ? t.length() : 2).sum();
    return contentChars <= ELLIPTIC_ZH_CONTENT_CHARS;
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
      String plain = question.strip().replaceAll("[\\p{Punct}\\s？！。，、；：]+$", "");
      boolean anaphoric = QueryTerms.ZH_ANAPHORA.stream().anyMatch(question::contains)
          || ZH_OPENERS.stream().anyMatch(plain::startsWith)
          || plain.endsWith("呢"); // "…的呢？": "and what about …?"
      return contentChars <= SHORT_ZH_CONTENT_CHARS || (anaphoric && contentChars <= ANAPHORIC_ZH_CONTENT_CHARS);
    }
    long content = QueryTerms.salient(question).size();
    boolean anaphoric = words.stream().anyMatch(QueryTerms.EN_ANAPHORA::contains)
        || EN_OPENERS.stream().anyMatch(o -> lower.startsWith(o + " "));
    return content <= SHORT_EN_CONTENT_WORDS || (anaphoric && content <= ANAPHORIC_EN_CONTENT_WORDS);
  }
}
