package dev.opsmind.server.diagnose;

import dev.opsmind.indexer.logs.detect.AnalysisOptions;
import dev.opsmind.indexer.logs.detect.ErrorLines;
import dev.opsmind.indexer.logs.detect.Findings.TemplateFinding;
import dev.opsmind.indexer.logs.detect.LineRef;
import dev.opsmind.indexer.logs.format.LineFormat;
import dev.opsmind.indexer.logs.format.LogFormats;
import dev.opsmind.indexer.logs.format.LogRecord;
import dev.opsmind.indexer.logs.read.LogInput;
import dev.opsmind.indexer.logs.read.LogReading;
import dev.opsmind.server.answer.SourcePassage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Log lines pasted into a chat question: found (lines a built-in header format reads, at least two
 * of them or one error line), diagnosed, and turned into a source the grounded answer cites
 * ({@code logs/pasted-log}, lines numbered as in the question) plus a search text for runbooks
 * made of the question's own words and the anomalous templates' words.
 */
public record PastedLogs(String searchText, SourcePassage passage, DiagnosisReport report) {
  public static final String COLLECTION = "logs";
  public static final String PATH = "pasted-log";
  private static final int MIN_LINES = 2;

  /** The diagnosis of the log lines in {@code question}, or empty when it carries none. */
  public static Optional<PastedLogs> of(String question) {
    if (question == null || question.isEmpty()) return Optional.empty();
    String[] lines = question.split("\r\n|\r|\n", -1);
    LineFormat auto = LogFormats.builtIn().get(LogFormats.AUTO);
    StringBuilder logText = new StringBuilder();
    StringBuilder rest = new StringBuilder();
    int matched = 0;
    boolean error = false;
    boolean inRecord = false;
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      LogRecord r = auto.parse(PATH, i + 1, line);
      boolean continuation = r == null && inRecord && (line.startsWith(" ") || line.startsWith("\t")
          || line.matches("(?:Caused by:|at |\\.\\.\\. \\d+ more|[\\w.$]+(?:Exception|Error)\\b).*"));
      if (r != null) {
        matched++;
        error |= ErrorLines.isError(r);
        inRecord = true;
        logText.append(line);
      } else if (continuation) {
        logText.append(line);
      } else {
        inRecord = false;
        rest.append(line).append(' ');
      }
      logText.append('\n');
    }
    if (matched < MIN_LINES && !(matched == 1 && error)) return Optional.empty();
    try {
      LogDiagnosis.Outcome outcome = LogDiagnosis.run(List.of(LogInput.bytes(PATH, logText.toString().getBytes(StandardCharsets.UTF_8))),
          auto, null, AnalysisOptions.DEFAULT, LogDiagnosis.Window.ALL, null, () -> false);
      DiagnosisReport report = new Diagnoser(null).diagnose(List.of(PATH), outcome.counts(), outcome.analysis());
      return Optional.of(new PastedLogs(searchText(rest.toString(), report), passage(report), report));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String searchText(String rest, DiagnosisReport report) {
    StringBuilder q = new StringBuilder(rest.strip());
    List<TemplateFinding> top = report.topTemplates().isEmpty() ? report.analysis().templates() : report.topTemplates();
    for (TemplateFinding t : top.subList(0, Math.min(3, top.size()))) q.append(' ').append(RunbookLinks.query(t));
    return q.toString().strip();
  }

  private static SourcePassage passage(DiagnosisReport report) {
    List<LineRef> cited = new ArrayList<>(report.analysis().context());
    for (TemplateFinding t : report.topTemplates()) {
      for (LineRef l : t.examples()) if (cited.stream().noneMatch(c -> c.line() == l.line())) cited.add(l);
    }
    if (cited.isEmpty()) {
      for (TemplateFinding t : report.analysis().templates()) cited.addAll(t.examples());
    }
    cited.sort(java.util.Comparator.comparingLong(LineRef::line));
    StringBuilder text = new StringBuilder("Log diagnosis of the pasted lines. ").append(report.summary()).append('\n')
        .append("Suspected root cause: ").append(report.rootCause()).append('\n');
    for (LineRef l : cited) text.append("line ").append(l.line()).append(": ").append(Diagnoser.firstLine(l.text())).append('\n');
    int start = (int) cited.stream().mapToLong(LineRef::line).min().orElse(1);
    int end = (int) cited.stream().mapToLong(LineRef::line).max().orElse(start);
    return new SourcePassage(COLLECTION, PATH, start, end, List.of("Log diagnosis"), text.toString().strip(),
        Diagnoser.firstLine(report.rootCause()), Double.MAX_VALUE, Double.NaN);
  }

  /** Reading counts of the pasted lines (for tests and logs). */
  public LogReading.Counts counts() {
    return new LogReading.Counts(report.records(), report.lines(), report.unmatchedLines(), 0);
  }
}
