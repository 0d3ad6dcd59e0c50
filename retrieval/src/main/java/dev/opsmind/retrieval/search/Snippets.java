package dev.opsmind.retrieval.search;

import dev.opsmind.retrieval.IndexLayout;
import java.io.IOException;
import java.text.BreakIterator;
import java.util.Locale;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.uhighlight.DefaultPassageFormatter;
import org.apache.lucene.search.uhighlight.LengthGoalBreakIterator;
import org.apache.lucene.search.uhighlight.UnifiedHighlighter;

/**
 * Highlighted snippets: the best passages (about two sentences, near {@value #PASSAGE_CHARS}
 * characters each) with query terms in **bold**. Offsets come from the postings, so nothing is
 * re-analysed. A chunk without any query term (a pure vector hit) gets the start of its text.
 */
final class Snippets {
  static final int PASSAGE_CHARS = 160;
  static final int MAX_SNIPPET_CHARS = 480;
  private static final String[] FIELDS = {IndexLayout.TEXT_EN, IndexLayout.TEXT_ZH};

  private Snippets() {}

  /** Snippets for {@code docs} (Lucene doc ids) in the same order; null text query: text starts. */
  static String[] build(IndexSearcher searcher, Analyzer analyzer, Query textQuery, int[] docs, String[] texts)
      throws IOException {
    String[] out = new String[docs.length];
    if (textQuery != null && docs.length > 0) {
      UnifiedHighlighter highlighter = UnifiedHighlighter.builder(searcher, analyzer)
          .withFormatter(new DefaultPassageFormatter("**", "**", " … ", false))
          .withBreakIterator(() -> LengthGoalBreakIterator.createClosestToLength(
              BreakIterator.getSentenceInstance(Locale.ROOT), PASSAGE_CHARS, 0.5f))
          .withMaxNoHighlightPassages(0)
          .build();
      Map<String, String[]> byField = highlighter.highlightFields(FIELDS, textQuery, docs, new int[] {2, 2});
      for (String field : FIELDS) {
        String[] values = byField.get(field);
        for (int i = 0; i < docs.length; i++) {
          if (out[i] == null && values != null && values[i] != null && !values[i].isBlank()) {
            out[i] = values[i];
          }
        }
      }
    }
    for (int i = 0; i < docs.length; i++) {
      if (out[i] == null) {
        out[i] = texts[i];
      }
      out[i] = clip(out[i].strip());
    }
    return out;
  }

  private static String clip(String s) {
    if (s.length() <= MAX_SNIPPET_CHARS) {
      return s;
    }
    return s.substring(0, MAX_SNIPPET_CHARS) + " …";
  }
}
