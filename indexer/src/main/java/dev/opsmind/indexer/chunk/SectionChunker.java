package dev.opsmind.indexer.chunk;

import dev.opsmind.indexer.parse.ParsedDocument;
import dev.opsmind.indexer.parse.TextBlock;
import java.util.ArrayList;
import java.util.List;

/**
 * Chunks structured documents (Markdown, HTML, text, PDF) by section: consecutive blocks under the
 * same heading path are packed into chunks up to the size cap; a chunk never spans two sections.
 * A block over the cap is cut at line boundaries (code blocks too, but only then); a single line
 * over the cap is cut by characters. When a section is cut, the next chunk starts with the last
 * lines of the previous one (up to the overlap), except after a code block. Consecutive small
 * sections are merged into one chunk (see {@link ChunkingOptions#mergeBelowTokens()}).
 */
public final class SectionChunker {
  private final ChunkingOptions options;

  public SectionChunker(ChunkingOptions options) {
    this.options = options;
  }

  /** A piece of a block that fits the cap. */
  private record Unit(int startLine, int endLine, String text, boolean keepWhole, boolean lineMapped, int tokens) {}

  public List<ChunkDraft> chunk(ParsedDocument doc) {
    List<List<TextBlock>> sections = new ArrayList<>();
    for (TextBlock block : doc.blocks()) {
      if (sections.isEmpty() || !last(sections).get(0).headingPath().equals(block.headingPath())) {
        sections.add(new ArrayList<>());
      }
      last(sections).add(block);
    }
    List<ChunkDraft> out = new ArrayList<>();
    List<List<TextBlock>> group = new ArrayList<>();
    int groupTokens = 0;
    for (List<TextBlock> section : sections) {
      int tokens = tokens(section);
      // Small sections ("Impact: service degraded.") say little alone: they join their
      // neighbours while the group is under the merge threshold and the result fits the cap.
      if (!group.isEmpty() && (groupTokens >= options.mergeBelowTokens() || groupTokens + tokens > options.maxTokens())) {
        emit(group, out);
        group.clear();
        groupTokens = 0;
      }
      group.add(section);
      groupTokens += tokens;
    }
    if (!group.isEmpty()) emit(group, out);
    return out;
  }

  private static <T> T last(List<T> list) {
    return list.get(list.size() - 1);
  }

  private static int tokens(List<TextBlock> section) {
    return section.stream().mapToInt(b -> TextSize.estimateTokens(b.text())).sum();
  }

  /**
   * One section: packed normally. Several merged sections: one chunk whose heading path is the
   * sections' common path, each section's text led by its own heading.
   */
  private void emit(List<List<TextBlock>> group, List<ChunkDraft> out) {
    if (group.size() == 1) {
      pack(group.get(0), out);
      return;
    }
    List<String> common = group.get(0).get(0).headingPath();
    for (List<TextBlock> section : group) common = commonPrefix(common, section.get(0).headingPath());
    StringBuilder text = new StringBuilder();
    for (List<TextBlock> section : group) {
      List<String> path = section.get(0).headingPath();
      if (!text.isEmpty()) text.append("\n\n");
      if (path.size() > common.size()) text.append(String.join(" > ", path.subList(common.size(), path.size()))).append('\n');
      for (int i = 0; i < section.size(); i++) {
        if (i > 0) text.append("\n\n");
        text.append(section.get(i).text());
      }
    }
    int start = group.get(0).get(0).startLine();
    int end = group.stream().flatMap(List::stream).mapToInt(TextBlock::endLine).max().orElseThrow();
    String body = text.toString();
    out.add(new ChunkDraft(common, start, end, body, LanguageDetector.detect(body), List.of()));
  }

  private static List<String> commonPrefix(List<String> a, List<String> b) {
    int n = 0;
    while (n < a.size() && n < b.size() && a.get(n).equals(b.get(n))) n++;
    return a.subList(0, n);
  }

