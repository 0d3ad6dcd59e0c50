package dev.opsmind.indexer.logs.detect;

import dev.opsmind.indexer.logs.detect.Findings.SessionFinding;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which sessions are anomalous, by three detectors whose union is the verdict: count
 * {@link Invariants} and {@link PcaDetector PCA} over template counts, both learnt from normal
 * sessions (the baseline's, else the window's own, assumed mostly normal), and holding a template
 * the window flagged (new, error, burst). At most {@link #MAX_REPORTED} are listed, those with
 * most reasons first.
 */
public record SessionVerdicts(List<SessionFinding> anomalous, int invariants, int pcaComponents) {
  public static final int MAX_REPORTED = 10_000;
  public static final int MIN_SUPPORT = 10;
  public static final String INVARIANTS = "invariants";
  public static final String PCA = "pca";
  public static final String TEMPLATE = "template";

  /** One session's counts. */
  public record Input(String key, long lines, LineRef first, Map<Integer, Integer> counts) {}

  public static SessionVerdicts judge(List<Input> sessions, Baseline baseline, Set<Integer> anomalousTemplates) {
    List<Map<Integer, Integer>> learnFrom = baseline != null && !baseline.sessions().isEmpty()
        ? baseline.sessions() : sessions.stream().map(Input::counts).toList();
    Invariants inv = learnFrom.size() >= MIN_SUPPORT ? Invariants.mine(learnFrom, MIN_SUPPORT) : Invariants.mine(List.of(), 1);
    PcaDetector pca = PcaDetector.learn(learnFrom);
    List<SessionFinding> out = new ArrayList<>();
    for (Input s : sessions) {
      List<String> reasons = new ArrayList<>();
      List<String> detectors = new ArrayList<>();
      for (Invariants.Invariant i : inv.broken(s.counts())) {
        if (reasons.size() >= 3) break;
        reasons.add("breaks " + i.ratioB() + "·count(T" + i.a() + ") = " + i.ratioA() + "·count(T" + i.b() + ") (held in "
            + i.support() + " sessions): here " + s.counts().getOrDefault(i.a(), 0) + " and " + s.counts().getOrDefault(i.b(), 0));
      }
      if (!reasons.isEmpty()) detectors.add(INVARIANTS);
      if (pca != null) {
        double spe = pca.spe(s.counts());
        if (spe > pca.threshold()) {
          detectors.add(PCA);
          reasons.add(String.format(Locale.ROOT, "template counts leave the normal subspace: SPE %.3g > Q %.3g (%d components, α %s)",
              spe, pca.threshold(), pca.components(), PcaDetector.ALPHA));
        }
      }
      boolean holds = false;
      for (Integer t : s.counts().keySet()) {
        if (anomalousTemplates.contains(t)) {
          reasons.add("holds anomalous template T" + t);
          holds = true;
        }
      }
      if (holds) detectors.add(TEMPLATE);
      if (!reasons.isEmpty()) out.add(new SessionFinding(s.key(), s.lines(), s.first(), reasons, detectors));
    }
    out.sort(Comparator.comparingInt((SessionFinding f) -> -f.reasons().size()));
    return new SessionVerdicts(out.size() > MAX_REPORTED ? out.subList(0, MAX_REPORTED) : out, inv.all().size(),
        pca == null ? 0 : pca.components());
  }
}
