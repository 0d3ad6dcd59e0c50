package dev.opsmind.server.answer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Chooses what an answer may cite from the ranked passages: no padding.
 *
 * <ul>
 *   <li>A passage whose cosine lies more than the primary embedder's
 *       {@link RelevanceGate.Calibration#maxDrop()} below the best passage's is dropped: a runbook
 *       about something else ranked 3rd is noise, not a source. The first passage always stays (it
 *       may be first by BM25 alone, or by feedback); another that the vector search did not rank
 *       at all is dropped. A passage the gate vouches for by its words
 *       ({@link RelevanceGate#vouchesFor(String)}) stays below the cut-off too; when the best
 *       cosine is below the relevance threshold, only such passages are cited, and an English
 *       question's Chinese passage vouched for in the bilingual space
 *       ({@link RelevanceGate#vouchesAcrossLanguages(String)}).
 *   <li>Passages of one document become one source: their texts in line order, each under its
 *       own heading, over the union of their lines, so a runbook is cited once.
 * </ul>
 */
public final class SourceSelection {
  private SourceSelection() {}

  /** The passages worth citing, merged per document, in the order of each document's best passage. */
  public static List<SourcePassage> select(String query, List<SourcePassage> ranked, RelevanceGate gate) {
    return merge(cut(query, ranked, gate));
  }

  /** Drops the passages far below the best one (per the primary embedder's calibration). */
  static List<SourcePassage> cut(String query, List<SourcePassage> ranked, RelevanceGate gate) {
    double best = Double.NaN;
    String space = "";
    for (SourcePassage p : ranked) {
      if (p.hasVectorSimilarity() && (Double.isNaN(best) || p.vectorSimilarity() > best)) {
        best = p.vectorSimilarity();
        space = p.vectorSpace();
      }
    }
    if (Double.isNaN(best)) {
      return ranked; // keyword-only: no scale to cut on
    }
    RelevanceGate.Calibration calibration = gate.calibration(space);
    double floor = best - calibration.maxDrop();
    var vouched = gate.vouchesFor(query);
    var vouchedAcross = gate.vouchesAcrossLanguages(query);
    // Below the embedder's relevance threshold the sources are relevant by their words (the gate's
    // term rules), and nearness to a best cosine that itself says "not relevant" vouches for
    // nothing: only passages holding the question's terms are cited (证书快过期了 cited the Chinese
    // inode runbook, nearest in the bilingual space at 0.455, beside certificate-expiry.md).
    boolean weak = best < calibration.minSimilarity();
    var out = new ArrayList<SourcePassage>();
    for (int i = 0; i < ranked.size(); i++) {
      SourcePassage p = ranked.get(i);
      boolean near = p.hasVectorSimilarity() && p.vectorSimilarity() >= floor;
      if (weak ? vouched.test(p) || vouchedAcross.test(p) : i == 0 || near || vouched.test(p)) {
        out.add(p);
      }
    }
    return out.isEmpty() ? List.of(ranked.getFirst()) : out;
  }

  /** One passage per document, at the place of its first (best) passage. */
  static List<SourcePassage> merge(List<SourcePassage> ranked) {
    Map<String, List<SourcePassage>> byDocument = new LinkedHashMap<>();
    for (SourcePassage p : ranked) {
      byDocument.computeIfAbsent(p.collection() + "\u0000" + p.path(), k -> new ArrayList<>()).add(p);
    }
    var out = new ArrayList<SourcePassage>(byDocument.size());
    for (List<SourcePassage> parts : byDocument.values()) {
      out.add(parts.size() == 1 ? parts.get(0) : mergeOne(parts));
    }
    return out;
  }

  private static SourcePassage mergeOne(List<SourcePassage> parts) {
    SourcePassage first = parts.get(0);
    List<SourcePassage> inOrder = new ArrayList<>(parts);
    inOrder.sort(Comparator.comparingInt(SourcePassage::startLine));
    List<String> common = commonPrefix(inOrder);
    var text = new StringBuilder();
    List<String> previous = common;
    double cosine = Double.NaN;
    double translated = Double.NaN;
    int end = 0;
    for (SourcePassage p : inOrder) {
      if (p.startLine() <= end && p.endLine() <= end) {
        continue; // inside a passage already taken
      }
      // The passage's own headings below the shared ones, as Markdown headings, so that step
      // extraction still sees "## Mitigation" and a reader sees where each part comes from.
      List<String> own = p.headingPath();
      for (int level = common.size(); level < own.size(); level++) {
        if (level >= previous.size() || !own.get(level).equals(previous.get(level))) {
          text.append("#".repeat(Math.min(6, level + 1))).append(' ').append(own.get(level)).append("\n\n");
        }
      }
      text.append(p.text().strip()).append("\n\n");
      previous = own;
      end = Math.max(end, p.endLine());
      if (p.hasVectorSimilarity() && (Double.isNaN(cosine) || p.vectorSimilarity() > cosine)) {
        cosine = p.vectorSimilarity();
      }
      if (!Double.isNaN(p.crossSimilarity()) && !(p.crossSimilarity() <= translated)) {
        translated = p.crossSimilarity();
      }
    }
    int start = inOrder.get(0).startLine();
    return new SourcePassage(first.collection(), first.path(), start, end, common, text.toString().strip(),
        first.snippet(), first.score(), cosine, first.vectorSpace(), translated,
        parts.stream().map(SourcePassage::crossSpace).filter(s -> !s.isEmpty()).findFirst().orElse(""));
  }

  private static List<String> commonPrefix(List<SourcePassage> parts) {
    List<String> prefix = parts.get(0).headingPath();
    for (SourcePassage p : parts) {
      int n = 0;
      while (n < prefix.size() && n < p.headingPath().size() && prefix.get(n).equals(p.headingPath().get(n))) {
        n++;
      }
      prefix = prefix.subList(0, n);
    }
    return List.copyOf(prefix);
  }
}
