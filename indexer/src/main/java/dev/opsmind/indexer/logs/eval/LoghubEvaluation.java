package dev.opsmind.indexer.logs.eval;

import dev.opsmind.indexer.logs.format.LogRecord;
import dev.opsmind.indexer.logs.format.PatternFormat;
import dev.opsmind.indexer.logs.mine.LineMiner;
import dev.opsmind.indexer.logs.mine.Template;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Parse accuracy on a Loghub-layout folder: one sub-folder per system holding
 * {@code <System>_2k.log} and its ground truth {@code <System>_2k.log_structured.csv} (the
 * {@code _structured_corrected.csv} of Loghub-2.0's corrected set when present). Each system's
 * lines are read through its Loghub header format and mined in one pass with the default miner.
 */
public final class LoghubEvaluation {
  private LoghubEvaluation() {}

  /** One system's result; {@code contentMismatches} counts lines whose parsed message differs from the CSV's. */
  public record SystemResult(String system, ParseMetrics metrics, int contentMismatches, long nanos) {}

  /** The systems found under {@code root}, in name order; an empty list when none. */
  public static List<Path> systems(Path root) throws IOException {
    if (!Files.isDirectory(root)) throw new IllegalArgumentException("not a folder: " + root);
    try (Stream<Path> dirs = Files.list(root)) {
      return dirs.filter(Files::isDirectory).filter(d -> structured(d) != null).sorted().toList();
    }
  }

  static Path structured(Path dir) {
    String name = dir.getFileName().toString();
    Path corrected = dir.resolve(name + "_2k.log_structured_corrected.csv");
    if (Files.isRegularFile(corrected)) return corrected;
    Path plain = dir.resolve(name + "_2k.log_structured.csv");
    return Files.isRegularFile(plain) && Files.isRegularFile(dir.resolve(name + "_2k.log")) ? plain : null;
  }

  public static SystemResult evaluate(Path systemDir) throws IOException {
    String system = systemDir.getFileName().toString();
    Path csv = structured(systemDir);
    if (csv == null) throw new IllegalArgumentException("no " + system + "_2k.log and structured CSV in " + systemDir);
    List<String> truthContent = new ArrayList<>();
    List<String> truthTemplate = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
      List<String> header = Csv.next(in);
      int content = header.indexOf("Content");
      int template = header.indexOf("EventTemplate");
      if (content < 0 || template < 0) throw new IllegalArgumentException(csv + " has no Content and EventTemplate columns");
      for (List<String> row; (row = Csv.next(in)) != null; ) {
        if (row.size() <= Math.max(content, template)) continue;
        truthContent.add(row.get(content));
        truthTemplate.add(row.get(template));
      }
    }
    String spec = LoghubFormats.FORMATS.get(system);
    PatternFormat format = spec == null ? null : PatternFormat.compile(system, spec);
    List<String> raw = Files.readAllLines(systemDir.resolve(system + "_2k.log"), StandardCharsets.UTF_8);
    int n = Math.min(raw.size(), truthTemplate.size());
    long start = System.nanoTime();
    LineMiner miner = new LineMiner();
    Template[] assigned = new Template[n];
    int mismatches = 0;
    for (int i = 0; i < n; i++) {
      String line = raw.get(i);
      LogRecord r = format == null ? null : format.parse(system, i + 1, line);
      String message = r == null ? line : r.message();
      if (!message.strip().equals(truthContent.get(i).strip())) mismatches++;
      assigned[i] = miner.mine(message);
    }
    long nanos = System.nanoTime() - start;
    int[] groups = new int[n];
    List<String> templates = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      assigned[i] = assigned[i].resolve();
      groups[i] = assigned[i].id();
      templates.add(assigned[i].text());
    }
    return new SystemResult(system, ParseMetrics.of(truthTemplate.subList(0, n), groups, templates), mismatches, nanos);
  }

  /** A Markdown table of the results with their average. */
  public static String table(List<SystemResult> results) {
    StringBuilder out = new StringBuilder("| system | lines | true groups | groups | GA | FGA | PA | FTA |\n"
        + "|---|---:|---:|---:|---:|---:|---:|---:|\n");
    double ga = 0, fga = 0, pa = 0, fta = 0;
    for (SystemResult r : results) {
      ParseMetrics m = r.metrics();
      out.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %.3f | %.3f | %.3f | %.3f |%n", r.system(), m.lines(),
          m.trueGroups(), m.predictedGroups(), m.ga(), m.fga(), m.pa(), m.fta()));
      ga += m.ga();
      fga += m.fga();
      pa += m.pa();
      fta += m.fta();
    }
    int k = Math.max(1, results.size());
    out.append(String.format(Locale.ROOT, "| **average** (%d systems) | | | | **%.3f** | **%.3f** | **%.3f** | **%.3f** |%n",
        results.size(), ga / k, fga / k, pa / k, fta / k));
    return out.toString();
  }
}
