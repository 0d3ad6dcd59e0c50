package dev.opsmind.server.answer;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pulls the actionable steps out of a runbook passage: list items, commands in code blocks and
 * short paragraphs that sit under a "steps" heading (Diagnosis, Mitigation, Troubleshooting,
 * Resolution, Remediation, Fix, Solution, Recovery, Workaround; 诊断, 排查, 处理, 解决, 缓解, 修复,
 * 恢复, 步骤), including that heading's sub-headings. The passage's own heading path counts: a chunk
 * cut from inside "## Mitigation" starts inside the steps.
 */
public final class RunbookSteps {
  static final Pattern STEP_HEADING = Pattern.compile(
      "(?i)\\b(diagnos\\w*|mitigat\\w*|troubleshoot\\w*|resolution|resolv\\w*|remediat\\w*|fix\\w*|solution\\w*"
          + "|recover\\w*|workaround\\w*|steps?)\\b|诊断|排查|处理|解决|缓解|修复|恢复|步骤");
  private static final Pattern HEADING = Pattern.compile("^(#{1,6})\\s+(.*?)\\s*#*\\s*$");
  private static final Pattern LIST_ITEM = Pattern.compile("^(\\s*)(?:[-*+]|\\d{1,2}[.)])\\s+(.*)$");
  private static final Pattern FENCE = Pattern.compile("^\\s*(?:```|~~~)\\s*([\\w+-]*)");
  /** Code blocks in these languages (or none) hold commands; YAML, JSON, output blocks do not. */
  private static final Set<String> COMMAND_LANGUAGES = Set.of(
      "", "shell", "sh", "bash", "console", "zsh", "terminal", "cmd", "powershell", "promql", "sql", "psql");
  private static final Pattern LINK_ONLY = Pattern.compile("^\\[[^\\]]*]\\([^)]*\\)\\.?$");
  static final int MAX_ITEM_CHARS = 220;

  private RunbookSteps() {}

  /** The steps in document order; commands are wrapped in backticks. */
  public static List<String> extract(List<String> headingPath, String text) {
    int stepLevel = 0; // heading level that opened the current steps section, 0 = not in one
    for (int i = 0; i < headingPath.size(); i++) {
      if (STEP_HEADING.matcher(headingPath.get(i)).find()) {
        stepLevel = i + 1;
        break;
      }
    }
    var steps = new ArrayList<String>();
    var paragraph = new StringBuilder();
    List<String> fence = null;
    boolean commandFence = false;
    String[] lines = text.split("\\R", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      Matcher f = FENCE.matcher(line);
      if (f.find()) {
        if (fence == null) {
          flush(paragraph, steps, stepLevel > 0);
          fence = new ArrayList<>();
          commandFence = COMMAND_LANGUAGES.contains(f.group(1).toLowerCase(Locale.ROOT));
        } else {
          if (stepLevel > 0 && commandFence) {
            steps.addAll(commands(fence));
          }
          fence = null;
        }
        continue;
      }
      if (fence != null) {
        fence.add(line);
        continue;
      }
      Matcher h = HEADING.matcher(line);
      if (h.matches()) {
        flush(paragraph, steps, stepLevel > 0);
        int level = h.group(1).length();
        if (STEP_HEADING.matcher(h.group(2)).find()) {
          if (stepLevel == 0 || level <= stepLevel) {
            stepLevel = level;
          }
        } else if (level <= stepLevel) {
          stepLevel = 0;
        }
        continue;
      }
      Matcher item = LIST_ITEM.matcher(line);
      if (item.matches()) {
        flush(paragraph, steps, stepLevel > 0);
        var sb = new StringBuilder(item.group(2).strip());
        int indent = item.group(1).length();
        // Continuation lines: indented deeper than the marker, not a new item or fence.
        while (i + 1 < lines.length && !lines[i + 1].isBlank()
            && leadingSpaces(lines[i + 1]) > indent && !LIST_ITEM.matcher(lines[i + 1]).matches()
            && !FENCE.matcher(lines[i + 1]).find()) {
          sb.append(' ').append(lines[++i].strip());
        }
        if (stepLevel > 0) {
          addStep(steps, sb.toString());
        }
        continue;
      }
      if (line.isBlank() || line.stripLeading().startsWith("<") || line.stripLeading().startsWith(">")) {
        flush(paragraph, steps, stepLevel > 0);
        continue;
      }
      paragraph.append(paragraph.isEmpty() ? "" : " ").append(line.strip());
    }
    flush(paragraph, steps, stepLevel > 0);
    return steps;
  }

  private static void flush(StringBuilder paragraph, List<String> steps, boolean inSteps) {
    if (inSteps && !paragraph.isEmpty()) {
      addStep(steps, paragraph.toString());
    }
    paragraph.setLength(0);
  }

  private static void addStep(List<String> steps, String step) {
    String s = step.strip();
    if (s.isEmpty() || LINK_ONLY.matcher(s).matches()) {
      return;
    }
    steps.add(Excerpts.shorten(s, MAX_ITEM_CHARS));
  }

  /**
   * Commands of one code block: with shell prompts ("$ ") only the prompted lines (the rest is
   * output); otherwise every line that is not a comment. Backslash continuations are joined.
   */
  static List<String> commands(List<String> block) {
    boolean prompted = block.stream().anyMatch(l -> l.stripLeading().startsWith("$ "));
    var out = new ArrayList<String>();
    var current = new StringBuilder();
    for (String raw : block) {
      String line = raw.strip();
      boolean continuation = !current.isEmpty();
      if (!continuation) {
        if (prompted) {
          if (!line.startsWith("$ ")) {
            continue;
          }
          line = line.substring(2).strip();
        } else if (line.isEmpty() || line.startsWith("#") || line.startsWith("//")) {
          continue;
        }
      }
      if (line.endsWith("\\")) {
        current.append(line, 0, line.length() - 1).append(' ');
        continue;
      }
      current.append(line);
      String command = current.toString().strip();
      current.setLength(0);
      if (!command.isEmpty() && !command.equals("exit")) {
        out.add("`" + Excerpts.shorten(command, MAX_ITEM_CHARS) + "`");
      }
    }
    return out;
  }

  private static int leadingSpaces(String line) {
    int n = 0;
    while (n < line.length() && (line.charAt(n) == ' ' || line.charAt(n) == '\t')) {
      n++;
    }
    return n;
  }
}
