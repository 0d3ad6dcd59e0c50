package dev.opsmind.indexer.logs.eval;

import dev.opsmind.indexer.logs.detect.AnalysisOptions;
import dev.opsmind.indexer.logs.detect.AnalysisResult;
import dev.opsmind.indexer.logs.detect.ErrorLines;
import dev.opsmind.indexer.logs.detect.Findings;
import dev.opsmind.indexer.logs.detect.LogAnalysis;
import dev.opsmind.indexer.logs.detect.SessionVerdicts;
import dev.opsmind.indexer.logs.format.LogRecord;
import dev.opsmind.indexer.logs.format.PatternFormat;
import dev.opsmind.indexer.logs.mine.Template;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Anomaly detection against labels, without using them for anything but scoring.
 *
 * <p>HDFS_2k blocks: a block is flagged by a session detector (count invariants, PCA, holding an
 * anomalous template) and by their union, the analysis's verdict. A last row is no detector: the
 * best F1 that any rule deciding on a block's template counts alone could reach (labels used, an
 * upper bound: blocks with equal counts get the same verdict), which says how much this data lets
 * such detectors see.
 *
 * <p>BGL_2k / Thunderbird_2k lines (the label is the line's first field, '-' normal, and is cut
 * off by the header format before analysis): each line-level detector alone — error lines by the
 * level alone (the rule before), error lines that are no dump record (the default), lines of
 * new templates, of bursting templates — and all together (any: an error line or a line of an
 * anomalous template).
 */
public final class AnomalyEvaluation {
  private AnomalyEvaluation() {}

  /** HDFS block scores and what the data holds. */
  public record HdfsResult(List<DetectionScore> scores, int sessions, double linesPerSession, long anomalousSessions,
      long anomaliesLikeANormal,
      int pcaComponents, int invariants) {}

