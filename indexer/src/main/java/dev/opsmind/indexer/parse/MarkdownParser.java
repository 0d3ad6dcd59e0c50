package dev.opsmind.indexer.parse;

import dev.opsmind.indexer.source.SourceFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.Heading;
import org.commonmark.node.IndentedCodeBlock;
import org.commonmark.node.Node;
import org.commonmark.node.SourceSpan;
import org.commonmark.parser.IncludeSourceSpans;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.text.TextContentRenderer;

/**
 * Markdown through commonmark-java with source spans: each top-level block (paragraph, list, code
 * block, quote, HTML block) becomes a block carrying its exact source lines and the headings above
 * it. The document title is the front matter's title, else the first level-1 heading, else the
 * file name; the heading path is the title followed by the open headings (a heading equal to the
 * title is not repeated).
 */
public final class MarkdownParser implements DocumentParser {
  private final Parser parser = Parser.builder().includeSourceSpans(IncludeSourceSpans.BLOCKS).build();
  private final TextContentRenderer plain = TextContentRenderer.builder().build();

  @Override
  public ParsedDocument parse(String sourcePath, byte[] bytes) {
    List<String> lines = SourceText.lines(SourceText.decode(sourcePath, bytes));
    FrontMatter front = FrontMatter.of(lines);
    List<String> body = lines.subList(front.lineCount(), lines.size());
    Node document = parser.parse(String.join("\n", body));

    String title = front.title().or(() -> firstH1(document)).orElse(SourceText.fileTitle(sourcePath));
    String[] open = new String[7]; // open headings by level 1..6
    List<TextBlock> blocks = new ArrayList<>();
    for (Node node = document.getFirstChild(); node != null; node = node.getNext()) {
      List<SourceSpan> spans = node.getSourceSpans();
      if (spans.isEmpty()) continue;
      if (node instanceof Heading heading) {
        open[heading.getLevel()] = headingText(heading);
        for (int level = heading.getLevel() + 1; level <= 6; level++) open[level] = null;
        continue;
      }
      int first = spans.get(0).getLineIndex();
      int last = spans.get(spans.size() - 1).getLineIndex();
      String text = String.join("\n", body.subList(first, last + 1)).strip();
      if (text.isEmpty()) continue;
      boolean code = node instanceof FencedCodeBlock || node instanceof IndentedCodeBlock;
      int offset = front.lineCount() + 1; // body line index 0 is source line lineCount + 1
      // strip() may drop leading blank lines of an indented block; keep the line range honest.
      String raw = String.join("\n", body.subList(first, last + 1));
      if (!raw.equals(text)) text = raw.stripTrailing();
      blocks.add(new TextBlock(headingPath(title, open), first + offset, last + offset, text, code));
    }
    return new ParsedDocument(title, SourceFormat.MARKDOWN, blocks);
  }

  private Optional<String> firstH1(Node document) {
    for (Node node = document.getFirstChild(); node != null; node = node.getNext()) {
      if (node instanceof Heading h && h.getLevel() == 1) {
        String text = headingText(h);
        if (!text.isEmpty()) return Optional.of(text);
      }
    }
    return Optional.empty();
  }

  private String headingText(Heading heading) {
    return plain.render(heading).strip().replaceAll("\\s+", " ");
  }

  private static List<String> headingPath(String title, String[] open) {
    List<String> path = new ArrayList<>();
    path.add(title);
    for (int level = 1; level <= 6; level++) {
      if (open[level] != null && !open[level].isEmpty() && !open[level].equalsIgnoreCase(title)) {
        path.add(open[level]);
      }
    }
    return path;
  }
}
