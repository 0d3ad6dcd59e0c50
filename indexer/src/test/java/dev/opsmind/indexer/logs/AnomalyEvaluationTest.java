package dev.opsmind.indexer.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.opsmind.indexer.Samples;
import dev.opsmind.indexer.logs.eval.AnomalyEvaluation;
import dev.opsmind.indexer.logs.eval.DetectionScore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Anomaly detection against the labels in ../shared (skipped, saying so, where absent). The
 * floors sit just under what the default detectors measure (bench/README.md, "Anomalies").
 */
class AnomalyEvaluationTest {
  private static Path loghub2k() {
    Path dir = Samples.shared().resolve("data/loghub/loghub-2k");
    Assumptions.assumeTrue(Files.isDirectory(dir), "../shared/data absent: skipping anomaly scores (" + dir + ")");
    return dir;
  }

  private static DetectionScore named(List<DetectionScore> scores, String part) {
    return scores.stream().filter(s -> s.name().contains(part)).findFirst().orElseThrow(() -> new AssertionError("no " + part));
  }

  @Test
  void hdfsBlocks() throws Exception {
    Path labels = Samples.shared().resolve("data/loghub/hdfs-2k-block-labels/HDFS_2k_block_labels.csv");
    Assumptions.assumeTrue(Files.isRegularFile(labels), "HDFS block labels absent: skipping (" + labels + ")");
    AnomalyEvaluation.HdfsResult r = AnomalyEvaluation.hdfsBlocks(loghub2k().resolve("HDFS/HDFS_2k.log"), labels);
    r.scores().forEach(s -> System.out.println(s.row()));
    DetectionScore union = named(r.scores(), "union");
    DetectionScore pca = named(r.scores(), "PCA");
    DetectionScore bound = named(r.scores(), "best possible");
    assertEquals(2200, union.items());
    assertEquals(69, union.anomalies());
    assertTrue(pca.truePositives() >= 6 && pca.precision() >= 0.6, pca.row());
    assertTrue(union.f1() >= 0.15, union.row());
    // no detector that sees only template counts can beat the bound; it is why F1 0.92 is out of reach here
    for (DetectionScore s : r.scores()) assertTrue(s.f1() <= bound.f1() + 1e-9, s.row() + " above " + bound.row());
    assertTrue(bound.f1() < 0.2, bound.row());
    assertTrue(r.linesPerSession() < 1.01 && r.anomaliesLikeANormal() >= 60, r.toString());
  }

  @Test
  void bglLines() throws Exception {
    List<DetectionScore> scores = AnomalyEvaluation.lines("BGL", loghub2k().resolve("BGL/BGL_2k.log"));
    scores.forEach(s -> System.out.println(s.row()));
    DetectionScore before = named(scores, "level alone");
    DetectionScore error = named(scores, "but dump records");
    assertEquals(143, error.anomalies());
    assertEquals(1.0, error.recall(), 1e-9, error.row());
    assertTrue(error.precision() >= 0.50 && error.precision() > before.precision() + 0.1, error.row() + " vs " + before.row());
    assertEquals(1.0, named(scores, "any").recall(), 1e-9);
  }

  @Test
  void thunderbirdLinesHaveNoErrorFalseAlarms() throws Exception {
    List<DetectionScore> scores = AnomalyEvaluation.lines("Thunderbird", loghub2k().resolve("Thunderbird/Thunderbird_2k.log"));
    scores.forEach(s -> System.out.println(s.row()));
    assertEquals(0, named(scores, "but dump records").anomalies(), "Thunderbird_2k holds no alert line");
    assertEquals(0, named(scores, "but dump records").flagged());
  }
}