  private void pack(List<TextBlock> section, List<ChunkDraft> out) {
    List<String> path = section.get(0).headingPath();
    List<Unit> current = new ArrayList<>();
    int tokens = 0;
    for (TextBlock block : section) {
      for (Unit unit : units(block)) {
        if (!current.isEmpty() && tokens + unit.tokens > options.maxTokens()) {
          out.add(draft(path, current));
          current = overlapTail(current.get(current.size() - 1));
          tokens = current.stream().mapToInt(Unit::tokens).sum();
          if (tokens + unit.tokens > options.maxTokens()) {
            current.clear();
            tokens = 0;
          }
        }
        current.add(unit);
        tokens += unit.tokens;
      }
    }
    if (!current.isEmpty()) out.add(draft(path, current));
  }

  /** The block itself when it fits, else line groups that fit, else character pieces of a line. */
  private List<Unit> units(TextBlock block) {
    int tokens = TextSize.estimateTokens(block.text());
    boolean mapped = block.linesMatchSource();
    if (tokens <= options.maxTokens()) {
      return List.of(new Unit(block.startLine(), block.endLine(), block.text(), block.keepWhole(), mapped, tokens));
    }
    List<Unit> units = new ArrayList<>();
    if (!mapped) {
      for (String piece : cutByCharacters(block.text())) {
        units.add(new Unit(block.startLine(), block.endLine(), piece, false, false, TextSize.estimateTokens(piece)));
      }
      return units;
    }
    String[] lines = block.text().split("\n", -1);
    StringBuilder group = new StringBuilder();
    int groupStart = -1;
    int groupTokens = 0;
    for (int i = 0; i < lines.length; i++) {
      int line = block.startLine() + i;
      int lineTokens = TextSize.estimateTokens(lines[i]) + 1;
      if (groupStart >= 0 && groupTokens + lineTokens > options.maxTokens()) {
        units.add(new Unit(groupStart, line - 1, group.toString(), false, true, groupTokens));
        group.setLength(0);
        groupStart = -1;
        groupTokens = 0;
      }
      if (lineTokens > options.maxTokens()) {
        for (String piece : cutByCharacters(lines[i])) {
          units.add(new Unit(line, line, piece, false, false, TextSize.estimateTokens(piece)));
        }
        continue;
      }
      if (groupStart < 0) groupStart = line;
      else group.append('\n');
      group.append(lines[i]);
      groupTokens += lineTokens;
    }
    if (groupStart >= 0) units.add(new Unit(groupStart, block.endLine(), group.toString(), false, true, groupTokens));
    return units;
  }

  /** The last lines of a unit, up to the overlap, to repeat at the start of the next chunk. */
  private List<Unit> overlapTail(Unit last) {
    List<Unit> tail = new ArrayList<>();
    if (options.overlapTokens() == 0 || last.keepWhole || !last.lineMapped) return tail;
    String[] lines = last.text.split("\n", -1);
    int tokens = 0;
    int first = lines.length;
    while (first > 0) {
      int t = TextSize.estimateTokens(lines[first - 1]) + 1;
      if (tokens + t > options.overlapTokens()) break;
      tokens += t;
      first--;
    }
    if (first == lines.length || first == 0) return tail; // nothing fits, or the whole unit: no overlap
    String text = String.join("\n", java.util.Arrays.asList(lines).subList(first, lines.length));
    tail.add(new Unit(last.startLine + first, last.endLine, text, false, true, tokens));
    return tail;
  }

  /** Cuts one over-long line into pieces of at most maxTokens estimated tokens. */
  List<String> cutByCharacters(String text) {
    List<String> pieces = new ArrayList<>();
    int start = 0;
    double tokens = 0;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      double t = LanguageDetector.isCjk(cp) ? 1 : 1.0 / TextSize.CHARS_PER_TOKEN;
      if (tokens + t > options.maxTokens() && i > start) {
        pieces.add(text.substring(start, i));
        start = i;
        tokens = 0;
      }
      tokens += t;
      i += Character.charCount(cp);
    }
    if (start < text.length()) pieces.add(text.substring(start));
    return pieces;
  }

  private static ChunkDraft draft(List<String> path, List<Unit> units) {
    StringBuilder text = new StringBuilder();
    for (Unit u : units) {
      if (!text.isEmpty()) text.append("\n\n");
      text.append(u.text);
    }
    int start = units.stream().mapToInt(Unit::startLine).min().orElseThrow();
    int end = units.stream().mapToInt(Unit::endLine).max().orElseThrow();
    String body = text.toString();
    return new ChunkDraft(path, start, end, body, LanguageDetector.detect(body), List.of());
  }
}
