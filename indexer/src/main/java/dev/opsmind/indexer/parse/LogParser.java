package dev.opsmind.indexer.parse;

import dev.opsmind.indexer.source.SourceFormat;
import java.util.ArrayList;
import java.util.List;

/** Log files: every non-blank line is a block, so the log chunker can cut windows at any line. */
public final class LogParser implements DocumentParser {
  @Override
  public ParsedDocument parse(String sourcePath, byte[] bytes) {
    List<String> lines = SourceText.lines(SourceText.decode(sourcePath, bytes));
    String title = sourcePath.substring(sourcePath.lastIndexOf('/') + 1);
    List<String> path = List.of(title);
    List<TextBlock> blocks = new ArrayList<>(lines.size());
    for (int i = 0; i < lines.size(); i++) {
      if (!lines.get(i).isBlank()) blocks.add(new TextBlock(path, i + 1, i + 1, lines.get(i), false));
    }
    return new ParsedDocument(title, SourceFormat.LOG, blocks);
  }
}
