package dev.opsmind.server.cli;

import dev.opsmind.indexer.logs.eval.LoghubEvaluation;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code opsmind eval-logparse DIR}: GA, FGA, PA and FTA per system of a Loghub-layout folder. */
@Command(name = "eval-logparse", mixinStandardHelpOptions = true,
    description = "Parse each system of a Loghub-layout folder (System/System_2k.log + ground-truth CSV) with the "
        + "default miner and print GA, FGA, PA, FTA per system and on average (Markdown).")
public final class EvalLogparseCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "DIR", description = "Loghub-layout folder, e.g. ../shared/data/loghub/loghub-2k.")
  Path dir;

  @Option(names = "--hdfs-labels", paramLabel = "FILE",
      description = "Also score anomaly detection (as eval-anomalies does): HDFS blocks against this BlockId,Label CSV, and BGL/Thunderbird lines by their labels.")
  Path hdfsLabels;

  @Override
  public Integer call() throws IOException {
    List<Path> systems = LoghubEvaluation.systems(dir);
    if (systems.isEmpty()) throw new IllegalArgumentException("no Loghub systems (System/System_2k.log + structured CSV) in " + dir);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<LoghubEvaluation.SystemResult> results = new ArrayList<>();
    for (Path system : systems) {
      LoghubEvaluation.SystemResult r = LoghubEvaluation.evaluate(system);
      results.add(r);
      err.printf(Locale.ROOT, "%s: GA %.3f (%.0f ms)%s%n", r.system(), r.metrics().ga(), r.nanos() / 1e6,
          r.contentMismatches() > 0 ? ", " + r.contentMismatches() + " lines' header parse differs from the CSV" : "");
      err.flush();
    }
    out.print(LoghubEvaluation.table(results));
    if (hdfsLabels != null) {
      out.println();
      EvalAnomaliesCommand.print(dir, hdfsLabels, out);
    }
    out.flush();
    return 0;
  }
}
