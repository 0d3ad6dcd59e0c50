package dev.opsmind.indexer.logs;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.opsmind.indexer.Samples;
import dev.opsmind.indexer.logs.eval.LoghubEvaluation;
import dev.opsmind.indexer.logs.eval.ParseMetrics;
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
  private static List<LoghubEvaluation.SystemResult> evaluate(Path root) throws Exception {
    Assumptions.assumeTrue(Files.isDirectory(root), "../shared/data absent: skipping Loghub parse accuracy (" + root + ")");
    List<LoghubEvaluation.SystemResult> results = new ArrayList<>();
    for (Path system : LoghubEvaluation.systems(root)) results.add(LoghubEvaluation.evaluate(system));
    System.out.println(LoghubEvaluation.table(results));
    return results;
  }

  private static double average(List<LoghubEvaluation.SystemResult> results, java.util.function.ToDoubleFunction<ParseMetrics> metric) {
    return results.stream().mapToDouble(r -> metric.applyAsDouble(r.metrics())).average().orElse(0);
  }

  @Test
  void loghub2k() throws Exception {
    List<LoghubEvaluation.SystemResult> results = evaluate(Samples.shared().resolve("data/loghub/loghub-2k"));
    double ga = average(results, ParseMetrics::ga);
    double pa = average(results, ParseMetrics::pa);
    assertTrue(ga >= 0.965, "average GA " + ga);
    assertTrue(pa >= 0.84, "average PA " + pa);
  }

  @Test
  void loghub2Corrected() throws Exception {
    List<LoghubEvaluation.SystemResult> results = evaluate(Samples.shared().resolve("data/loghub/loghub-2.0-2k-corrected/2k_dataset"));
    double ga = average(results, ParseMetrics::ga);
    double fga = average(results, ParseMetrics::fga);
    assertTrue(ga >= 0.965, "average GA " + ga);
    assertTrue(fga >= 0.935, "average FGA " + fga);
  }
}
