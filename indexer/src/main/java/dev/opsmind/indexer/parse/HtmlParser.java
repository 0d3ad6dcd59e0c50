package dev.opsmind.indexer.parse;

import dev.opsmind.indexer.source.SourceFormat;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.parser.Parser;

/**
 * HTML through jsoup with source positions: headings (h1–h6) set the heading path; paragraphs,
 * list items, preformatted text, code outside those, quotes, table rows and definition terms are the blocks (an element
 * inside one already taken is not taken again). A block's text keeps what a reader sees
 * ({@link HtmlText}): list numbers and bullets, preformatted and multi-line code as written, inline
 * code in backticks. Scripts, styles and navigation are dropped. The title is the {@code <title>},
 * else the first h1, else the file name.
 */
public final class HtmlParser implements DocumentParser {
  private static final String BLOCKS = "h1, h2, h3, h4, h5, h6, p, li, pre, code, blockquote, tr, dt, dd";

  @Override
  public ParsedDocument parse(String sourcePath, byte[] bytes) {
    String html = SourceText.decode(sourcePath, bytes);
    Document doc = Jsoup.parse(html, "", Parser.htmlParser().setTrackPosition(true));
    doc.select("script, style, nav, noscript, template").remove();
    String title = doc.title().isBlank() ? null : doc.title().strip();
    Element h1 = doc.selectFirst("h1");
    if (title == null && h1 != null && !h1.text().isBlank()) title = h1.text().strip();
    if (title == null) title = SourceText.fileTitle(sourcePath);

    String[] open = new String[7];
    Set<Element> taken = new HashSet<>();
    List<TextBlock> blocks = new ArrayList<>();
    for (Element el : doc.body().select(BLOCKS)) {
      if (el.parents().stream().anyMatch(taken::contains)) continue;
      String tag = el.normalName();
      if (tag.length() == 2 && tag.charAt(0) == 'h' && Character.isDigit(tag.charAt(1))) {
        int level = tag.charAt(1) - '0';
        open[level] = el.text().strip();
        for (int l = level + 1; l <= 6; l++) open[l] = null;
        continue;
      }
      taken.add(el);
      // Preformatted text and a code block outside any other block are kept whole, like Markdown's fences.
      boolean pre = tag.equals("pre") || tag.equals("code") && el.wholeText().strip().contains("\n");
      String text = HtmlText.of(el);
      if (text.isEmpty()) continue;
      int start = Math.max(1, el.sourceRange().startPos() >= 0 ? el.sourceRange().start().lineNumber() : 1);
      int end = el.endSourceRange().isTracked() ? el.endSourceRange().end().lineNumber() : start;
      blocks.add(new TextBlock(headingPath(title, open), start, Math.max(start, end), text, pre));
    }
    if (blocks.isEmpty() && !doc.body().text().isBlank()) {
      // Markup without block elements: the body text is one block over the whole file.
      int lines = Math.max(1, SourceText.lines(html).size());
      blocks.add(new TextBlock(List.of(title), 1, lines, doc.body().text().strip(), false));
    }
    return new ParsedDocument(title, SourceFormat.HTML, blocks);
  }

  private static List<String> headingPath(String title, String[] open) {
    List<String> path = new ArrayList<>();
    path.add(title);
    for (int level = 1; level <= 6; level++) {
      if (open[level] != null && !open[level].isEmpty() && !open[level].equalsIgnoreCase(title)) path.add(open[level]);
    }
    return path;
  }
}
