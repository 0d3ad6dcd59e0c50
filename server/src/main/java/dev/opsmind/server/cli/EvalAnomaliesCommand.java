package dev.opsmind.server.cli;

import dev.opsmind.indexer.logs.eval.AnomalyEvaluation;
import dev.opsmind.indexer.logs.eval.DetectionScore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code opsmind eval-anomalies DIR}: anomaly detection against Loghub's labels — HDFS blocks per
 * session detector (invariants, PCA, anomalous template, their union, and the bound of any
 * detector on template counts) and BGL/Thunderbird lines per line detector. Labels only score.
 */
@Command(name = "eval-anomalies", mixinStandardHelpOptions = true,
    description = "Score the default anomaly detectors against labels on a Loghub-2k folder: HDFS_2k blocks against a "
        + "BlockId,Label CSV, BGL_2k and Thunderbird_2k lines against their inline labels (Markdown tables).")
public final class EvalAnomaliesCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "DIR", description = "Loghub-2k folder, e.g. ../shared/data/loghub/loghub-2k.")
  Path dir;

  @Option(names = "--hdfs-labels", paramLabel = "FILE",
      description = "BlockId,Label CSV of the HDFS_2k blocks (default: DIR/../hdfs-2k-block-labels/HDFS_2k_block_labels.csv when present).")
  Path hdfsLabels;

  @Override
  public Integer call() throws IOException {
    Path labels = hdfsLabels != null ? hdfsLabels : dir.toAbsolutePath().getParent() == null ? null
        : dir.toAbsolutePath().getParent().resolve("hdfs-2k-block-labels/HDFS_2k_block_labels.csv");
    if (hdfsLabels != null && !Files.isRegularFile(hdfsLabels)) throw new IllegalArgumentException("no such labels file: " + hdfsLabels);
    if (labels != null && !Files.isRegularFile(labels)) labels = null;
    PrintWriter out = spec.commandLine().getOut();
    if (print(dir, labels, out) == 0) {
      throw new IllegalArgumentException("nothing to score in " + dir + " (needs HDFS/HDFS_2k.log with labels, BGL/BGL_2k.log or "
          + "Thunderbird/Thunderbird_2k.log)");
    }
    out.flush();
    return 0;
  }

  /** Prints the tables for what DIR holds; returns how many data sets were scored. */
  static int print(Path dir, Path hdfsLabels, PrintWriter out) throws IOException {
    int scored = 0;
    Path hdfs = dir.resolve("HDFS/HDFS_2k.log");
    if (hdfsLabels != null && Files.isRegularFile(hdfs)) {
      AnomalyEvaluation.HdfsResult r = AnomalyEvaluation.hdfsBlocks(hdfs, hdfsLabels);
      out.printf(Locale.ROOT, "HDFS_2k: %d sessions (blocks keyed by their line's first block id), %.3f lines each; %d of the %d "
          + "anomalous ones have the template counts of a normal block; PCA normal subspace %d dimensions, %d invariants.%n%n",
          r.sessions(), r.linesPerSession(), r.anomaliesLikeANormal(), r.anomalousSessions(), r.pcaComponents(), r.invariants());
      out.print(DetectionScore.header());
      r.scores().forEach(s -> out.println(s.row()));
      out.println();
      scored++;
    }
    boolean header = false;
    for (String system : List.of("BGL", "Thunderbird")) {
      Path log = dir.resolve(system + "/" + system + "_2k.log");
      if (!Files.isRegularFile(log)) continue;
      if (!header) out.print(DetectionScore.header());
      header = true;
      AnomalyEvaluation.lines(system, log).forEach(s -> out.println(s.row()));
      scored++;
    }
    return scored;
  }
}
