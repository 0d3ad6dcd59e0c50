package dev.opsmind.indexer.parse;

import dev.opsmind.indexer.source.SourceFormat;
import java.util.ArrayList;
import java.util.List;

/** Plain text: paragraphs (runs of non-blank lines) are the blocks; the file name is the title. */
public final class TextParser implements DocumentParser {
  @Override
  public ParsedDocument parse(String sourcePath, byte[] bytes) {
    List<String> lines = SourceText.lines(SourceText.decode(sourcePath, bytes));
    String title = SourceText.fileTitle(sourcePath);
    return new ParsedDocument(title, SourceFormat.TEXT, paragraphs(lines, 1, List.of(title)));
  }

  /** Blocks for each run of non-blank lines; {@code firstLine} is the number of lines.get(0). */
  static List<TextBlock> paragraphs(List<String> lines, int firstLine, List<String> headingPath) {
    List<TextBlock> blocks = new ArrayList<>();
    int start = -1;
    for (int i = 0; i <= lines.size(); i++) {
      boolean blank = i == lines.size() || lines.get(i).isBlank();
      if (!blank && start < 0) start = i;
      if (blank && start >= 0) {
        String text = String.join("\n", lines.subList(start, i));
        blocks.add(new TextBlock(headingPath, firstLine + start, firstLine + i - 1, text, false));
        start = -1;
      }
    }
    return blocks;
  }
}