  public static HdfsResult hdfsBlocks(Path hdfsLog, Path blockLabels) throws IOException {
    Map<String, Boolean> labels = new HashMap<>();
    try (BufferedReader in = Files.newBufferedReader(blockLabels, StandardCharsets.UTF_8)) {
      Csv.next(in);
      for (List<String> row; (row = Csv.next(in)) != null; ) if (row.size() >= 2) labels.put(row.get(0), row.get(1).equals("Anomaly"));
    }
    LogAnalysis analysis = run("HDFS", hdfsLog, new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    AnalysisResult result = analysis.finish();
    long anomalies = labels.values().stream().filter(b -> b).count();
    List<DetectionScore> scores = new ArrayList<>();
    for (String detector : List.of(SessionVerdicts.INVARIANTS, SessionVerdicts.PCA, SessionVerdicts.TEMPLATE, "union")) {
      Set<String> flagged = new HashSet<>();
      for (Findings.SessionFinding s : result.sessions()) {
        if (detector.equals("union") || s.detectors().contains(detector)) flagged.add(s.key());
      }
      long tp = flagged.stream().filter(k -> labels.getOrDefault(k, false)).count();
      String name = switch (detector) {
        case SessionVerdicts.INVARIANTS -> "HDFS_2k blocks, invariant mining";
        case SessionVerdicts.PCA -> "HDFS_2k blocks, PCA (TF-IDF, SPE > Q)";
        case SessionVerdicts.TEMPLATE -> "HDFS_2k blocks, anomalous template (new/error/burst)";
        default -> "HDFS_2k blocks, union (default verdict)";
      };
      scores.add(new DetectionScore(name, labels.size(), anomalies, flagged.size(), tp));
    }
    Map<String, Map<Integer, Integer>> counts = analysis.sessionCountsByKey();
    scores.add(bestOnCounts(counts, labels, anomalies));
    Map<Map<Integer, Integer>, Integer> normalsByCounts = new HashMap<>();
    counts.forEach((k, c) -> {
      if (!labels.getOrDefault(k, false)) normalsByCounts.merge(c, 1, Integer::sum);
    });
    long anomalousSessions = counts.keySet().stream().filter(k -> labels.getOrDefault(k, false)).count();
    long alike = counts.entrySet().stream().filter(e -> labels.getOrDefault(e.getKey(), false))
        .filter(e -> normalsByCounts.containsKey(e.getValue())).count();
    long lines = counts.values().stream().mapToLong(c -> c.values().stream().mapToLong(Integer::longValue).sum()).sum();
    return new HdfsResult(scores, counts.size(), counts.isEmpty() ? 0 : (double) lines / counts.size(), anomalousSessions, alike,
        result.pcaComponents(), result.invariantCount());
  }

  /**
   * The best F1 of any verdict that is a function of a block's template counts: blocks grouped by
   * their counts, groups taken in order of their share of anomalies (for F1 = 2TP/(flagged +
   * anomalies) the best set of groups is such a prefix). Blocks that are no session are unflagged.
   */
  static DetectionScore bestOnCounts(Map<String, Map<Integer, Integer>> counts, Map<String, Boolean> labels, long anomalies) {
    Map<Map<Integer, Integer>, long[]> groups = new HashMap<>();
    counts.forEach((k, c) -> {
      long[] g = groups.computeIfAbsent(c, x -> new long[2]);
      g[0]++;
      if (labels.getOrDefault(k, false)) g[1]++;
    });
    List<long[]> ordered = new ArrayList<>(groups.values());
    ordered.sort(Comparator.comparingDouble((long[] g) -> -(double) g[1] / g[0]));
    long flagged = 0, tp = 0, bestFlagged = 0, bestTp = 0;
    double best = 0;
    for (long[] g : ordered) {
      flagged += g[0];
      tp += g[1];
      double f1 = anomalies + flagged == 0 ? 0 : 2.0 * tp / (flagged + anomalies);
      if (f1 > best) {
        best = f1;
        bestFlagged = flagged;
        bestTp = tp;
      }
    }
    return new DetectionScore("HDFS_2k blocks, best possible on template counts (labels used: a bound)", labels.size(), anomalies,
        bestFlagged, bestTp);
  }

  /** Line-level scores of each detector and of their union. */
  public static List<DetectionScore> lines(String system, Path log) throws IOException {
    List<Template> assigned = new ArrayList<>();
    List<Boolean> truth = new ArrayList<>();
    List<Boolean> errors = new ArrayList<>();
    List<Boolean> levelErrors = new ArrayList<>();
    LogAnalysis analysis = run(system, log, assigned, errors, levelErrors);
    for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) truth.add(!line.startsWith("-"));
    AnalysisResult result = analysis.finish();
    List<DetectionScore> out = new ArrayList<>();
    for (String kind : List.of("level", "error", "new", "burst", "any")) {
      Set<Integer> flaggedTemplates = new HashSet<>();
      for (Findings.TemplateFinding f : result.anomalous()) {
        boolean hit = switch (kind) {
          case "new" -> f.isNew();
          case "burst" -> !f.bursts().isEmpty();
          case "any" -> true;
          default -> false;
        };
        if (hit) flaggedTemplates.add(f.id());
      }
      long flagged = 0, tp = 0, anomalies = 0;
      for (int i = 0; i < assigned.size(); i++) {
        boolean isAnomaly = truth.get(i);
        boolean flag = switch (kind) {
          case "level" -> levelErrors.get(i);
          case "error" -> errors.get(i);
          case "any" -> errors.get(i) || flaggedTemplates.contains(assigned.get(i).resolve().id());
          default -> flaggedTemplates.contains(assigned.get(i).resolve().id());
        };
        if (isAnomaly) anomalies++;
        if (flag) flagged++;
        if (flag && isAnomaly) tp++;
      }
      String name = switch (kind) {
        case "level" -> "error lines by level alone (before)";
        case "error" -> "error lines but dump records (default)";
        case "new" -> "lines of new templates";
        case "burst" -> "lines of bursting templates";
        default -> "any (default: error line or anomalous template)";
      };
      out.add(new DetectionScore(system + "_2k lines, " + name, assigned.size(), anomalies, flagged, tp));
    }
    return out;
  }

  private static LogAnalysis run(String system, Path log, List<Template> assigned, List<Boolean> errors, List<Boolean> levelErrors)
      throws IOException {
    PatternFormat format = PatternFormat.compile(system, LoghubFormats.FORMATS.get(system));
    LogAnalysis analysis = new LogAnalysis(AnalysisOptions.DEFAULT, null);
    long n = 0;
    for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
      n++;
      LogRecord r = format.parse(log.getFileName().toString(), n, line);
      if (r == null) r = LogRecord.messageOnly(log.getFileName().toString(), n, line);
      assigned.add(analysis.accept(r));
      errors.add(ErrorLines.isError(r));
      levelErrors.add(ErrorLines.levelSaysError(r));
    }
    return analysis;
  }
}
