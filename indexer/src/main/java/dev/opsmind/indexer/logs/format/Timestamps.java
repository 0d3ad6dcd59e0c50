package dev.opsmind.indexer.logs.format;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Best-effort reading of the timestamps logs write: ISO-8601 (with or without zone, comma or dot
 * fractions), syslog's "Dec  3 19:15:42" (current year), Apache's "Sun Dec 04 04:47:44 2005",
 * nginx's "10/Oct/2000:13:55:36 -0700", "2024/01/02 03:04:05", klog's "1203 19:15:42.123456"
 * and epoch seconds or milliseconds. Times without a zone are read as UTC.
 */
public final class Timestamps {
  private static final Pattern EPOCH = Pattern.compile("\\d{10}(\\.\\d+)?|\\d{13}");
  private static final List<DateTimeFormatter> WITH_YEAR = List.of(
      pattern("yyyy-MM-dd[ ]['T']HH:mm:ss[[.][,]SSSSSSSSS][[.][,]SSSSSS][[.][,]SSS]"),
      pattern("yyyy/MM/dd HH:mm:ss[.SSS]"),
      pattern("EEE MMM dd HH:mm:ss[.SSSSSS] yyyy"),
      pattern("dd/MMM/yyyy:HH:mm:ss"),
      pattern("yy/MM/dd HH:mm:ss"),
      pattern("yyyyMMdd HH:mm:ss[.SSS]"),
      pattern("yyyy-MM-dd-HH.mm.ss.SSSSSS"));
  private static final List<DateTimeFormatter> WITHOUT_YEAR = List.of(
      pattern("MMM d HH:mm:ss"),
      pattern("MMM dd HH:mm:ss"),
      pattern("MMdd HH:mm:ss[.SSSSSS]"));

  private Timestamps() {}

  private static DateTimeFormatter pattern(String p) {
    return new DateTimeFormatterBuilder().parseCaseInsensitive().appendPattern(p).toFormatter(Locale.ROOT);
  }

  /**
   * The common case without exceptions: {@code yyyy-MM-dd[ T]HH:mm:ss[.,]fraction} with an
   * optional {@code Z} or {@code ±hh[:]mm}; anything else is NO_TIME (the general path follows).
   */
  static long fastIso(String t) {
    int n = t.length();
    if (n < 19 || t.charAt(4) != '-' || t.charAt(7) != '-' || (t.charAt(10) != ' ' && t.charAt(10) != 'T')
        || t.charAt(13) != ':' || t.charAt(16) != ':') return LogRecord.NO_TIME;
    int year = digits(t, 0, 4), month = digits(t, 5, 2), day = digits(t, 8, 2);
    int hour = digits(t, 11, 2), minute = digits(t, 14, 2), second = digits(t, 17, 2);
    if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0 || minute > 59
        || second < 0 || second > 60) return LogRecord.NO_TIME;
    int i = 19;
    long millis = 0;
    if (i < n && (t.charAt(i) == '.' || t.charAt(i) == ',')) {
      i++;
      int start = i;
      while (i < n && Character.isDigit(t.charAt(i))) {
        if (i - start < 3) millis = millis * 10 + (t.charAt(i) - '0');
        i++;
      }
      if (i == start) return LogRecord.NO_TIME;
      for (int k = i - start; k < 3; k++) millis *= 10;
    }
    int offsetSeconds = 0;
    if (i < n) {
      char c = t.charAt(i);
      if (c == 'Z' && i == n - 1) {
        i++;
      } else if ((c == '+' || c == '-') && (n - i == 6 || n - i == 5)) {
        int hh = digits(t, i + 1, 2);
        int mm = digits(t, n - 2, 2);
        if (hh < 0 || mm < 0) return LogRecord.NO_TIME;
        offsetSeconds = (c == '+' ? 1 : -1) * (hh * 3600 + mm * 60);
        i = n;
      } else {
        return LogRecord.NO_TIME;
      }
    }
    long days = LocalDate.of(year, month, Math.min(day, LocalDate.of(year, month, 1).lengthOfMonth())).toEpochDay();
    return ((days * 86400 + hour * 3600L + minute * 60L + second) - offsetSeconds) * 1000 + millis;
  }

  private static int digits(String t, int from, int count) {
    int v = 0;
    for (int i = from; i < from + count; i++) {
      char c = t.charAt(i);
      if (c < '0' || c > '9') return -1;
      v = v * 10 + (c - '0');
    }
    return v;
  }

  /** {@code t.replaceAll("\\s+", " ")}, without the regex when there is nothing to replace (nearly always). */
  static String collapseSpaces(String t) {
    boolean plain = true;
    for (int i = 0; i < t.length() && plain; i++) {
      char c = t.charAt(i);
      if (isSpace(c) && (c != ' ' || i + 1 < t.length() && isSpace(t.charAt(i + 1)))) plain = false;
    }
    return plain ? t : t.replaceAll("\\s+", " ");
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
  }

  /** Epoch milliseconds, or {@link LogRecord#NO_TIME} when the text is no timestamp we know. */
  public static long parse(String text) {
    if (text == null) return LogRecord.NO_TIME;
    String t = collapseSpaces(text.trim());
    if (t.isEmpty()) return LogRecord.NO_TIME;
    long iso = fastIso(t);
    if (iso != LogRecord.NO_TIME) return iso;
    if (EPOCH.matcher(t).matches()) {
      return t.length() == 13 && t.indexOf('.') < 0 ? Long.parseLong(t) : (long) (Double.parseDouble(t) * 1000);
    }
    try {
      return OffsetDateTime.parse(t.replace(' ', 'T').replace(',', '.')).toInstant().toEpochMilli();
    } catch (DateTimeParseException ignored) {
      // not ISO with a zone
    }
    try {
      return Instant.parse(t.replace(' ', 'T').replace(',', '.')).toEpochMilli();
    } catch (DateTimeParseException ignored) {
      // not an instant
    }
    String zoneless = t;
    ZoneOffset offset = ZoneOffset.UTC;
    int sp = t.lastIndexOf(' ');
    if (sp > 0 && t.length() - sp == 6 && (t.charAt(sp + 1) == '+' || t.charAt(sp + 1) == '-')) {
      try {
        offset = ZoneOffset.of(t.substring(sp + 1, sp + 4) + ":" + t.substring(sp + 4));
        zoneless = t.substring(0, sp);
      } catch (RuntimeException ignored) {
        // keep UTC
      }
    }
    for (DateTimeFormatter f : WITH_YEAR) {
      try {
        return LocalDateTime.parse(zoneless, f).toInstant(offset).toEpochMilli();
      } catch (DateTimeParseException ignored) {
        // next
      }
    }
    for (DateTimeFormatter f : WITHOUT_YEAR) {
      try {
        var parsed = f.parse(zoneless);
        int year = LocalDate.now(ZoneOffset.UTC).getYear();
        LocalDateTime at = LocalDateTime.of(year, parsed.get(ChronoField.MONTH_OF_YEAR),
            parsed.get(ChronoField.DAY_OF_MONTH), parsed.get(ChronoField.HOUR_OF_DAY),
            parsed.get(ChronoField.MINUTE_OF_HOUR), parsed.get(ChronoField.SECOND_OF_MINUTE));
        if (parsed.isSupported(ChronoField.NANO_OF_SECOND)) at = at.withNano(parsed.get(ChronoField.NANO_OF_SECOND));
        return at.toInstant(offset).toEpochMilli();
      } catch (DateTimeParseException ignored) {
        // next
      }
    }
    return LogRecord.NO_TIME;
  }
}
