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

  /** Epoch milliseconds, or {@link LogRecord#NO_TIME} when the text is no timestamp we know. */
  public static long parse(String text) {
    if (text == null) return LogRecord.NO_TIME;
    String t = text.trim().replaceAll("\\s+", " ");
    if (t.isEmpty()) return LogRecord.NO_TIME;
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
