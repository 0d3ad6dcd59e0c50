package dev.opsmind.indexer.logs.detect;

import dev.opsmind.indexer.logs.format.LogRecord;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds a record's session key: the format's session field when it has one, else the first of
 * these patterns that matches the message (group 1 when the pattern has a group, else the match).
 * The defaults know HDFS block ids, OpenStack request ids, trace and request ids written as
 * {@code key=value}, and Kubernetes pods; a site configures its own list.
 */
public record SessionKeys(List<Pattern> patterns, List<List<String>> hints) {
  public static final SessionKeys DEFAULT = new SessionKeys(of(List.of(
      "blk_-?\\d+",
      "req-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
      "(?i)\\b(?:trace[_-]?id|request[_-]?id|x-request-id)[\"']?\\s*[=:]\\s*[\"']?([\\w.-]+)",
      "\\bpod[=/: ]\"?([a-z0-9](?:[-a-z0-9.]*[a-z0-9])?)")).patterns(),
      List.of(List.of("blk_"), List.of("req-"), List.of("trace", "request"), List.of("pod")));

  /** How far into a match its hint may begin. */
  static final int HINT_LEAD = 2;

  public static final SessionKeys NONE = new SessionKeys(List.of(), List.of());

  /**
   * {@code hints}: for each pattern, literals one of which a message must hold, in any case,
   * before the pattern is tried (an empty list: always tried), and which every match holds within
   * {@value #HINT_LEAD} characters of its start ("x-request-id" holds "request" 2 characters in):
   * the search starts there, which spares most of the regex's scan.
   */
  public SessionKeys {
    patterns = List.copyOf(patterns);
    hints = hints.stream().map(List::copyOf).toList();
    if (!hints.isEmpty() && hints.size() != patterns.size()) {
      throw new IllegalArgumentException("session key hints must match the patterns one to one");
    }
  }

  /** Keys from regex strings; a bad one is an IllegalArgumentException naming it. */
  public static SessionKeys of(List<String> regexes) {
    return new SessionKeys(regexes.stream().map(r -> {
      try {
        return Pattern.compile(r);
      } catch (java.util.regex.PatternSyntaxException e) {
        throw new IllegalArgumentException("bad session key pattern " + r + ": " + e.getDescription(), e);
      }
    }).toList(), List.of());
  }

  /** Where the first of the literals occurs in the text, ignoring case, or -1. */
  private static int firstOf(String text, List<String> literals) {
    int first = -1;
    for (String l : literals) {
      if (l.isEmpty()) return 0;
      int limit = first < 0 ? text.length() : first;
      for (char c : new char[] {Character.toLowerCase(l.charAt(0)), Character.toUpperCase(l.charAt(0))}) {
        // indexOf finds the first letter fast; the rest is compared in place
        for (int i = text.indexOf(c); i >= 0 && i < limit; i = text.indexOf(c, i + 1)) {
          if (text.regionMatches(true, i, l, 0, l.length())) {
            limit = i;
            first = i;
            break;
          }
        }
      }
    }
    return first;
  }

  /** The record's session key, or null when it has none. */
  public String of(LogRecord r) {
    if (r.session() != null && !r.session().isEmpty()) return r.session();
    String m = r.firstLine();
    for (int i = 0; i < patterns.size(); i++) {
      int from = 0;
      if (!hints.isEmpty() && !hints.get(i).isEmpty()) {
        int at = firstOf(m, hints.get(i));
        if (at < 0) continue;
        from = Math.max(0, at - HINT_LEAD);
      }
      Matcher x = patterns.get(i).matcher(m);
      if (x.find(from)) return x.groupCount() >= 1 && x.group(1) != null ? x.group(1) : x.group();
    }
    return null;
  }
}
