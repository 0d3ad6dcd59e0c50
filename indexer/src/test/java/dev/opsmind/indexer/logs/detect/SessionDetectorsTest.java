package dev.opsmind.indexer.logs.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.opsmind.indexer.logs.format.LogRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The session detectors on crafted template counts: PCA's subspace, invariants' ratios, error lines. */
class SessionDetectorsTest {
  // templates: 1 open, 2 write, 3 close (a write job: open k, write k, close k); 4 read, 5 served (a read job)
  private static List<Map<Integer, Integer>> normalSessions(int n, long seed) {
    Random rnd = new Random(seed);
    List<Map<Integer, Integer>> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int k = 1 + rnd.nextInt(3);
      if (i % 3 == 0) out.add(Map.of(4, k, 5, k));
      else out.add(Map.of(1, k, 2, k + (rnd.nextInt(20) == 0 ? 1 : 0), 3, k)); // one write in 20 retried
    }
    return out;
  }

  @Test
  void pcaFlagsASessionWhoseCountsLeaveTheNormalSubspace() {
    List<Map<Integer, Integer>> normal = normalSessions(300, 7);
    PcaDetector pca = PcaDetector.learn(normal);
    assertNotNull(pca);
    assertTrue(pca.components() >= 1 && pca.components() < 6, "components " + pca.components());
    Map<Integer, Integer> noClose = Map.of(1, 2, 2, 2);
    Map<Integer, Integer> unseen = Map.of(1, 1, 2, 1, 3, 1, 9, 1);
    assertTrue(pca.anomalous(noClose), "SPE " + pca.spe(noClose) + " vs Q " + pca.threshold());
    assertTrue(pca.anomalous(unseen), "SPE " + pca.spe(unseen) + " vs Q " + pca.threshold());
    assertFalse(pca.anomalous(Map.of(1, 2, 2, 2, 3, 2)));
    assertFalse(pca.anomalous(Map.of(4, 3, 5, 3)));
    long falseAlarms = normalSessions(300, 8).stream().filter(pca::anomalous).count();
    assertTrue(falseAlarms <= 20, falseAlarms + " of 300 fresh normal sessions flagged"); // the retried writes at most
    assertNull(PcaDetector.learn(normal.subList(0, PcaDetector.MIN_SESSIONS - 1)), "too few sessions learn nothing");
  }

  @Test
  void qStatisticFallsBackWhereJacksonMudholkarFails() {
    // one residual eigenvalue: h0 = 1 - 2/3 > 0, a finite threshold above θ1
    assertTrue(PcaDetector.qStatistic(1, 1, 1, 10) > 1);
    // a residual spread that makes h0 negative still gives a finite, positive threshold (Box's χ² form)
    double q = PcaDetector.qStatistic(3, 1.2, 1.0, 10);
    assertTrue(Double.isFinite(q) && q > 0, "q " + q);
    assertEquals(1e-8, PcaDetector.qStatistic(0, 0, 0, 10), 1e-12, "no residual variance: any residual above rounding");
  }

  @Test
  void invariantsFlagABrokenRatio() {
    List<Map<Integer, Integer>> sessions = new ArrayList<>();
    for (int k = 1; k <= 30; k++) sessions.add(Map.of(1, k % 4 + 1, 2, 2 * (k % 4 + 1), 3, k % 4 + 1));
    Invariants inv = Invariants.mine(sessions, 10);
    assertTrue(inv.all().stream().anyMatch(i -> i.a() == 1 && i.b() == 3 && i.ratioA() == 1 && i.ratioB() == 1), inv.all().toString());
    assertTrue(inv.all().stream().anyMatch(i -> i.a() == 1 && i.b() == 2 && i.ratioA() == 1 && i.ratioB() == 2), inv.all().toString());
    assertEquals(List.of(), inv.broken(Map.of(1, 3, 2, 6, 3, 3)));
    List<Invariants.Invariant> broken = inv.broken(Map.of(1, 3, 2, 5, 3, 3));
    assertFalse(broken.isEmpty());
    assertTrue(broken.stream().allMatch(i -> i.a() == 2 || i.b() == 2), "only the ratios with the short write count: " + broken);
  }

  @Test
  void eachFlaggedSessionNamesItsDetectors() {
    List<SessionVerdicts.Input> in = new ArrayList<>();
    List<Map<Integer, Integer>> normal = normalSessions(200, 3);
    for (int i = 0; i < normal.size(); i++) in.add(new SessionVerdicts.Input("s" + i, 3, null, normal.get(i)));
    in.add(new SessionVerdicts.Input("broken", 4, null, Map.of(1, 2, 2, 2)));
    in.add(new SessionVerdicts.Input("holds-error", 3, null, Map.of(4, 1, 5, 1, 6, 1)));
    // learnt from a baseline of normal sessions (learnt from the window, the anomaly's own variance can
    // enter a subspace this small: PCA's known weakness to contaminated training data)
    Baseline baseline = new Baseline(List.of(), 0, normalSessions(300, 4));
    SessionVerdicts v = SessionVerdicts.judge(in, baseline, java.util.Set.of(6));
    assertTrue(v.pcaComponents() > 0 && v.invariants() > 0, v.toString());
    Findings.SessionFinding broken = v.anomalous().stream().filter(f -> f.key().equals("broken")).findFirst().orElseThrow();
    assertTrue(broken.detectors().containsAll(List.of(SessionVerdicts.INVARIANTS, SessionVerdicts.PCA)), broken.toString());
    Findings.SessionFinding holds = v.anomalous().stream().filter(f -> f.key().equals("holds-error")).findFirst().orElseThrow();
    assertTrue(holds.detectors().contains(SessionVerdicts.TEMPLATE), holds.toString());
    assertTrue(v.anomalous().size() <= 2 + 15, v.anomalous().size() + " flagged of 202");
  }

  private static LogRecord rec(String level, String message) {
    return new LogRecord("t.log", 1, 1, null, 0, level, null, null, null, null, message);
  }

  @Test
  void errorLevelLinesAreErrorsButDumpRecordsAreNot() {
    assertTrue(ErrorLines.isError(rec("FATAL", "data TLB error interrupt")));
    assertTrue(ErrorLines.isError(rec("ERROR", "Connection refused to db01:5432")));
    assertTrue(ErrorLines.isError(rec("E", "Could not bind socket")));
    assertTrue(ErrorLines.isError(rec("ERROR", "Database connection pool exhausted after 30000 ms")), "no fault word needed");
    assertTrue(ErrorLines.isError(rec("ERROR", "Unexpected Exception:")));
    assertTrue(ErrorLines.isError(rec("ERROR", "status=503 upstream=api-7")), "a value that is no number");
    assertFalse(ErrorLines.isError(rec("FATAL", "r00=0x00000000 r01=0x1f4e r02=0x0")), "a row of registers");
    assertFalse(ErrorLines.isError(rec("FATAL", "size of scratchpad portion of L3.........0 (0M)")));
    assertTrue(ErrorLines.isError(rec("ERROR", "x".repeat(10_000_000))), "a 10 MB line is judged at once");
    assertTrue(ErrorLines.isError(rec("SEVERE", "java.io.IOException: Broken pipe")));
    assertFalse(ErrorLines.isError(rec("FATAL", "instruction address: 0x00004ed8")), "a register of a dump");
    assertFalse(ErrorLines.isError(rec("FATAL", "machine check enable..............0")), "a dump field");
    assertTrue(ErrorLines.levelSaysError(rec("FATAL", "machine check enable..............0")), "the level alone says error");
    assertFalse(ErrorLines.isError(rec("WARN", "retry failed")));
    assertTrue(ErrorLines.isError(rec(null, "Traceback (most recent call last):")));
    assertFalse(ErrorLines.isError(rec(null, "all good")));
  }
}
