package dev.opsmind.indexer.logs.format;

import java.util.Locale;

/** Normalises the many spellings of a severity to TRACE, DEBUG, INFO, WARN, ERROR or FATAL. */
public final class Levels {
  private Levels() {}

  /** The normal name, or the upper-cased input when it is no known spelling; null stays null. */
  public static String normalise(String level) {
    if (level == null || level.isBlank()) return null;
    String l = level.trim().toUpperCase(Locale.ROOT);
    return switch (l) {
      case "T", "TRACE", "FINEST", "FINER", "7" -> "TRACE";
      case "D", "DEBUG", "FINE", "DBG" -> "DEBUG";
      case "I", "INFO", "INFORMATION", "NOTICE", "CONFIG", "6", "5" -> "INFO";
      case "W", "WARN", "WARNING", "4" -> "WARN";
      case "E", "ERROR", "ERR", "SEVERE", "3" -> "ERROR";
      case "F", "FATAL", "CRIT", "CRITICAL", "ALERT", "EMERG", "EMERGENCY", "PANIC", "FAILURE", "0", "1", "2" -> "FATAL";
      default -> l;
    };
  }

  /** True for ERROR and FATAL (after normalising). */
  public static boolean isError(String level) {
    String n = normalise(level);
    return "ERROR".equals(n) || "FATAL".equals(n);
  }
}
