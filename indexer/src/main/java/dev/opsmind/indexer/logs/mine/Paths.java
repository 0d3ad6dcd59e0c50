package dev.opsmind.indexer.logs.mine;

import java.util.regex.Pattern;

/**
 * The path mask. A path is what {@link #SPEC} finds (a drive letter or not, then two or more
 * {@code /}-parts, starting at a word's start); the scanner here finds exactly those without the
 * regex engine (the regex's negative look-behind ran at every character of every line holding a
 * slash: bench/README.md, throughput). A path of three parts or more, or holding a digit or a
 * variable, becomes {@code <*>} ("/etc/cron.hourly" stays), without the sentence's punctuation
 * after it; a file named by its kind and a number keeps the kind: {@code /<*>/blk_<*>}.
 */
final class Paths {
  private Paths() {}

  /** What a path is, as a regex: the scanner's specification (tests compare the two). */
  static final String SPEC = "(?<![^\\s\"'(\\[=:,])(?:[A-Za-z]:)?(?:/[^\\s/\"'()\\[\\],]*){2,}";

  private static final Pattern KIND_AND_NUMBER = Pattern.compile("[A-Za-z]+[_-]-?\\d+");

  static String mask(String s) {
    StringBuilder out = null;
    int last = 0;
    int from = 0;
    long span;
    while ((span = find(s, from)) >= 0) {
      int start = (int) (span >>> 32);
      int matchEnd = (int) span;
      from = matchEnd;
      String p = s.substring(start, matchEnd);
      if (!Masker.hasDigitOrWildcard(p) && Masker.countOf(p, '/') < 3) continue;
      if (start > 0 && s.charAt(start - 1) == ':' && p.startsWith("//")) continue; // a URL's masked rest
      if (out == null) out = new StringBuilder(s.length());
      // a path ends before the sentence's punctuation: "loading /a/b.rts: invalid"
      int end = matchEnd;
      while (end > start + 1 && ":.,;".indexOf(s.charAt(end - 1)) >= 0) end--;
      p = s.substring(start, end);
      int slash = p.lastIndexOf('/');
      String name = p.substring(slash + 1);
      out.append(s, last, start);
      if (slash > 0 && KIND_AND_NUMBER.matcher(name).matches()) out.append('/').append(Masker.WILDCARD).append('/').append(name);
      else out.append(Masker.WILDCARD);
      last = end;
    }
    if (out == null) return s;
    return out.append(s, last, s.length()).toString();
  }

  /** The next path at or after {@code from}, as start << 32 | end, or -1: what {@code SPEC}'s find() gives. */
  static long find(String s, int from) {
    int n = s.length();
    for (int p = s.indexOf('/', from) < 0 ? n : from; p < n; p++) {
      if (p > 0 && !mayPrecede(s.charAt(p - 1))) continue;
      char c = s.charAt(p);
      if (p + 1 < n && s.charAt(p + 1) == ':' && (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z')) {
        int end = partsEnd(s, p + 2);
        if (end >= 0) return (long) p << 32 | end;
      }
      if (c == '/') {
        int end = partsEnd(s, p);
        if (end >= 0) return (long) p << 32 | end;
      }
    }
    return -1;
  }

  /** The end of two or more "/part"s from {@code i}, or -1. */
  private static int partsEnd(String s, int i) {
    int n = s.length();
    int parts = 0;
    while (i < n && s.charAt(i) == '/') {
      i++;
      while (i < n && !endsPart(s.charAt(i))) i++;
      parts++;
    }
    return parts >= 2 ? i : -1;
  }

  /** {@code [\s"'(\[=:,]}: what may stand before a path. */
  private static boolean mayPrecede(char c) {
    return isSpace(c) || c == '"' || c == '\'' || c == '(' || c == '[' || c == '=' || c == ':' || c == ',';
  }

  /** {@code [\s/"'()\[\],]}: what ends a part. */
  private static boolean endsPart(char c) {
    return isSpace(c) || c == '/' || c == '"' || c == '\'' || c == '(' || c == ')' || c == '[' || c == ']' || c == ',';
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
  }
}
