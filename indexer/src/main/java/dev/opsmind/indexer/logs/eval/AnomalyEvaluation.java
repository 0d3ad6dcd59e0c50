package dev.opsmind.indexer.logs.eval;

import dev.opsmind.indexer.logs.detect.AnalysisOptions;
import dev.opsmind.indexer.logs.detect.AnalysisResult;
import dev.opsmind.indexer.logs.detect.ErrorLines;
import dev.opsmind.indexer.logs.detect.Findings;
import dev.opsmind.indexer.logs.detect.LogAnalysis;
import dev.opsmind.indexer.logs.format.LogRecord;
import dev.opsmind.indexer.logs.format.PatternFormat;
import dev.opsmind.indexer.logs.mine.Template;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Anomaly detection against labels, without using them for anything but scoring: HDFS_2k blocks
 * (a block is flagged when the analysis lists its session) and BGL_2k / Thunderbird_2k lines (a
 * line is flagged when it is an error line or its template is anomalous; the label is the line's
 * first field, '-' normal, and is cut off by the header format before analysis). Each line-level
 * detector is scored alone (error: the line is an error line; new: its template is new; burst:
 * its template bursts) and all together (any: the line is an error or its template anomalous).
 */
public final class AnomalyEvaluation {
  private AnomalyEvaluation() {}

  public static DetectionScore hdfsBlocks(Path hdfsLog, Path blockLabels) throws IOException {
    Map<String, Boolean> labels = new HashMap<>();
    try (BufferedReader in = Files.newBufferedReader(blockLabels, StandardCharsets.UTF_8)) {
      Csv.next(in);
      for (List<String> row; (row = Csv.next(in)) != null; ) if (row.size() >= 2) labels.put(row.get(0), row.get(1).equals("Anomaly"));
    }
    LogAnalysis analysis = run("HDFS", hdfsLog, new ArrayList<>(), new ArrayList<>());
    AnalysisResult result = analysis.finish();
    Set<String> flagged = new HashSet<>();
    for (Findings.SessionFinding s : result.sessions()) flagged.add(s.key());
    long anomalies = labels.values().stream().filter(b -> b).count();
    long tp = flagged.stream().filter(k -> labels.getOrDefault(k, false)).count();
    return new DetectionScore("HDFS_2k blocks", labels.size(), anomalies, flagged.size(), tp);
  }

  /** Line-level scores of each detector (error lines, new templates, bursts) and of their union. */
  public static List<DetectionScore> lines(String system, Path log) throws IOException {
    List<Template> assigned = new ArrayList<>();
    List<Boolean> truth = new ArrayList<>();
    List<Boolean> errors = new ArrayList<>();
    LogAnalysis analysis = run(system, log, assigned, errors);
    for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) truth.add(!line.startsWith("-"));
    AnalysisResult result = analysis.finish();
    List<DetectionScore> out = new ArrayList<>();
    for (String kind : List.of("error", "new", "burst", "any")) {
      Set<Integer> flaggedTemplates = new HashSet<>();
      for (Findings.TemplateFinding f : result.anomalous()) {
        boolean hit = switch (kind) {
          case "error" -> f.error();
          case "new" -> f.isNew();
          case "burst" -> !f.bursts().isEmpty();
          default -> true;
        };
        if (hit) flaggedTemplates.add(f.id());
      }
      long flagged = 0, tp = 0, anomalies = 0;
      for (int i = 0; i < assigned.size(); i++) {
        boolean isAnomaly = truth.get(i);
        boolean flag = kind.equals("error") || kind.equals("any") ? errors.get(i) : false;
        flag |= flaggedTemplates.contains(assigned.get(i).resolve().id()) && !kind.equals("error");
        if (isAnomaly) anomalies++;
        if (flag) flagged++;
        if (flag && isAnomaly) tp++;
      }
      out.add(new DetectionScore(system + "_2k lines, " + kind, assigned.size(), anomalies, flagged, tp));
    }
    return out;
  }

  private static LogAnalysis run(String system, Path log, List<Template> assigned, List<Boolean> errors) throws IOException {
    PatternFormat format = PatternFormat.compile(system, LoghubFormats.FORMATS.get(system));
    LogAnalysis analysis = new LogAnalysis(AnalysisOptions.DEFAULT, null);
    long n = 0;
    for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
      n++;
      LogRecord r = format.parse(log.getFileName().toString(), n, line);
      if (r == null) r = LogRecord.messageOnly(log.getFileName().toString(), n, line);
      assigned.add(analysis.accept(r));
      errors.add(ErrorLines.isError(r));
    }
    return analysis;
  }
}
