package dev.opsmind.indexer.logs.mine;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces the variable parts of a message with {@code <*>}, in order: URLs, UUIDs, IPv4 (and
 * IPv6) addresses, MAC addresses, hex numbers, timestamps, host names, paths (three parts or more, or holding a variable), then every
 * alphanumeric run that holds a digit (numbers, numbers with units, block and hex ids, durations;
 * a size with its unit, "3.2 KB", and a parenthesised number with its unit are one variable)
 * unless it is a short word with a one- or two-digit suffix ({@code eth0}, {@code ssh2},
 * {@code Type1}); a decimal number is one variable and a minus sign before a number goes with it.
 * One set of masks for every system: nothing here is tuned per dataset.
 */
public final class Masker {
  public static final String WILDCARD = "<*>";

  private static final Pattern URL = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://[^\\s\"'<>]+");
  private static final Pattern UUID = Pattern.compile(
      "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final Pattern IPV4 = Pattern.compile("(?<![0-9.])\\d{1,3}(?:\\.\\d{1,3}){3}(?![0-9]|\\.\\d)");
  private static final Pattern IPV6 = Pattern.compile("(?<![0-9A-Za-z:])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{1,4}(?![0-9A-Za-z:])");
  private static final Pattern MAC = Pattern.compile("(?<![0-9A-Fa-f:])(?:[0-9A-Fa-f]{2}[:-]){5}[0-9A-Fa-f]{2}(?![0-9A-Fa-f:])");
  private static final Pattern HEX = Pattern.compile("(?<![A-Za-z0-9])0[xX][0-9a-fA-F]+(?![A-Za-z0-9])");
  private static final Pattern DATETIME = Pattern.compile(
      "\\d{4}-\\d\\d-\\d\\d[T ]\\d\\d:\\d\\d:\\d\\d(?:[.,]\\d+)?(?:Z|[+-]\\d\\d:?\\d\\d)?");
  private static final Pattern TEXT_DATE = Pattern.compile(
      "(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun),? )?(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) +\\d{1,2},?"
      + "(?: \\d{4})? \\d\\d:\\d\\d:\\d\\d(?:\\.\\d+)?(?: [A-Z]{3})?(?: \\d{4})?");
  private static final Pattern HOST = Pattern.compile("(?<![A-Za-z0-9.-])[A-Za-z0-9][A-Za-z0-9-]*(?:\\.[A-Za-z0-9-]+)+"
      + "\\.(?:com|net|org|edu|gov|mil|info|biz|io|local|localdomain|lan|corp|internal|intranet|arpa|[a-z]{2})(?![A-Za-z0-9-])");
  /** A number with its unit in parentheses, "(1.5 KB)", is one variable. */
  private static final Pattern UNIT = Pattern.compile(
      "\\(<\\*>(?:\\.<\\*>)? ?(?:[KMGTP]i?B|bytes?|B|ms|us|ns|s|secs?|seconds?|mins?|minutes?|h|hours?|days?|%)\\)");
  /** A size, "3.2 KB" or "384 B", is one variable. */
  private static final Pattern SIZE = Pattern.compile("<\\*>(?:\\.<\\*>)? (?:[KMGTP]i?B|B)(?![A-Za-z0-9])");
  private static final Pattern PATH = Pattern.compile("(?<![^\\s\"'(\\[=:,])(?:[A-Za-z]:)?(?:/[^\\s/\"'()\\[\\],]*){2,}");

  /**
   * The request line of an HTTP access record, {@code "GET /v2/servers/detail HTTP/1.1"}: its
   * target and protocol are the request's one variable part, the method stays.
   */
  private static final Pattern REQUEST_LINE = Pattern.compile(
      "\"(GET|POST|PUT|DELETE|HEAD|PATCH|OPTIONS|CONNECT|TRACE) [^\"\\s]+ HTTP/\\d(?:\\.\\d)?\"");

  /**
   * A host name before a port or an address ({@code msra-sa-41:8030}, {@code mesos-slave-07:55904},
   * Java's {@code host/10.1.2.3:9000}): a name with a number, joined by hyphens or dots, is a
   * host, one variable (the host mask above only knows names ending in a domain).
   */
  private static final Pattern HOST_PORT = Pattern.compile(
      "(?<![A-Za-z0-9._-])[A-Za-z][A-Za-z0-9]*(?:[-.][A-Za-z0-9]+)+(?=:\\d{1,5}(?![0-9:]|\\.\\d)|/(?:<\\*>|\\d{1,3}\\.))");

  /**
   * A bound written in place of a duration ("lifetime <1 sec" where other lines say "00:01"):
   * the sign, the number and the unit are one value.
   */
  private static final Pattern BOUND_DURATION = Pattern.compile(
      "(?<![^\\s(\\[=:,])[<>]<\\*> ?(?:ms|us|ns|s|secs?|seconds?|mins?|minutes?|h|hours?|days?)(?![A-Za-z0-9])");

  private static final Pattern KIND_AND_NUMBER = Pattern.compile("[A-Za-z]+[_-]-?\\d+");

  /** The masked message. */
  public String mask(String message) {
    String s = message;
    if (HTTP && s.indexOf(" HTTP/") >= 0) s = REQUEST_LINE.matcher(s).replaceAll("\"$1 " + Matcher.quoteReplacement(WILDCARD) + "\"");
    if (s.indexOf("://") >= 0) s = URL.matcher(s).replaceAll(WILDCARD);
    if (countOf(s, '-') >= 4) s = UUID.matcher(s).replaceAll(WILDCARD);
    int dots = countOf(s, '.');
    if (dots >= 3) s = IPV4.matcher(s).replaceAll(WILDCARD);
    if (s.indexOf(':') >= 0) {
      s = MAC.matcher(s).replaceAll(WILDCARD);
      if (s.indexOf("::") >= 0 || countOf(s, ':') >= 3) s = maskIpv6(s);
      if (hasClockTime(s)) {
        if (s.indexOf('-') >= 0) s = DATETIME.matcher(s).replaceAll(m -> digitsMasked(m.group()));
        s = TEXT_DATE.matcher(s).replaceAll(CLOCK);
      }
    }
    if (HOSTPORT && s.indexOf(':') >= 0) s = maskHostPorts(s);
    if (dots >= 2 && maybeHost(s)) s = HOST.matcher(s).replaceAll(WILDCARD);
    if (s.indexOf('0') >= 0) s = HEX.matcher(s).replaceAll(WILDCARD);
    if (s.indexOf('/') >= 0) s = maskPaths(s);
    s = maskDigitRuns(s);
    if (s.indexOf("<*> ") >= 0) {
      if (s.indexOf('(') >= 0) s = UNIT.matcher(s).replaceAll(WILDCARD);
      s = SIZE.matcher(s).replaceAll(WILDCARD);
      if (BOUND && (s.indexOf("<<") >= 0 || s.indexOf("><*>") >= 0)) s = BOUND_DURATION.matcher(s).replaceAll(WILDCARD);
    }
    return s;
  }

  /**
   * A date-time keeps its separators and each number is a variable ("<*>-<*>-<*> <*>:<*>:<*>"),
   * as the Loghub annotations write it; a date written with words ("Fri Jun 17 07:07:00 2005")
   * is one token whose words go with the clock's first and last parts ("<*>:<*>:<*>"), so
   * weekday and month names never split a template.
   */
  private static final String CLOCK = "<*>:<*>:<*>";

  private static String digitsMasked(String s) {
    StringBuilder out = new StringBuilder(s.length() + 8);
    for (int i = 0; i < s.length(); ) {
      if (Character.isDigit(s.charAt(i))) {
        while (i < s.length() && Character.isDigit(s.charAt(i))) i++;
        out.append(WILDCARD);
      } else {
        out.append(s.charAt(i++));
      }
    }
    return Matcher.quoteReplacement(out.toString());
  }

  private static String maskHostPorts(String s) {
    Matcher m = HOST_PORT.matcher(s);
    StringBuilder out = null;
    int last = 0;
    while (m.find()) {
      if (!hasDigitOrWildcard(m.group())) continue;
      if (out == null) out = new StringBuilder(s.length());
      out.append(s, last, m.start()).append(WILDCARD);
      last = m.end();
    }
    return out == null ? s : out.append(s, last, s.length()).toString();
  }

  /** IPv6 only where the match has "::" or a hex letter: "10:00:00" is a time, not an address. */
  private static String maskIpv6(String s) {
    Matcher m = IPV6.matcher(s);
    StringBuilder out = null;
    int last = 0;
    while (m.find()) {
      String a = m.group();
      if (!a.contains("::") && !a.matches(".*[a-fA-F].*")) continue;
      if (out == null) out = new StringBuilder(s.length());
      out.append(s, last, m.start()).append(WILDCARD);
      last = m.end();
    }
    return out == null ? s : out.append(s, last, s.length()).toString();
  }

  /** Whether some token has two dots and a lower-case letter after one: only then can a host name match. */
  private static boolean maybeHost(String s) {
    int dots = 0;
    boolean lowerAfterDot = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == ' ' || c == '\t') {
        if (dots >= 2 && lowerAfterDot) return true;
        dots = 0;
        lowerAfterDot = false;
      } else if (c == '.') {
        dots++;
        lowerAfterDot |= i + 1 < s.length() && s.charAt(i + 1) >= 'a' && s.charAt(i + 1) <= 'z';
      }
    }
    return dots >= 2 && lowerAfterDot;
  }

  /** Whether the text holds {@code dd:dd:dd}: only then can a date-time mask match. */
  private static boolean hasClockTime(String s) {
    for (int i = s.indexOf(':'); i >= 0; i = s.indexOf(':', i + 1)) {
      if (i >= 1 && i + 4 < s.length() && Character.isDigit(s.charAt(i - 1)) && Character.isDigit(s.charAt(i + 1))
          && Character.isDigit(s.charAt(i + 2)) && s.charAt(i + 3) == ':' && Character.isDigit(s.charAt(i + 4))) return true;
    }
    return false;
  }

  private static int countOf(String s, char c) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) if (s.charAt(i) == c) n++;
    return n;
  }

  /** A path of three or more parts, or one holding a digit or a wildcard, is one variable; "/etc/cron.hourly" stays. */
  private static String maskPaths(String s) {
    Matcher m = PATH.matcher(s);
    StringBuilder out = null;
    int last = 0;
    while (m.find()) {
      String p = m.group();
      if (!hasDigitOrWildcard(p) && countOf(p, '/') < 3) continue;
      if (out == null) out = new StringBuilder(s.length());
      if (!PATHS2) {
        out.append(s, last, m.start()).append(WILDCARD);
        last = m.end();
        continue;
      }
      // a path ends before the sentence's punctuation: "loading /a/b.rts: invalid"
      int end = m.end();
      while (end > m.start() + 1 && ":.,;".indexOf(s.charAt(end - 1)) >= 0) end--;
      p = s.substring(m.start(), end);
      int slash = p.lastIndexOf('/');
      String name = p.substring(slash + 1);
      out.append(s, last, m.start());
      // a file named by its kind and a number keeps the kind: /<*>/blk_<*>, /<*>/part-<*>
      if (slash > 0 && KIND_AND_NUMBER.matcher(name).matches()) out.append('/').append(WILDCARD).append('/').append(name);
      else out.append(WILDCARD);
      last = end;
    }
    if (out == null) return s;
    return out.append(s, last, s.length()).toString();
  }

  private static boolean hasLetter(String p) {
    for (int i = 0; i < p.length(); i++) if (Character.isLetter(p.charAt(i))) return true;
    return false;
  }

  private static boolean hasDigitOrWildcard(String p) {
    if (p.contains(WILDCARD)) return true;
    for (int i = 0; i < p.length(); i++) if (Character.isDigit(p.charAt(i))) return true;
    return false;
  }

  private static boolean alnum(char c) {
    return Character.isLetterOrDigit(c);
  }

  /** Alphanumeric runs with a digit become wildcards (see the class comment). */
  static String maskDigitRuns(String s) {
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
      if (SPLIT && oneChange && firstDigit > 0) {
        // letters then digits, "storage234", "U11": the letters name the thing, the digits are its value
        out.append(s, start, start + firstDigit).append(WILDCARD);
        continue;
      }
      int end = i;
      // a decimal number is one variable: 12.5 (its unit, as in 3.5GB, stays after it)
      // ...but the seconds of a clock time keep their fraction apart: 22:32:34.846
      boolean afterDot = start > 1 && (s.charAt(start - 1) == '.' || s.charAt(start - 1) == ':') && Character.isDigit(s.charAt(start - 2));
      if (DEC1 && letters == 0 && !afterDot && i + 1 < n && s.charAt(i) == '.' && Character.isDigit(s.charAt(i + 1))
          && (i + 2 >= n || !isDottedMore(s, i + 1))) {
        i++;
        while (i < n && Character.isDigit(s.charAt(i))) i++;
        end = i;
        if (!SPLIT) { while (i < n && alnum(s.charAt(i))) i++; end = i; }
        else { int u = i; while (u < n && Character.isLetter(s.charAt(u))) u++; if (u < n && Character.isDigit(s.charAt(u))) { while (u < n && alnum(s.charAt(u))) u++; i = u; end = u; } }
      } else if (SPLIT && oneChange && !hexLetters(s, start + digits, i, i - start)) {
        // digits then letters, "10000ms", "41C": a number and its unit
        end = start + digits;
      }
      int outLen = out.length();
      // a minus sign goes with its number, a hyphen between two numbers ("2000-2002") stays
      if (outLen > 0 && out.charAt(outLen - 1) == '-' && (outLen == 1 || !alnum(out.charAt(outLen - 2)) && out.charAt(outLen - 2) != '>')) {
        out.setLength(outLen - 1);
      }
      out.append(WILDCARD);
      i = end;
    }
    String r = out.toString();
    return IDENT && r.indexOf("_" + WILDCARD) >= 0 ? collapseIdentifiers(r) : r;
  }
  static boolean HTTP = !Boolean.getBoolean("nohttp");
  static boolean HOSTPORT = !Boolean.getBoolean("nohp");
  static boolean BOUND = !Boolean.getBoolean("nobound");
  static boolean PATHS2 = !Boolean.getBoolean("nopaths2");
  static boolean DEC1 = Boolean.getBoolean("dec1");
  static boolean SPLIT = !Boolean.getBoolean("nosplit");
  static boolean LETSEG = Boolean.getBoolean("letseg");
  static boolean IDENT = !Boolean.getBoolean("noident");

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
      while (end < n && (alnum(s.charAt(end)) || s.charAt(end) == '_' || s.startsWith(WILDCARD, end))) {
        end += s.startsWith(WILDCARD, end) ? WILDCARD.length() : 1;
      }
      if (end == i) {
        out.append(s.charAt(i++));
        continue;
      }
      int firstVar = s.indexOf(WILDCARD, i);
      int cut = firstVar >= 0 && firstVar < end ? s.lastIndexOf('_', firstVar) : -1;
      if (cut > i && s.indexOf('_', i) < firstVar && stemHasLetter(s, i, cut) && (!LETSEG || stemHasLetter(s, firstVar, end))) {
        out.append(s, i, cut + 1).append(WILDCARD);
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

  /** True when the digits after a dot are followed by another dot and digit (a version, 1.2.3). */
  private static boolean isDottedMore(String s, int from) {
    int j = from;
    while (j < s.length() && Character.isDigit(s.charAt(j))) j++;
    return j + 1 < s.length() && s.charAt(j) == '.' && Character.isDigit(s.charAt(j + 1));
  }
}
