package dev.opsmind.indexer.logs.mine;

/**
 * The last mask: runs of letters and digits that hold a digit. A number is a variable and the
 * letters around it stay ("storage234" gives {@code storage<*>}, "10000ms" {@code <*>ms}), except
 * that a short word with a one- or two-digit suffix stays a word ({@code eth0}, {@code ssh2}), a
 * run mixing letters and digits more than once or a hex number ({@code 8a2a501},
 * {@code 0000000b}) is one variable, a minus sign goes with its number, and an underscore-joined
 * id is its stem and one variable ({@code attempt_<*>}).
 */
final class DigitRuns {
  private DigitRuns() {}

  private static boolean alnum(char c) {
    return Character.isLetterOrDigit(c);
  }

  /** The message with every run of letters and digits that holds a digit masked (see the class comment). */
  static String mask(String s) {
    StringBuilder out = new StringBuilder(s.length());
    int n = s.length();
    int i = 0;
    while (i < n) {
      char c = s.charAt(i);
      if (!alnum(c)) {
        out.append(c);
        i++;
        continue;
      }
      int start = i;
      int letters = 0;
      int digits = 0;
      int firstDigit = -1;
      while (i < n && alnum(s.charAt(i))) {
        if (Character.isDigit(s.charAt(i))) {
          if (firstDigit < 0) firstDigit = i - start;
          digits++;
        } else {
          letters++;
        }
        i++;
      }
      if (digits == 0) {
        out.append(s, start, i);
        continue;
      }
      boolean wordWithSuffix = letters > 0 && firstDigit == letters && digits <= 2 && letters >= 2;
      if (wordWithSuffix) {
        out.append(s, start, i);
        continue;
      }
      boolean oneChange = letters > 0 && changes(s, start, i) == 1;
      if (oneChange && firstDigit > 0) {
        // letters then digits, "storage234", "U11": the letters name the thing, the digits are its value
        out.append(s, start, start + firstDigit).append(Masker.WILDCARD);
        continue;
      }
      int end = i;
      // digits then letters, "10000ms", "41C": a number and its unit (a hex number, "0000000b", is one value)
      if (oneChange && !hexLetters(s, start + digits, i, i - start)) end = start + digits;
      int outLen = out.length();
      // a minus sign goes with its number, a hyphen between two numbers ("2000-2002") stays
      if (outLen > 0 && out.charAt(outLen - 1) == '-' && (outLen == 1 || !alnum(out.charAt(outLen - 2)) && out.charAt(outLen - 2) != '>')) {
        out.setLength(outLen - 1);
      }
      out.append(Masker.WILDCARD);
      i = end;
    }
    String r = out.toString();
    return r.indexOf("_" + Masker.WILDCARD) >= 0 ? collapseIdentifiers(r) : r;
  }

  /** Whether the letters after a number make it a hex number ("0000000b"), not a number and its unit ("41C"). */
  private static boolean hexLetters(String s, int from, int to, int runLength) {
    if (runLength < 4) return false;
    for (int k = from; k < to; k++) if (Character.digit(s.charAt(k), 16) < 0) return false;
    return true;
  }

  /** How many times a run of letters and digits changes between the two. */
  private static int changes(String s, int from, int to) {
    int n = 0;
    for (int k = from + 1; k < to; k++) if (Character.isDigit(s.charAt(k)) != Character.isDigit(s.charAt(k - 1))) n++;
    return n;
  }

  /**
   * An underscore-joined name whose value starts with a variable ("attempt_<*>_<*>_m_<*>_<*>" from
   * attempt_1445144423722_0020_m_000000_0, "rdd_<*>_<*>") is its constant stem and one variable:
   * what follows the first variable part, letters included (the "m" of a map task), is the id's value.
   */
  static String collapseIdentifiers(String s) {
    StringBuilder out = new StringBuilder(s.length());
    int n = s.length();
    int i = 0;
    while (i < n) {
      int end = i;
      while (end < n && (alnum(s.charAt(end)) || s.charAt(end) == '_' || s.startsWith(Masker.WILDCARD, end))) {
        end += s.startsWith(Masker.WILDCARD, end) ? Masker.WILDCARD.length() : 1;
      }
      if (end == i) {
        out.append(s.charAt(i++));
        continue;
      }
      int firstVar = s.indexOf(Masker.WILDCARD, i);
      int cut = firstVar >= 0 && firstVar < end ? s.lastIndexOf('_', firstVar) : -1;
      if (cut > i && s.indexOf('_', i) < firstVar && stemHasLetter(s, i, cut)) {
        out.append(s, i, cut + 1).append(Masker.WILDCARD);
      } else {
        out.append(s, i, end);
      }
      i = end;
    }
    return out.toString();
  }

  private static boolean stemHasLetter(String s, int from, int to) {
    for (int k = from; k < to; k++) if (Character.isLetter(s.charAt(k))) return true;
    return false;
  }

}
