package dev.opsmind.server.answer;

import dev.opsmind.retrieval.search.Glossary;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Decides whether retrieval found anything that bears on the question, so that the extractive
 * path can say "nothing relevant" instead of quoting noise, and how far below the best passage a
 * passage may rank and still be cited. Fused (RRF) scores are rank-based and say nothing about
 * absolute relevance, so the gate looks at:
 *
 * <ol>
 *   <li>the highest query-passage cosine in the primary embedder's space: relevant when it reaches
 *       that embedder's {@link Calibration#minSimilarity()}, or when it reaches its
 *       {@link Calibration#coverageFloor()} and one passage holds at least {@link #STRONG_TERM_COVERAGE}
 *       of the query's (two or more) salient terms: a short query that names exactly what a
 *       runbook is about ("disk full on /var") can sit below the cosine threshold;
 *   <li>without vector scores (a keyword-only index): the best term coverage, the share of the
 *       query's salient terms (Latin terms whole, Chinese as character bigrams) found in one
 *       passage's text, headings or path: relevant when it reaches {@code minTermCoverage}.
 * </ol>
 *
 * <p>Cosines of two models live on different scales (bge-small-en puts unrelated text near 0.6,
 * bge-small-zh near 0.4), so each embedder has its own calibration, measured on the tune half of
 * the runbook question set and the uncovered questions (bench/README.md, "Relevance gate"); an
 * embedder without one (an operator's own) gets {@link #UNCALIBRATED}. {@code minVectorSimilarity}
 * overrides every embedder's threshold when it is a number (config {@code grounded.minRelevance},
 * request {@code opsmind.min_relevance}), and {@code maxDrop} every embedder's citation cut-off
 * (config {@code grounded.citationDrop}); NaN keeps the calibrated ones.
 */
public record RelevanceGate(double minVectorSimilarity, double minTermCoverage, double maxDrop) {
  /**
   * One embedder's thresholds.
   *
   * @param minSimilarity top cosine that makes the sources relevant
   * @param coverageFloor below this cosine no term coverage makes a hit relevant
   * @param maxDrop a passage whose cosine is more than this below the best passage's is not cited
   */
  public record Calibration(double minSimilarity, double coverageFloor, double maxDrop) {}

  /** Measured per bundled embedder: bench/README.md, "Relevance gate". */
  static final Map<String, Calibration> CALIBRATED = Map.of(
      "bge-small-zh-v1.5", new Calibration(0.615, 0.5, 0.03),
      "bge-small-zh-v1.5-q", new Calibration(0.615, 0.5, 0.03),
      "bge-small-en-v1.5-q", new Calibration(0.71, 0.62, 0.03));
  /** For embedders nobody calibrated: lenient on relevance, moderate on the cut-off. */
  public static final Calibration UNCALIBRATED = new Calibration(0.5, 0.4, 0.12);

  public static final double DEFAULT_MIN_TERM_COVERAGE = 0.35;
  /**
   * Term coverage that makes a top hit relevant below the cosine threshold: on the calibration set
   * no uncovered question reached more than 0.6.
   */
  public static final double STRONG_TERM_COVERAGE = 0.65;
  /**
   * The cosine an English passage needs, beside the glossary words of a Chinese question
   * ({@link #STRONG_TERM_COVERAGE}), to make the sources relevant: question and passage in two
   * languages sit low in the bilingual model's space (the sample runbooks' disk-full.md at 0.449
   * for 磁盘满了怎么办, certificate-expiry.md at 0.476 for 证书快过期了), below the same-language
   * floor. Checked against the uncovered questions (bench/README.md, "Relevance gate").
   */
  public static final double CROSS_LANGUAGE_FLOOR = 0.4;

  /**
   * The bilingual model's cosine an English question's Chinese passage needs ({@link #mirroredMatch}):
   * checked against the uncovered questions on the whole runbook corpus (bench/README.md,
   * "Relevance gate").
   */
  public static final double ENGLISH_ON_CHINESE_FLOOR = 0.55;

  private static final Pattern FILE_NAME_SEPARATORS = Pattern.compile("[-_./]");

  public static final RelevanceGate DEFAULT = new RelevanceGate(Double.NaN, DEFAULT_MIN_TERM_COVERAGE, Double.NaN);

  /** A gate with the calibrated cut-offs ({@code maxDrop} NaN). */
  public RelevanceGate(double minVectorSimilarity, double minTermCoverage) {
    this(minVectorSimilarity, minTermCoverage, Double.NaN);
  }

  public RelevanceGate {
    if (!Double.isNaN(maxDrop) && !(maxDrop >= 0 && maxDrop <= 2)) {
      throw new IllegalArgumentException("maxDrop must be a cosine difference in [0, 2], got " + maxDrop);
    }
    if (!Double.isNaN(minVectorSimilarity) && !(minVectorSimilarity >= -1 && minVectorSimilarity <= 1)) {
      throw new IllegalArgumentException("minVectorSimilarity must be a cosine in [-1, 1], got " + minVectorSimilarity);
    }
    if (!(minTermCoverage >= 0 && minTermCoverage <= 1)) {
      throw new IllegalArgumentException("minTermCoverage must be in [0, 1], got " + minTermCoverage);
    }
  }

  /** This gate with every embedder's relevance threshold set to {@code minRelevance} (NaN: calibrated). */
  public RelevanceGate withMinRelevance(double minRelevance) {
    return new RelevanceGate(minRelevance, minTermCoverage, maxDrop);
  }

  /** This gate with every embedder's citation cut-off set to {@code drop} (NaN: calibrated). */
  public RelevanceGate withMaxDrop(double drop) {
    return new RelevanceGate(minVectorSimilarity, minTermCoverage, drop);
  }

  /** The thresholds for cosines of {@code vectorSpace}, with the override applied. */
  public Calibration calibration(String vectorSpace) {
    Calibration c = CALIBRATED.getOrDefault(vectorSpace, UNCALIBRATED);
    double drop = Double.isNaN(maxDrop) ? c.maxDrop() : maxDrop;
    if (Double.isNaN(minVectorSimilarity)) {
      return new Calibration(c.minSimilarity(), c.coverageFloor(), drop);
    }
    return new Calibration(minVectorSimilarity, Math.min(c.coverageFloor(), minVectorSimilarity), drop);
  }

  /** The gate's verdict and the numbers behind it ({@code NaN} when not measured). */
  public record Assessment(boolean relevant, double vectorSimilarity, double termCoverage) {}

  public Assessment assess(String query, List<SourcePassage> passages) {
    if (passages.isEmpty()) {
      return new Assessment(false, Double.NaN, 0);
    }
    double best = Double.NaN;
    String space = "";
    for (SourcePassage p : passages) {
      if (p.hasVectorSimilarity() && (Double.isNaN(best) || p.vectorSimilarity() > best)) {
        best = p.vectorSimilarity();
        space = p.vectorSpace();
      }
    }
    double coverage = 0;
    boolean strongTerms = false;
    boolean strongAcross = false;
    QueryUnits units = new QueryUnits(query);
    for (SourcePassage p : passages) {
      double[] measured = units.coverage(p);
      coverage = Math.max(coverage, Math.max(measured[0], measured[1]));
      strongTerms |= units.strong(measured);
      strongAcross |= measured[1] >= STRONG_TERM_COVERAGE && p.hasVectorSimilarity()
          && p.vectorSimilarity() >= CROSS_LANGUAGE_FLOOR;
      strongAcross |= translatedMatch(p, measured) || mirroredMatch(p, measured, units);
    }
    Calibration c = calibration(space);
    boolean relevant = Double.isNaN(best) ? coverage >= minTermCoverage || strongAcross
        : best >= c.minSimilarity() || (best >= c.coverageFloor() && strongTerms) || strongAcross;
    return new Assessment(relevant, best, coverage);
  }

  /**
   * Which passages, once the sources are relevant, are sources by their words although their
   * cosine lies below the citation cut-off: the vector search ranked them, they hold the
   * question's terms ({@link #STRONG_TERM_COVERAGE}) and, in the question's language, reach the
   * embedder's coverage floor. A Chinese question's English runbook sits far
   * lower in the bilingual model's space than a Chinese runbook about something near it
   * (磁盘满了怎么办: the Chinese inode runbook 0.575, the English disk-full one 0.449).
   */
  public Predicate<SourcePassage> vouchesFor(String query) {
    QueryUnits units = new QueryUnits(query); // the glossary scan once per question, not per passage
    return passage -> {
      double[] measured = units.coverage(passage);
      if (!passage.hasVectorSimilarity()) {
        return translatedMatch(passage, measured);
      }
      // A passage in the question's language needs, beside the words, the cosine the gate asks of
      // a hit it admits by its words (the coverage floor): "The disk on node-3 is full" named the
      // sample backup checklist's "full backup volume" and "disk loss" at 0.58, far below
      // disk-full.md's 0.78. One in the other language does not: question and passage of two
      // languages sit low in the bilingual space by nature (Pod 被 OOMKilled 了: oomkilled-pods.md, 0.46).
      boolean sameLanguage = units.english() == isEnglish(passage.text());
      boolean near = !sameLanguage || passage.vectorSimilarity() >= calibration(passage.vectorSpace()).coverageFloor();
      return units.strong(measured) && near || translatedMatch(passage, measured);
    };
  }

  /**
   * A Chinese question's English passage that holds the question's glossary words and that the
   * English model, searched with that translation, puts at or above its coverage floor: the
   * same-language rule (cosine above the floor plus strong term coverage) applied in the space
   * where that passage is measured best. The bilingual model puts question and passage of two
   * languages far apart (证书快过期了 and the sample certificate-expiry.md at 0.39 there, 0.70 in
   * the English model's space for "certificate expire"). One glossary term suffices here
   * (磁盘空间不足 → disk full / out of disk space), since the English model's cosine must agree.
   */
  private boolean translatedMatch(SourcePassage p, double[] measured) {
    return !Double.isNaN(p.crossSimilarity()) && measured[2] >= STRONG_TERM_COVERAGE
        && p.crossSimilarity() >= calibration(p.crossSpace()).coverageFloor();
  }

  /**
   * Which passages an English question may cite by {@link #mirroredMatch} alone: used only when
   * the English passages' cosines say "not relevant" (with English runbooks that answer, a Chinese
   * page near it in the bilingual space is more often a neighbour than the same runbook).
   */
  public Predicate<SourcePassage> vouchesAcrossLanguages(String query) {
    QueryUnits units = new QueryUnits(query);
    return passage -> mirroredMatch(passage, units.coverage(passage), units);
  }

  /**
   * The mirror of {@link #translatedMatch}: an English question's Chinese passage, which the
   * English model does not read, measured in the bilingual model's space with the question itself.
   * Question and passage of two languages sit low there (a new pod stays Pending for a long time
   * and the sample pod-pending.zh.md at 0.59, unrelated English questions at most 0.44 from the
   * sample Chinese runbooks), so it needs {@link #ENGLISH_ON_CHINESE_FLOOR} and one of the question's
   * own words in the passage (Chinese runbooks name things in English: Pending, inode, OOMKilled);
   * or, holding {@link #STRONG_TERM_COVERAGE} of them (path and headings count), the bilingual
   * model's coverage floor, as a same-language passage would ("inodes exhausted on a node" and the
   * sample disk-inodes-exhausted.zh.md at 0.54).
   */
  private boolean mirroredMatch(SourcePassage p, double[] measured, QueryUnits units) {
    if (!units.english() || p.hasVectorSimilarity() || Double.isNaN(p.crossSimilarity()) || isEnglish(p.text())) {
      return false;
    }
    return p.crossSimilarity() >= ENGLISH_ON_CHINESE_FLOOR && measured[0] > 0
        || units.strong(measured) && p.crossSimilarity() >= calibration(p.crossSpace()).coverageFloor();
  }

  /** A question's units in its own language and, for a Chinese one, through the glossary. */
  private record QueryUnits(List<String> own, List<List<String>> translated, boolean english) {
    QueryUnits(String query) {
      this(units(query), translatedUnits(query), QueryTerms.hanCount(query) == 0);
    }

    /**
     * {own-language coverage, translated coverage of two or more glossary terms, translated
     * coverage of any number} of one passage (its path, headings and text).
     */
    double[] coverage(SourcePassage p) {
      String text = p.path() + "\n" + p.headingLabel() + "\n" + p.text();
      // a Chinese question on an English runbook: its terms count through their glossary words
      // (only there: a Chinese passage is measured in Chinese, not by the English in its code)
      double across = !translated.isEmpty() && isEnglish(p.text()) ? translatedCoverage(translated, text) : 0;
      return new double[] {termCoverage(own, text), translated.size() >= 2 ? across : 0, across};
    }

    boolean strong(double[] coverage) {
      return (own.size() >= 2 && coverage[0] >= STRONG_TERM_COVERAGE) || coverage[1] >= STRONG_TERM_COVERAGE;
    }
  }

  /**
   * How much of the question a text holds: its own units' coverage plus, for a Chinese question,
   * the coverage of its glossary words (a Chinese runbook often names the thing in English:
   * 内存 is "Memory Requests" there). For comparing passages, not a share.
   */
  static double wordCoverage(String query, String text) {
    List<List<String>> translated = translatedUnits(query);
    return termCoverage(query, text) + (translated.isEmpty() ? 0 : translatedCoverage(translated, text));
  }

  /** Share of the query's units found in the text: Latin salient terms whole, Chinese terms as bigrams. */
  static double termCoverage(String query, String text) {
    return termCoverage(units(query), text);
  }

  private static double termCoverage(List<String> units, String text) {
    if (units.isEmpty()) {
      return 0;
    }
    String haystack = text.toLowerCase(Locale.ROOT);
    long found = units.stream().filter(haystack::contains).count();
    return (double) found / units.size();
  }

  /**
   * A Chinese question's units in English: each glossary term it holds as its alternatives, and
   * its Latin salient terms as they are; empty for a question without Chinese glossary terms.
   */
  static List<List<String>> translatedUnits(String query) {
    List<List<String>> terms = Glossary.builtIn().toEnglishTerms(query);
    if (terms.isEmpty()) {
      return List.of();
    }
    var out = new ArrayList<List<String>>();
    for (List<String> alternatives : terms) {
      out.add(alternatives.stream().map(a -> a.toLowerCase(Locale.ROOT)).toList());
    }
    for (String term : QueryTerms.salient(query)) {
      if (QueryTerms.hanCount(term) == 0) {
        out.add(List.of(term.toLowerCase(Locale.ROOT)));
      }
    }
    return out;
  }

  /**
   * Share of the translated units of which the text holds at least one alternative, each starting
   * a word ("disk" in "disks", "full" not in "successfully"); file names' separators count as
   * spaces, so "replication lag" is in mysql-replication-lag.md.
   */
  static double translatedCoverage(List<List<String>> units, String text) {
    String lower = text.toLowerCase(Locale.ROOT);
    String haystack = lower + "\n" + FILE_NAME_SEPARATORS.matcher(lower).replaceAll(" ");
    long found = units.stream().filter(alternatives -> alternatives.stream().anyMatch(a -> startsAWord(haystack, a)))
        .count();
    return (double) found / units.size();
  }

  /** Fewer than one character in twenty a Han character. */
  static boolean isEnglish(String text) {
    return QueryTerms.hanCount(text) * 20 < text.length();
  }

  private static boolean startsAWord(String haystack, String word) {
    for (int at = haystack.indexOf(word); at >= 0; at = haystack.indexOf(word, at + 1)) {
      if (at == 0 || !Character.isLetterOrDigit(haystack.charAt(at - 1))) {
        return true;
      }
    }
    return false;
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
