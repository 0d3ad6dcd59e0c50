package dev.opsmind.indexer.parse;

import java.util.List;

/**
 * A structural unit of a parsed document: a paragraph, list, code block, table row or log line.
 *
 * @param headingPath the document title followed by the headings the block sits under
 * @param startLine first source line (1-based, inclusive)
 * @param endLine last source line (inclusive)
 * @param text the block's text; when it has as many lines as its line range, line i of the text is
 *     source line startLine + i
 * @param keepWhole a code block or preformatted text: the chunker does not cut it while it fits
 */
public record TextBlock(List<String> headingPath, int startLine, int endLine, String text, boolean keepWhole) {
  public TextBlock {
    headingPath = List.copyOf(headingPath);
    if (startLine < 1 || endLine < startLine) {
      throw new IllegalArgumentException("bad line range " + startLine + ".." + endLine);
    }
  }

  /** Whether the text lines map one to one onto the source lines. */
  public boolean linesMatchSource() {
    return text.split("\n", -1).length == endLine - startLine + 1;
  }
}
