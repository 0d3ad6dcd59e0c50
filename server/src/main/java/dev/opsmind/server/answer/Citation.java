package dev.opsmind.server.answer;

import java.util.List;

/** A source an answer cites as {@code [number]}. */
public record Citation(
    int number,
    String collection,
    String path,
    int startLine,
    int endLine,
    List<String> headingPath,
    String snippet,
    double score) {

  public Citation {
    headingPath = List.copyOf(headingPath);
  }

  static Citation of(int number, SourcePassage p) {
    String snippet = p.snippet().isBlank() ? Excerpts.shorten(p.text(), 240) : p.snippet();
    return new Citation(number, p.collection(), p.path(), p.startLine(), p.endLine(), p.headingPath(), snippet, p.score());
  }
}
