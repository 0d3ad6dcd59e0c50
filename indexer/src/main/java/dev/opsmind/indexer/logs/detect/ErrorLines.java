package dev.opsmind.indexer.logs.detect;

import dev.opsmind.indexer.logs.format.Levels;
import dev.opsmind.indexer.logs.format.LogRecord;
import java.util.regex.Pattern;

/**
 * Which records are errors: level ERROR or FATAL (any spelling), or, when the format gave no
 * level, a message that says so (ERROR, FATAL, panic, an exception or traceback, segfault, out of
 * memory, OOM killer).
 */
public final class ErrorLines {
  private static final Pattern WORDS = Pattern.compile(
      "\\b(?:ERROR|FATAL|CRITICAL|SEVERE|panic|PANIC|Traceback|segfault|Segmentation fault|[Oo]ut of memory|oom-killer|"
      + "[A-Za-z]+(?:Exception|Error):)");
  private static final Pattern LEVEL_WORD = Pattern.compile("^\\W{0,2}(?:E|F|ERROR|FATAL|CRIT|PANIC)\\b");

  private ErrorLines() {}

  public static boolean isError(LogRecord r) {
    if (r.level() != null) {
      if (Levels.isError(r.level())) return true;
      String n = Levels.normalise(r.level());
      if (n.equals("TRACE") || n.equals("DEBUG") || n.equals("INFO") || n.equals("WARN")) return false;
    }
    String m = r.firstLine();
    return WORDS.matcher(m).find() || LEVEL_WORD.matcher(m).find() && m.length() > 2;
  }
}
