package dev.opsmind.indexer.logs.mine;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces the variable parts of a message with {@code <*>}, in order: HTTP request lines, URLs
 * (the scheme stays), UUIDs, IPv4 (and IPv6) addresses, MAC addresses, date-times (their
 * separators stay), host names with a port, host names, hex numbers, paths (three parts or more,
 * or holding a variable), then every run of digits. The template keeps the message's punctuation
 * and the letters around a number: {@code <*>.<*>} for a decimal, {@code storage<*>},
 * {@code <*>ms}, {@code uid=<*>}, {@code blk_<*>} (a name and its value are told apart, as the
 * Loghub annotations write templates). Exceptions: a short word with a one- or two-digit suffix
 * stays a word ({@code eth0}, {@code ssh2}, {@code Type1}); a run that mixes letters and digits
 * more than once ({@code 8a2a501}) is one variable; an underscore-joined id is its stem and one
 * variable ({@code attempt_<*>}); a size with its unit ("3.2 KB"), a parenthesised number with
 * its unit and a bound on a duration ("<1 sec") are one variable; a minus sign goes with its
 * number. One set of masks for every system: nothing here is tuned per dataset.
 */
public final class Masker {
  public static final String WILDCARD = "<*>";

  /** A URL keeps its scheme ("hdfs://<*>"): the scheme says what kind of address it is. */
  private static final Pattern URL = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://)[^\\s\"'<>]+");
  private static final Pattern UUID = Pattern.compile(
      "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
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
  static final Pattern HOST_PORT = Pattern.compile(
      "(?<![A-Za-z0-9._-])[A-Za-z][A-Za-z0-9]*(?:[-.][A-Za-z0-9]+)+(?=:\\d{1,5}(?![0-9:]|\\.\\d)|/(?:<\\*>|\\d{1,3}\\.))");

  /**
   * A bound written in place of a duration ("lifetime <1 sec" where other lines say "00:01"):
   * the sign, the number and the unit are one value.
   */
  private static final Pattern BOUND_DURATION = Pattern.compile(
      "(?<![^\\s(\\[=:,])[<>]<\\*> ?(?:ms|us|ns|s|secs?|seconds?|mins?|minutes?|h|hours?|days?)(?![A-Za-z0-9])");

  /** The masked message. */
  public String mask(String message) {
    String s = message;
    if (s.indexOf(" HTTP/") >= 0) s = REQUEST_LINE.matcher(s).replaceAll("\"$1 " + Matcher.quoteReplacement(WILDCARD) + "\"");
    if (s.indexOf("://") >= 0) s = URL.matcher(s).replaceAll("$1" + Matcher.quoteReplacement(WILDCARD));
    // counted once: the masks below only ever remove these characters, so a count too small
    // here is too small for every later mask as well
    int dashes = 0;
    int dots = 0;
    int colons = 0;
    for (int i = 0; i < s.length(); i++) {
      switch (s.charAt(i)) {
        case '-' -> dashes++;
        case '.' -> dots++;
        case ':' -> colons++;
        default -> { }
      }
    }
    if (dashes >= 4) s = UUID.matcher(s).replaceAll(WILDCARD);
    if (dots >= 3) s = Ipv4.mask(s);
    if (colons > 0) {
      if (colons + dashes >= 5) s = MAC.matcher(s).replaceAll(WILDCARD);
      if (colons >= 3 || s.indexOf("::") >= 0) s = maskIpv6(s);
      if (hasClockTime(s)) {
        if (dashes > 0) s = DATETIME.matcher(s).replaceAll(m -> digitsMasked(m.group()));
        s = TEXT_DATE.matcher(s).replaceAll(CLOCK);
      }
    }
    if (mayHavePort(s)) s = maskHostPorts(s);
    if (dots >= 2 && maybeHost(s)) s = HOST.matcher(s).replaceAll(WILDCARD);
    if (s.indexOf("0x") >= 0 || s.indexOf("0X") >= 0) s = HEX.matcher(s).replaceAll(WILDCARD);
    if (s.indexOf('/') >= 0) s = Paths.mask(s);
    s = DigitRuns.mask(s);
    if (s.indexOf("<*> ") >= 0) {
      if (s.indexOf('(') >= 0) s = UNIT.matcher(s).replaceAll(WILDCARD);
      if (s.indexOf('B') >= 0) s = SIZE.matcher(s).replaceAll(WILDCARD);
      if ((s.indexOf("<<") >= 0 || s.indexOf("><*>") >= 0)) s = BOUND_DURATION.matcher(s).replaceAll(WILDCARD);
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

  /**
   * Whether {@link #HOST_PORT} can match: some ":digit" or "/digit" or "/<*>" follows a run of
   * letters, digits, dots and hyphens that holds a dot or a hyphen (a cheap test that spares the
   * regex on most lines).
   */
  static boolean mayHavePort(String s) {
    return mayHavePort(s, ':') || mayHavePort(s, '/');
  }

  private static boolean mayHavePort(String s, char sep) {
    for (int i = s.indexOf(sep, 1); i >= 0 && i + 1 < s.length(); i = s.indexOf(sep, i + 1)) {
      char next = s.charAt(i + 1);
      if (!Character.isDigit(next) && !(sep == '/' && next == '<')) continue;
      for (int j = i - 1; j >= 0; j--) {
        char b = s.charAt(j);
        if (b == '.' || b == '-') return true;
        if (!(b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9')) break;
      }
    }
    return false;
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

  static int countOf(String s, char c) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) if (s.charAt(i) == c) n++;
    return n;
  }

  /** A path of three or more parts, or one holding a digit or a wildcard, is one variable; "/etc/cron.hourly" stays. */
  static boolean hasDigitOrWildcard(String p) {
    if (p.contains(WILDCARD)) return true;
    for (int i = 0; i < p.length(); i++) if (Character.isDigit(p.charAt(i))) return true;
    return false;
  }

}
