package dev.opsmind.indexer.logs;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.opsmind.indexer.Samples;
import dev.opsmind.indexer.logs.eval.LoghubEvaluation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Parse accuracy on the Loghub sets in ../shared (skipped where absent). The floors sit just
 * under what the default miner measures (bench/README.md), so a change that loses accuracy fails.
 */
class LoghubParseAccuracyTest {
  private static double averageGa(Path root) throws Exception {
    Assumptions.assumeTrue(Files.isDirectory(root), "../shared/data absent: skipping Loghub parse accuracy (" + root + ")");
    List<LoghubEvaluation.SystemResult> results = new ArrayList<>();
    for (Path system : LoghubEvaluation.systems(root)) results.add(LoghubEvaluation.evaluate(system));
    System.out.println(LoghubEvaluation.table(results));
    return results.stream().mapToDouble(r -> r.metrics().ga()).average().orElse(0);
  }

  @Test
  void loghub2k() throws Exception {
    double ga = averageGa(Samples.shared().resolve("data/loghub/loghub-2k"));
    assertTrue(ga >= 0.93, "average GA " + ga);
  }

  @Test
  void loghub2Corrected() throws Exception {
    double ga = averageGa(Samples.shared().resolve("data/loghub/loghub-2.0-2k-corrected/2k_dataset"));
    assertTrue(ga >= 0.925, "average GA " + ga);
  }
}
