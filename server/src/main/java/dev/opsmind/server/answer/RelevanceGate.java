package dev.opsmind.server.answer;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Decides whether retrieval found anything that bears on the question, so that the extractive
 * path can say "nothing relevant" instead of quoting noise. Fused (RRF) scores are rank-based and
 * say nothing about absolute relevance, so the gate looks at:
 *
 * <ol>
 *   <li>the highest query-passage cosine among the passages that carry one (the top vector hit):
 *       relevant when it reaches {@code minVectorSimilarity};
 *   <li>without vector scores (a keyword-only index): the best term coverage, the share of the
 *       query's salient terms (Latin terms whole, Chinese as character bigrams) found in one
 *       passage's text, headings or path: relevant when it reaches {@code minTermCoverage}.
 * </ol>
 *
 * <p>The defaults were calibrated on the runbook evaluation set (server/README.md, "Grounded answers").
 */
public record RelevanceGate(double minVectorSimilarity, double minTermCoverage) {
  /** bge-small-zh-v1.5 cosine of the top hit; see server/README.md for the calibration. */
  public static final double DEFAULT_MIN_VECTOR_SIMILARITY = 0.635;
  public static final double DEFAULT_MIN_TERM_COVERAGE = 0.35;
  public static final RelevanceGate DEFAULT = new RelevanceGate(DEFAULT_MIN_VECTOR_SIMILARITY, DEFAULT_MIN_TERM_COVERAGE);

  public RelevanceGate {
    if (!(minVectorSimilarity >= -1 && minVectorSimilarity <= 1)) {
      throw new IllegalArgumentException("minVectorSimilarity must be a cosine in [-1, 1], got " + minVectorSimilarity);
    }
    if (!(minTermCoverage >= 0 && minTermCoverage <= 1)) {
      throw new IllegalArgumentException("minTermCoverage must be in [0, 1], got " + minTermCoverage);
    }
  }

  /** The gate's verdict and the numbers behind it ({@code NaN} when not measured). */
  public record Assessment(boolean relevant, double vectorSimilarity, double termCoverage) {}

  public Assessment assess(String query, List<SourcePassage> passages) {
    if (passages.isEmpty()) {
      return new Assessment(false, Double.NaN, 0);
    }
    double best = Double.NaN;
    for (SourcePassage p : passages) {
      if (p.hasVectorSimilarity() && (Double.isNaN(best) || p.vectorSimilarity() > best)) {
        best = p.vectorSimilarity();
      }
    }
    double coverage = 0;
    for (SourcePassage p : passages) {
      coverage = Math.max(coverage, termCoverage(query, p.path() + "\n" + p.headingLabel() + "\n" + p.text()));
    }
    boolean relevant = Double.isNaN(best) ? coverage >= minTermCoverage : best >= minVectorSimilarity;
    return new Assessment(relevant, best, coverage);
  }

  /** Share of the query's units found in the text: Latin salient terms whole, Chinese terms as bigrams. */
  static double termCoverage(String query, String text) {
    var units = new ArrayList<String>();
    for (String term : QueryTerms.salient(query)) {
      if (QueryTerms.hanCount(term) == 0) {
        units.add(term.toLowerCase(Locale.ROOT));
      } else if (term.length() < 2) {
        units.add(term);
      } else {
        for (int i = 0; i + 2 <= term.length(); i++) {
          units.add(term.substring(i, i + 2));
        }
      }
    }
    if (units.isEmpty()) {
      return 0;
    }
    String haystack = text.toLowerCase(Locale.ROOT);
    long found = units.stream().filter(haystack::contains).count();
    return (double) found / units.size();
  }
}
