package dev.opsmind.server.answer;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits a question into salient terms: Latin words that are not stop words (identifiers such as
 * {@code KubePodCrashLooping}, {@code etcd_mvcc_db_total_size_in_bytes} or {@code kube-proxy} kept
 * whole) and Chinese runs with question and function words cut out. Used to expand follow-up
 * queries and to measure how much of a question a passage covers.
 */
final class QueryTerms {
  private static final Pattern LATIN = Pattern.compile("[\\p{IsLatin}\\p{Nd}][\\p{IsLatin}\\p{Nd}_.\\-/]*");
  private static final Pattern HAN = Pattern.compile("\\p{IsHan}+");

  static final Set<String> EN_STOP = Set.copyOf(List.of(
      "a", "an", "the", "and", "or", "but", "if", "then", "else", "so", "of", "to", "in", "on", "at", "by", "for",
      "with", "from", "into", "about", "as", "is", "are", "was", "were", "be", "been", "being", "am", "do", "does",
      "did", "done", "doing", "have", "has", "had", "i", "me", "my", "we", "our", "us", "you", "your", "he", "she",
      "it", "its", "they", "them", "their", "this", "that", "these", "those", "there", "here", "what", "which", "who",
      "whom", "whose", "when", "where", "why", "how", "can", "could", "should", "would", "will", "shall", "may",
      "might", "must", "not", "no", "yes", "any", "some", "all", "more", "most", "much", "many", "very", "just",
      "also", "too", "than", "again", "still", "now", "anymore", "ok", "okay", "please", "thanks", "thank", "hi",
      "hello", "what's", "whats", "it's", "i'm", "don't", "can't", "next", "else", "one", "get", "got", "fix",
      "solve", "resolve", "mitigate", "mitigation", "handle", "deal", "do", "happen", "happens", "mean", "means",
      "tell", "tells", "know", "explain", "steps", "step", "way", "ways", "instead", "actually", "afterwards", "after",
      "before", "back", "bring", "check", "look", "see", "find", "cause", "causes", "why", "then", "about"));
  static final Set<String> EN_ANAPHORA = Set.of(
      "it", "this", "that", "these", "those", "them", "they", "there", "its", "same", "instead", "afterwards", "else");

  /** Chinese question and function words; what lies between them is a term. Longest first. */
  static final List<String> ZH_STOP = List.of(
      "应该怎么", "怎么办", "怎么样", "怎么", "怎样", "如何", "什么", "哪些", "哪个", "为什么", "是否", "有没有", "可以",
      "应该", "需要", "能否", "能不能", "请问", "一下", "具体", "那么", "然后", "还有", "另外", "这个", "那个", "这些",
      "那些", "这种", "那种", "它们", "处理", "解决", "办法", "方法", "缓解", "排查", "恢复", "以后", "之后", "完了",
      "一直", "好像", "已经", "我们", "我的", "你们", "他们", "如果", "要是", "假如", "的话", "导致", "引起", "造成",
      "情况", "是不是", "还是", "就是", "是", "吗", "呢", "吧", "啊", "呀", "了", "的", "么", "那",
      "这", "它", "我", "你", "他", "她", "该", "此");

  /** Words that make a short Chinese turn anaphoric ("那怎么处理？", "它为什么会这样"). */
  static final List<String> ZH_ANAPHORA = List.of("那", "这", "它", "该", "此", "然后", "还有", "另外", "以后", "之后");

  private QueryTerms() {}

  /** Salient terms in order of first appearance, de-duplicated case-insensitively. */
  static List<String> salient(String text) {
    var seen = new LinkedHashSet<String>();
    var out = new ArrayList<String>();
    Matcher m = LATIN.matcher(text);
    while (m.find()) {
      String word = trimPunctuation(m.group());
      String lower = word.toLowerCase(Locale.ROOT);
      if (word.length() < 2 || EN_STOP.contains(lower)) {
        continue;
      }
      if (seen.add(lower)) {
        out.add(word);
      }
    }
    Matcher h = HAN.matcher(text);
    while (h.find()) {
      for (String piece : splitChinese(h.group())) {
        if (seen.add(piece)) {
          out.add(piece);
        }
      }
    }
    return out;
  }

  /** Latin words of the text, stop words included, lower-cased. */
  static List<String> latinWords(String text) {
    var out = new ArrayList<String>();
    Matcher m = LATIN.matcher(text);
    while (m.find()) {
      out.add(trimPunctuation(m.group()).toLowerCase(Locale.ROOT));
    }
    return out;
  }

  /** Characters of Chinese script in the text. */
  static int hanCount(String text) {
    int n = 0;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      if (Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN) {
        n++;
      }
      i += Character.charCount(cp);
    }
    return n;
  }

  /** A token that names a thing precisely: CamelCase, snake_case, dotted, dashed or with digits. */
  static boolean isIdentifier(String word) {
    if (word.chars().noneMatch(Character::isLetter)) {
      return false; // a bare number ("95") names nothing
    }
    return word.chars().anyMatch(c -> c == '_' || c == '.' || c == '-' || c == '/' || Character.isDigit(c))
        || word.chars().skip(1).anyMatch(Character::isUpperCase);
  }

  private static List<String> splitChinese(String run) {
    String marked = run;
    for (String stop : ZH_STOP) {
      marked = marked.replace(stop, " ");
    }
    var out = new ArrayList<String>();
    for (String piece : marked.split(" +")) {
      if (piece.length() >= 2) {
        out.add(piece);
      }
    }
    return out;
  }

  private static String trimPunctuation(String word) {
    int end = word.length();
    while (end > 0 && ".-/_".indexOf(word.charAt(end - 1)) >= 0) {
      end--;
    }
    return word.substring(0, end);
  }
}
