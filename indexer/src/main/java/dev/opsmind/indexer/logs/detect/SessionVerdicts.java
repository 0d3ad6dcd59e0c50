package dev.opsmind.indexer.logs.detect;

import dev.opsmind.indexer.logs.detect.Findings.SessionFinding;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which sessions are anomalous: those that break a count invariant learnt from normal sessions
 * (the baseline's, else the window's own, assumed mostly normal), and those holding a template
 * the window flagged (new, error, burst). At most {@link #MAX_REPORTED} are listed.
 */
public record SessionVerdicts(List<SessionFinding> anomalous, int invariants) {
  public static final int MAX_REPORTED = 10_000;
  public static final int MIN_SUPPORT = 10;

  /** One session's counts. */
  public record Input(String key, long lines, LineRef first, Map<Integer, Integer> counts) {}

  public static SessionVerdicts judge(List<Input> sessions, Baseline baseline, Set<Integer> anomalousTemplates) {
    List<Map<Integer, Integer>> learnFrom = baseline != null && !baseline.sessions().isEmpty()
        ? baseline.sessions() : sessions.stream().map(Input::counts).toList();
    Invariants inv = learnFrom.size() >= MIN_SUPPORT ? Invariants.mine(learnFrom, MIN_SUPPORT) : Invariants.mine(List.of(), 1);
    List<SessionFinding> out = new ArrayList<>();
    for (Input s : sessions) {
      List<String> reasons = new ArrayList<>();
      for (Invariants.Invariant i : inv.broken(s.counts())) {
        if (reasons.size() >= 3) break;
        reasons.add("breaks " + i.ratioB() + "·count(T" + i.a() + ") = " + i.ratioA() + "·count(T" + i.b() + ") (held in "
            + i.support() + " sessions): here " + s.counts().getOrDefault(i.a(), 0) + " and " + s.counts().getOrDefault(i.b(), 0));
      }
      for (Integer t : s.counts().keySet()) if (anomalousTemplates.contains(t)) reasons.add("holds anomalous template T" + t);
      if (!reasons.isEmpty()) out.add(new SessionFinding(s.key(), s.lines(), s.first(), reasons));
    }
    out.sort(Comparator.comparingInt((SessionFinding f) -> -f.reasons().size()));
    return new SessionVerdicts(out.size() > MAX_REPORTED ? out.subList(0, MAX_REPORTED) : out, inv.all().size());
  }
}
