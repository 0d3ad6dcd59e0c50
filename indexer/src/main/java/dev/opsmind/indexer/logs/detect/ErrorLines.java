package dev.opsmind.indexer.logs.detect;

import dev.opsmind.indexer.logs.format.Levels;
import dev.opsmind.indexer.logs.format.LogRecord;
import java.util.regex.Pattern;

/**
 * Which records are errors. With a level: ERROR or FATAL (any spelling), unless the message is a
 * record of a dump rather than a statement: a field (a label, a leader of three or more dots, a
 * value: {@code machine check enable.......0}), a bare {@code label: value} ({@code instruction
 * address: 0x00004ed8}; a label of letters, so {@code host:port} is no value) or a row of registers ({@code r00=0x0 r01=0x1f}), all numbers after the
 * label. Systems print whole dumps after a crash at the crash's level; they are context of the
 * fault, not faults of their own. Without a level: a message that says so (ERROR, FATAL, panic, an
 * exception or traceback, segfault, out of memory, OOM killer).
 *
 * <p>Why: the level alone made most of BGL_2k's error lines false alarms (precision 0.36 against
 * its alert labels; 0.51 with the dump rule, recall unchanged at 1.0 — bench/README.md). The rule
 * is about the shape of a message, not its words, so an ERROR line in words no list foresaw
 * ("connection pool exhausted") stays an error; one rule for every system.
 */
public final class ErrorLines {
  private static final Pattern WORDS = Pattern.compile(
      "\\b(?:ERROR|FATAL|CRITICAL|SEVERE|panic|PANIC|Traceback|segfault|Segmentation fault|[Oo]ut of memory|oom-killer|"
      + "[A-Za-z]+(?:Exception|Error):)");
  private static final Pattern LEVEL_WORD = Pattern.compile("^\\W{0,2}(?:E|F|ERROR|FATAL|CRIT|PANIC)\\b");
  private static final String VALUE = "(?:0x)?[0-9a-fA-F]+";
  private static final Pattern DUMP_FIELD = Pattern.compile("\\.{3,}\\s*" + VALUE + "(?:\\s*\\([^)]*\\))?\\s*$");
  private static final Pattern BARE_VALUE =
      Pattern.compile("^\\s*[A-Za-z][A-Za-z ()/-]*(?::\\s+|\\s*=\\s*)" + VALUE + "(?:\\s+" + VALUE + ")*\\s*$");
  private static final Pattern REGISTERS = Pattern.compile("^(?:\\s*[\\w.]+\\s*[:=]\\s*" + VALUE + "){2,}\\s*$");

  private static final int MAX_DUMP_RECORD = 200;

  private ErrorLines() {}

  public static boolean isError(LogRecord r) {
    if (r.level() != null) {
      if (Levels.isError(r.level())) {
        return !dumpRecord(r.firstLine());
      }
      if (knownNonError(r.level())) return false;
    }
    return saysError(r.firstLine());
  }

  /**
   * The rule before dump records were told apart: level ERROR or FATAL alone, or without a
   * level the same words. Kept to measure against ({@code opsmind eval-anomalies}).
   */
  public static boolean levelSaysError(LogRecord r) {
    if (r.level() != null) {
      if (Levels.isError(r.level())) return true;
      if (knownNonError(r.level())) return false;
    }
    return saysError(r.firstLine());
  }

  /** A field, bare value or register row of a dump (see the class comment); they are short, which also bounds the regexes' work. */
  static boolean dumpRecord(String m) {
    if (m.length() > MAX_DUMP_RECORD) return false;
    return DUMP_FIELD.matcher(m).find() || BARE_VALUE.matcher(m).matches() || REGISTERS.matcher(m).matches();
  }

  private static boolean knownNonError(String level) {
    String n = Levels.normalise(level);
    return n.equals("TRACE") || n.equals("DEBUG") || n.equals("INFO") || n.equals("WARN");
  }

  private static boolean saysError(String m) {
    return WORDS.matcher(m).find() || LEVEL_WORD.matcher(m).find() && m.length() > 2;
  }
}
