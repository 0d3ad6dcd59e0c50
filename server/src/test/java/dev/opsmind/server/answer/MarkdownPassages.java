package dev.opsmind.server.answer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Test helper: cuts a Markdown file into one passage per heading section (headings inside code
 * blocks ignored), the way a heading chunker would, so the answer classes can be tested on whole
 * runbooks without an index.
 */
final class MarkdownPassages {
  private static final Pattern HEADING = Pattern.compile("^(#{1,6})\\s+(.*?)\\s*$");

  private MarkdownPassages() {}

  static List<SourcePassage> of(Path file, String collection, String path, double vectorSimilarity) throws IOException {
    List<String> lines = Files.readAllLines(file);
    var out = new ArrayList<SourcePassage>();
    var headings = new ArrayList<String>();
    var levels = new ArrayList<Integer>();
    var text = new StringBuilder();
    int start = 1;
    boolean fence = false;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.stripLeading().startsWith("```")) {
        fence = !fence;
      }
      Matcher h = fence ? null : HEADING.matcher(line);
      if (h != null && h.matches()) {
        add(out, collection, path, headings, text, start, i, vectorSimilarity);
        int level = h.group(1).length();
        while (!levels.isEmpty() && levels.getLast() >= level) {
          levels.removeLast();
          headings.removeLast();
        }
        levels.add(level);
        headings.add(h.group(2));
        start = i + 2;
        continue;
      }
      text.append(line).append('\n');
    }
    add(out, collection, path, headings, text, start, lines.size(), vectorSimilarity);
    return out;
  }

  private static void add(List<SourcePassage> out, String collection, String path, List<String> headings,
      StringBuilder text, int start, int end, double vectorSimilarity) {
    if (!text.toString().isBlank()) {
      out.add(new SourcePassage(collection, path, start, Math.max(start, end), headings, text.toString(), "",
          1.0 / (out.size() + 1), vectorSimilarity));
    }
    text.setLength(0);
  }

  /** The passage under a heading with this exact text. */
  static SourcePassage section(List<SourcePassage> passages, String heading) {
    return passages.stream()
        .filter(p -> !p.headingPath().isEmpty() && p.headingPath().getLast().equals(heading))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no section '" + heading + "' in " + passages));
  }
}
