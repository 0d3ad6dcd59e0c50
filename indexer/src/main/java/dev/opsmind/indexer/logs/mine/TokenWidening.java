package dev.opsmind.indexer.logs.mine;

/**
 * How a template token widens when a line brings a different token at its place: only the part
 * that differs becomes {@code <*>}. A token is read as units (a {@code <*>}, a run of letters and
 * digits, or one other character); the units both tokens begin with and end with stay, the
 * middle becomes one wildcard. So {@code rhost=<*>} and {@code rhost=db1} give {@code rhost=<*>},
 * {@code <*>,} and {@code LOCAL(<*>),} give {@code <*>,}, {@code CONTAINER_REMOTE_LAUNCH} and
 * {@code CONTAINER_REMOTE_CLEANUP} give {@code CONTAINER_REMOTE_<*>}: the key of a key=value pair,
 * the punctuation that follows a variable and the constant stem of a name are part of the event,
 * not of the value. Two tokens that share nothing at either end give {@code <*>}.
 */
final class TokenWidening {
  private TokenWidening() {}

  /** The widest common form of two tokens (the first when they are equal). */
  static String widen(String a, String b) {
    if (a.equals(b)) return a;
    if (a.equals(Masker.WILDCARD) || b.equals(Masker.WILDCARD)) return Masker.WILDCARD;
    int pa = 0;
    int pb = 0;
    // common leading units
    while (pa < a.length() && pb < b.length()) {
      int ea = unitEnd(a, pa);
      int eb = unitEnd(b, pb);
      if (ea - pa != eb - pb || !a.regionMatches(pa, b, pb, ea - pa)) break;
      pa = ea;
      pb = eb;
    }
    // common trailing units, not overlapping the leading ones
    int sa = a.length();
    int sb = b.length();
    while (sa > pa && sb > pb) {
      int ba = unitStart(a, sa);
      int bb = unitStart(b, sb);
      if (ba < pa || bb < pb || sa - ba != sb - bb || !a.regionMatches(ba, b, bb, sa - ba)) break;
      sa = ba;
      sb = bb;
    }
    if (pa == 0 && sa == a.length()) return Masker.WILDCARD;
    String head = a.substring(0, pa);
    String tail = a.substring(sa);
    StringBuilder out = new StringBuilder(head.length() + tail.length() + 3).append(head);
    if (!head.endsWith(Masker.WILDCARD) && !tail.startsWith(Masker.WILDCARD)) out.append(Masker.WILDCARD);
    return out.append(tail).toString();
  }

  /** The end of the unit that starts at {@code i}. */
  private static int unitEnd(String s, int i) {
    if (s.startsWith(Masker.WILDCARD, i)) return i + Masker.WILDCARD.length();
    if (!Character.isLetterOrDigit(s.charAt(i))) return i + 1;
    int j = i + 1;
    while (j < s.length() && Character.isLetterOrDigit(s.charAt(j))) j++;
    return j;
  }

  /** The start of the unit that ends at {@code end} (exclusive). */
  private static int unitStart(String s, int end) {
    int w = Masker.WILDCARD.length();
    if (end >= w && s.startsWith(Masker.WILDCARD, end - w)) return end - w;
    if (!Character.isLetterOrDigit(s.charAt(end - 1))) return end - 1;
    int j = end - 1;
    while (j > 0 && Character.isLetterOrDigit(s.charAt(j - 1))) j--;
    return j;
  }
}
