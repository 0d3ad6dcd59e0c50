package dev.opsmind.indexer.logs.detect;

import dev.opsmind.indexer.logs.format.Levels;
import dev.opsmind.indexer.logs.format.LogRecord;
import java.util.regex.Pattern;

/**
 * Which records are errors. With a level: ERROR or FATAL (any spelling) and a message that states
 * a fault (a word of {@link #FAULT}: error, failed, refused, timed out, exception, panic, denied,
 * cannot, ...) and is not a field of a dump (a label, a leader of four or more dots, a value — the
 * register and state dumps that follow a crash at the crash's level, context of the fault rather
 * than faults of their own). Without a level: a message that says so (ERROR, FATAL, panic, an
 * exception or traceback, segfault, out of memory, OOM killer).
 *
 * <p>Why the message must state a fault: systems log whole dumps and user-caused job failures at
 * FATAL, and the level alone made most of BGL_2k's error lines false alarms (precision 0.36
 * against its alert labels; 0.51 with this rule, recall unchanged at 1.0 — bench/README.md). The
 * vocabulary is generic, one list for every system.
 */
public final class ErrorLines {
  private static final Pattern WORDS = Pattern.compile(
      "\\b(?:ERROR|FATAL|CRITICAL|SEVERE|panic|PANIC|Traceback|segfault|Segmentation fault|[Oo]ut of memory|oom-killer|"
      + "[A-Za-z]+(?:Exception|Error):)");
  private static final Pattern LEVEL_WORD = Pattern.compile("^\\W{0,2}(?:E|F|ERROR|FATAL|CRIT|PANIC)\\b");
  /** Words and phrases that state a fault, in any case. */
  static final Pattern FAULT = Pattern.compile("(?i)\\b(?:errors?|err|fail(?:s|ed|ure|ures|ing)?|fatal|panic\\w*|abort(?:s|ed|ing)?"
      + "|exceptions?|crash(?:ed|es)?|corrupt\\w*|severed|refused|reset|timed? ?out|timeouts?|terminat(?:ed|ing)|killed"
      + "|interrupt(?:s|ed)?|denied|forbidden|unreachable|unavailable|lost|could ?n[o']t|can ?not|can't|unable|invalid|missing"
      + "|not found|no such|out of memory|oom|segfault|assert\\w*|traceback|violations?|overflow|stuck|hung|bad|illegal"
      + "|unexpected|wrong|broken|dead|down|rejected|mismatch)\\b|[A-Za-z](?:Exception|Error)\\b");
  private static final Pattern DUMP_FIELD = Pattern.compile("\\.{4,}\\s*\\S");

  private ErrorLines() {}

  public static boolean isError(LogRecord r) {
    if (r.level() != null) {
      if (Levels.isError(r.level())) {
        String m = r.firstLine();
        return FAULT.matcher(m).find() && !DUMP_FIELD.matcher(m).find();
      }
      if (knownNonError(r.level())) return false;
    }
    return saysError(r.firstLine());
  }

  /**
   * The rule before the message had to state a fault: level ERROR or FATAL alone, or without a
   * level the same words. Kept to measure against ({@code opsmind eval-anomalies}).
   */
  public static boolean levelSaysError(LogRecord r) {
    if (r.level() != null) {
      if (Levels.isError(r.level())) return true;
      if (knownNonError(r.level())) return false;
    }
    return saysError(r.firstLine());
  }

  private static boolean knownNonError(String level) {
    String n = Levels.normalise(level);
    return n.equals("TRACE") || n.equals("DEBUG") || n.equals("INFO") || n.equals("WARN");
  }

  private static boolean saysError(String m) {
    return WORDS.matcher(m).find() || LEVEL_WORD.matcher(m).find() && m.length() > 2;
  }
}
