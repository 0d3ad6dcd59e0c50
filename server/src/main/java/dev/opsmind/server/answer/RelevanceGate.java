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
 *       relevant when it reaches {@code minVectorSimilarity}, or when it reaches
 *       {@link #COVERAGE_COSINE_FLOOR} and one passage holds at least {@link #STRONG_TERM_COVERAGE}
 *       of the query's (two or more) salient terms: a short query that names exactly what a
 *       runbook is about ("disk full on /var") can sit below the cosine threshold;
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
  /**
   * Term coverage that makes a top hit relevant below the cosine threshold: on the calibration set
   * no uncovered question reached more than 0.6, while it keeps 71 of 75 covered ones instead of 70.
   */
  public static final double STRONG_TERM_COVERAGE = 0.65;
  /** Below this cosine no term coverage makes a hit relevant (unrelated text can share words). */
  public static final double COVERAGE_COSINE_FLOOR = 0.5;
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
    boolean strongTerms = units(query).size() >= 2 && coverage >= STRONG_TERM_COVERAGE;
    boolean relevant = Double.isNaN(best) ? coverage >= minTermCoverage
        : best >= minVectorSimilarity || (best >= COVERAGE_COSINE_FLOOR && strongTerms);
    return new Assessment(relevant, best, coverage);
  }

  /** Share of the query's units found in the text: Latin salient terms whole, Chinese terms as bigrams. */
  static double termCoverage(String query, String text) {
    List<String> units = units(query);
    if (units.isEmpty()) {
      return 0;
    }
    String haystack = text.toLowerCase(Locale.ROOT);
    long found = units.stream().filter(haystack::contains).count();
    return (double) found / units.size();
  }

  /** The query's units: Latin salient terms whole (lower case), Chinese terms as character bigrams. */
  static List<String> units(String query) {
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
    return units;
  }
}
