package dev.opsmind.indexer.parse;

import java.util.ArrayList;
import java.util.List;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;

/**
 * The text of one HTML block as a reader of the page sees it, rather than jsoup's flattened
 * {@code text()}: a list item keeps its marker ({@code "3. "} in an {@code <ol>}, counting from its
 * {@code start}, a {@code value} or downwards when {@code reversed}; {@code "- "} in a
 * {@code <ul>}); nested lists go on their own indented lines; {@code <pre>} and multi-line
 * {@code <code>} keep their whitespace and line breaks; inline {@code <code>}, {@code <kbd>} and
 * {@code <samp>} become {@code `backticks`}; {@code <br>} breaks the line. Elsewhere whitespace is
 * collapsed as a browser does.
 */
final class HtmlText {
  private static final String INDENT = "   ";

  private HtmlText() {}

  /** The text of a block element (a list item with its marker). */
  static String of(Element block) {
    if (block.normalName().equals("pre")) {
      return preformatted(block.wholeText());
    }
    StringBuilder out = new StringBuilder();
    if (block.normalName().equals("code")) {
      element(block, out, ""); // a <code> outside any paragraph: as inside one
    } else {
      if (block.normalName().equals("li")) {
        out.append(marker(block));
      }
      children(block, out, "");
    }
    return tidy(out.toString());
  }

  /** "N. " for an item of an ordered list, "- " otherwise. */
  static String marker(Element li) {
    Element list = li.parent();
    if (list == null || !list.normalName().equals("ol")) {
      return "- ";
    }
    boolean reversed = list.hasAttr("reversed");
    List<Element> items = new ArrayList<>();
    for (Element child : list.children()) {
      if (child.normalName().equals("li")) items.add(child);
    }
    int number = integer(list.attr("start"), reversed ? items.size() : 1);
    for (Element item : items) {
      number = integer(item.attr("value"), number);
      if (item == li) break;
      number += reversed ? -1 : 1;
    }
    return number + ". ";
  }

  private static int integer(String attribute, int fallback) {
    try {
      return attribute.isBlank() ? fallback : Integer.parseInt(attribute.strip());
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  private static void children(Element element, StringBuilder out, String indent) {
    for (Node node : element.childNodes()) {
      if (node instanceof TextNode text) {
        String collapsed = text.getWholeText().replaceAll("\\s+", " ");
        if (endsLine(out)) collapsed = collapsed.stripLeading();
        if (collapsed.startsWith(" ") && endsWithSpace(out)) collapsed = collapsed.substring(1);
        out.append(collapsed);
      } else if (node instanceof Element child) {
        element(child, out, indent);
      }
    }
  }

  private static void element(Element el, StringBuilder out, String indent) {
    switch (el.normalName()) {
      case "br" -> out.append('\n').append(indent);
      case "pre" -> {
        newLine(out, indent);
        out.append(preformatted(el.wholeText()));
        newLine(out, indent);
      }
      case "code", "kbd", "samp", "tt" -> {
        String code = el.wholeText();
        if (code.strip().contains("\n")) {
          newLine(out, indent);
          out.append(preformatted(code));
          newLine(out, indent);
        } else if (!code.isBlank()) {
          out.append('`').append(code.strip()).append('`');
        }
      }
      case "ul", "ol" -> {
        for (Element item : el.children()) {
          newLine(out, indent + INDENT);
          if (item.normalName().equals("li")) out.append(marker(item));
          children(item, out, indent + INDENT);
        }
        newLine(out, indent);
      }
      case "td", "th" -> {
        if (!out.isEmpty() && !endsWithSpace(out) && !endsLine(out)) out.append(' ');
        children(el, out, indent);
      }
      default -> {
        if (el.isBlock()) {
          newLine(out, indent);
          children(el, out, indent);
          newLine(out, indent);
        } else {
          children(el, out, indent);
        }
      }
    }
  }

  /** Preformatted text: line breaks and indentation kept, blank lines at the ends dropped. */
  static String preformatted(String text) {
    String[] lines = text.replace("\r\n", "\n").split("\n", -1);
    int first = 0;
    int last = lines.length - 1;
    while (first <= last && lines[first].isBlank()) first++;
    while (last >= first && lines[last].isBlank()) last--;
    StringBuilder out = new StringBuilder();
    for (int i = first; i <= last; i++) {
      if (i > first) out.append('\n');
      out.append(lines[i].stripTrailing());
    }
    return out.toString();
  }

  private static void newLine(StringBuilder out, String indent) {
    if (out.isEmpty()) return;
    trimTrailingSpaces(out);
    if (!endsLine(out)) out.append('\n');
    out.append(indent);
  }

  private static boolean endsLine(StringBuilder out) {
    int i = out.length() - 1;
    while (i >= 0 && out.charAt(i) == ' ') i--;
    return i < 0 || out.charAt(i) == '\n';
  }

  private static boolean endsWithSpace(StringBuilder out) {
    return !out.isEmpty() && Character.isWhitespace(out.charAt(out.length() - 1));
  }

  private static void trimTrailingSpaces(StringBuilder out) {
    while (!out.isEmpty() && out.charAt(out.length() - 1) == ' ') out.setLength(out.length() - 1);
  }

  /** Trailing spaces off every line, blank lines at the ends dropped. */
  private static String tidy(String text) {
    String[] lines = text.split("\n", -1);
    List<String> kept = new ArrayList<>();
    for (String line : lines) kept.add(line.stripTrailing());
    while (!kept.isEmpty() && kept.get(0).isBlank()) kept.remove(0);
    while (!kept.isEmpty() && kept.get(kept.size() - 1).isBlank()) kept.remove(kept.size() - 1);
    return String.join("\n", kept);
  }
}
