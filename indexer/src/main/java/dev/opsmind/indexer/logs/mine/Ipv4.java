package dev.opsmind.indexer.logs.mine;

/**
 * The IPv4 mask: every {@link #SPEC} match becomes {@code <*>}, found by a scanner instead of the
 * regex (whose look-behind ran at every character of every line with three dots).
 */
final class Ipv4 {
  private Ipv4() {}

  /** Four dot-joined numbers of one to three digits, not inside a longer run of digits and dots. */
  static final String SPEC = "(?<![0-9.])\\d{1,3}(?:\\.\\d{1,3}){3}(?![0-9]|\\.\\d)";

  static String mask(String s) {
    StringBuilder out = null;
    int last = 0;
    int n = s.length();
    int i = 0;
    while (i < n) {
      if (!isDigit(s.charAt(i)) || (i > 0 && (isDigit(s.charAt(i - 1)) || s.charAt(i - 1) == '.'))) {
        i++;
        continue;
      }
      int end = end(s, i);
      if (end < 0) {
        i++;
        continue;
      }
      if (out == null) out = new StringBuilder(n);
      out.append(s, last, i).append(Masker.WILDCARD);
      last = end;
      i = end;
    }
    return out == null ? s : out.append(s, last, n).toString();
  }

  /**
   * The end of an address starting at {@code i}, or -1. Each number must be a whole run of one
   * to three digits: the regex can give digits back, but a shorter number is followed by a digit,
   * which neither a dot nor the end allows.
   */
  private static int end(String s, int i) {
    int n = s.length();
    for (int part = 0; part < 4; part++) {
      if (part > 0) {
        if (i >= n || s.charAt(i) != '.') return -1;
        i++;
      }
      int start = i;
      while (i < n && isDigit(s.charAt(i))) i++;
      if (i == start || i - start > 3) return -1;
    }
    if (i < n && isDigit(s.charAt(i))) return -1;
    if (i + 1 < n && s.charAt(i) == '.' && isDigit(s.charAt(i + 1))) return -1;
    return i;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
