package dev.opsmind.server.answer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cleans the citation markers of a generated answer against the numbered sources it was given.
 *
 * <ul>
 *   <li>Markers are {@code [n]}, {@code [n, m]} / {@code [n,m]}, and full-width {@code 【n】} (written
 *       as {@code [n]} afterwards). Text inside backtick code spans and fenced code blocks is left alone
 *       ({@code array[0]} is code, not a citation).
 *   <li>A number with no source (0, or above the number of sources) is removed from the text.
 *   <li>Cited sources are renumbered 1..k in order of first use, so the citation list has no gaps,
 *       and every marker in the text is rewritten to the new numbers; a repeated marker right after
 *       the same marker ({@code [1][1]}) is dropped.
 *   <li>Sources the answer never cites are not in the result.
 * </ul>
 */
public final class CitationFilter {
  private static final Pattern MARKER = Pattern.compile("(?:\\[|【)\\s*(\\d{1,3}(?:\\s*[,，、]\\s*\\d{1,3})*)\\s*(?:]|】)(?!\\()");
  private static final Pattern CODE = Pattern.compile("```[\\s\\S]*?(?:```|\\z)|`[^`\\n]*`");

  private CitationFilter() {}

  /** The cleaned answer and its citations; {@code sources.get(i)} is source number i+1. */
  public static GroundedAnswer filter(String answer, List<SourcePassage> sources) {
    Map<Integer, Integer> renumber = new LinkedHashMap<>();
    var sb = new StringBuilder();
    Matcher code = CODE.matcher(answer);
    int pos = 0;
    while (code.find()) {
      rewrite(answer.substring(pos, code.start()), sources.size(), renumber, sb);
      sb.append(code.group());
      pos = code.end();
    }
    rewrite(answer.substring(pos), sources.size(), renumber, sb);
    var citations = new ArrayList<Citation>();
    renumber.forEach((old, now) -> citations.add(Citation.of(now, sources.get(old - 1))));
    return new GroundedAnswer(sb.toString(), citations, GroundedAnswer.Mode.GENERATED);
  }

  private static void rewrite(String prose, int sourceCount, Map<Integer, Integer> renumber, StringBuilder out) {
    Matcher m = MARKER.matcher(prose);
    int pos = 0;
    String previous = null;
    int previousEnd = -1;
    while (m.find()) {
      out.append(prose, pos, m.start());
      var kept = new StringBuilder();
      for (String n : m.group(1).split("\\s*[,，、]\\s*")) {
        int number = Integer.parseInt(n);
        if (number < 1 || number > sourceCount) {
          continue;
        }
        int now = renumber.computeIfAbsent(number, k -> renumber.size() + 1);
        String marker = "[" + now + "]";
        if (kept.indexOf(marker) < 0) {
          kept.append(marker);
        }
      }
      String replacement = kept.toString();
      boolean repeat = replacement.equals(previous) && previousEnd == m.start();
      if (replacement.isEmpty() || repeat) {
        dropSpaceBefore(out, prose, m.end());
      } else {
        out.append(replacement);
      }
      previous = replacement;
      previousEnd = m.end();
      pos = m.end();
    }
    out.append(prose, pos, prose.length());
  }

  /** A dropped marker leaves no gap: "foo [7]." becomes "foo." and "foo [7] bar" becomes "foo bar". */
  private static void dropSpaceBefore(StringBuilder out, String prose, int next) {
    boolean atBreak = next >= prose.length() || Character.isWhitespace(prose.charAt(next))
        || ".,;:!?。，；：！？)".indexOf(prose.charAt(next)) >= 0;
    if (!atBreak) {
      return;
    }
    int end = out.length();
    while (end > 0 && (out.charAt(end - 1) == ' ' || out.charAt(end - 1) == '\t')) {
      end--;
    }
    out.setLength(end);
  }
}
