package dev.opsmind.indexer.logs.detect;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Invariant mining over sessions' template counts, in its pairwise form: {@code b·count(A) =
 * a·count(B)} for small a, b (1..3), kept when it holds in at least {@code 95%} of the sessions
 * that hold A or B and at least {@code minSupport} of them. Learnt from sessions assumed mostly
 * normal (a baseline, or the window itself); a session that breaks one is anomalous.
 */
public final class Invariants {
  public static final double HOLDS = 0.95;
  private static final int[][] RATIOS = {{1, 1}, {1, 2}, {2, 1}, {1, 3}, {3, 1}};

  /** One invariant: ratioB·count(a) == ratioA·count(b). */
  public record Invariant(int a, int b, int ratioA, int ratioB, int support) {
    public boolean holds(Map<Integer, Integer> counts) {
      int ca = counts.getOrDefault(a, 0);
      int cb = counts.getOrDefault(b, 0);
      return (ca == 0 && cb == 0) || (long) ca * ratioB == (long) cb * ratioA;
    }
  }

  private final List<Invariant> invariants;

  private Invariants(List<Invariant> invariants) {
    this.invariants = List.copyOf(invariants);
  }

  public List<Invariant> all() {
    return invariants;
  }

  public static Invariants mine(List<Map<Integer, Integer>> sessions, int minSupport) {
    TreeSet<Integer> templates = new TreeSet<>();
    for (Map<Integer, Integer> s : sessions) templates.addAll(s.keySet());
    List<Integer> ids = new ArrayList<>(templates);
    List<Invariant> found = new ArrayList<>();
    if (ids.size() > 400) ids = ids.subList(0, 400);
    for (int i = 0; i < ids.size(); i++) {
      for (int j = i + 1; j < ids.size(); j++) {
        int a = ids.get(i);
        int b = ids.get(j);
        int both = 0;
        int[] ok = new int[RATIOS.length];
        for (Map<Integer, Integer> s : sessions) {
          int ca = s.getOrDefault(a, 0);
          int cb = s.getOrDefault(b, 0);
          if (ca == 0 && cb == 0) continue;
          both++;
          for (int r = 0; r < RATIOS.length; r++) if ((long) ca * RATIOS[r][1] == (long) cb * RATIOS[r][0]) ok[r]++;
        }
        if (both < minSupport) continue;
        for (int r = 0; r < RATIOS.length; r++) {
          if (ok[r] >= HOLDS * both && ok[r] >= minSupport) {
            found.add(new Invariant(a, b, RATIOS[r][0], RATIOS[r][1], ok[r]));
            break;
          }
        }
      }
    }
    return new Invariants(found);
  }

  /** The invariants a session breaks (empty when none). */
  public List<Invariant> broken(Map<Integer, Integer> counts) {
    List<Invariant> out = new ArrayList<>();
    for (Invariant inv : invariants) if (!inv.holds(counts)) out.add(inv);
    return out;
  }
}
