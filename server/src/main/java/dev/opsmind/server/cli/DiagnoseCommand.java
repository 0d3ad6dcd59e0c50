package dev.opsmind.server.cli;

import dev.opsmind.indexer.logs.detect.AnalysisOptions;
import dev.opsmind.indexer.logs.detect.Baseline;
import dev.opsmind.indexer.logs.detect.SessionKeys;
import dev.opsmind.indexer.logs.format.LineFormat;
import dev.opsmind.indexer.logs.format.LogFormats;
import dev.opsmind.indexer.logs.read.LogInput;
import dev.opsmind.indexer.logs.store.TemplateStore;
import dev.opsmind.retrieval.KnowledgeIndex;
import dev.opsmind.retrieval.Principal;
import dev.opsmind.retrieval.search.HybridSearcher;
import dev.opsmind.retrieval.search.SearchFilter;
import dev.opsmind.server.answer.KnowledgeRetriever;
import dev.opsmind.server.diagnose.DiagnosisReport;
import dev.opsmind.server.diagnose.Diagnoser;
import dev.opsmind.server.diagnose.LogDiagnosis;
import dev.opsmind.server.diagnose.ReportJson;
import dev.opsmind.server.diagnose.ReportMarkdown;
import dev.opsmind.server.diagnose.RunbookLinks;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code opsmind diagnose FILE...}: log fault diagnosis, progress on stderr, the report on stdout. */
@Command(name = "diagnose", mixinStandardHelpOptions = true,
    description = "Diagnose logs (files, folders, .gz, '-' for stdin): anomalous templates, sessions, the first error, "
        + "the suspected root cause, runbooks from the knowledge index and next steps. Report on stdout, progress on stderr.")
public final class DiagnoseCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "Log files or folders; '-' reads stdin.")
  List<String> files = new ArrayList<>();

  @Option(names = "--baseline", paramLabel = "DIR",
      description = "Normal logs (or a folder with a saved " + TemplateStore.FILE_NAME + ") to compare against; "
          + "default: the first quarter of the window.")
  Path baseline;

  @Option(names = "--save-baseline", paramLabel = "DIR", description = "Save this window's templates as a baseline in DIR.")
  Path saveBaseline;

  @Option(names = "--format", paramLabel = "NAME", defaultValue = LogFormats.AUTO,
      description = "Header format: auto (default), json, journald, klog, syslog, syslog5424, logback, log4j, python, "
          + "python-basic, nginx-error, apache-error, access, or a site pattern given with --pattern.")
  String format;

  @Option(names = "--pattern", paramLabel = "NAME=PATTERN",
      description = "A site format: %%{timestamp} %%{level} ... or <Date> <Level> ... or regex:... (repeatable).")
  java.util.Map<String, String> patterns = new java.util.LinkedHashMap<>();

  @Option(names = "--session-key", paramLabel = "REGEX",
      description = "Session key patterns (repeatable; default: HDFS blocks, OpenStack requests, trace/request ids, pods).")
  List<String> sessionKeys = new ArrayList<>();

  @Option(names = "--since", paramLabel = "TIME", description = "Only records at or after TIME (ISO-8601).")
  String since;

  @Option(names = "--until", paramLabel = "TIME", description = "Only records at or before TIME (ISO-8601).")
  String until;

  @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "markdown", description = "markdown (default) or json.")
  String output;

  @Option(names = "--index", paramLabel = "DIR", description = "Knowledge index for runbooks (default: <opsmind home>/data/index; skipped when absent).")
  Path index;

  @Option(names = "--collection", paramLabel = "C", description = "Runbook collections to search (repeatable; default: all).")
  List<String> collections = new ArrayList<>();

  @Override
  public Integer call() throws IOException {
    if (!output.equals("markdown") && !output.equals("json")) throw new IllegalArgumentException("--output must be markdown or json");
    LineFormat lineFormat = LogFormats.withSite(patterns).get(format);
    AnalysisOptions options = sessionKeys.isEmpty() ? AnalysisOptions.DEFAULT
        : AnalysisOptions.DEFAULT.withSessionKeys(SessionKeys.of(sessionKeys));
    LogDiagnosis.Window window = new LogDiagnosis.Window(instant(since, "--since"), instant(until, "--until"));
    Baseline base = baseline == null ? null : LogDiagnosis.baseline(baseline, lineFormat, options);
    List<LogInput> inputs = LogInput.of(files);
    PrintWriter err = spec.commandLine().getErr();
    ProgressLine progress = new ProgressLine(err, "1".equals(System.getenv("OPSMIND_STDERR_TTY")));
    LogDiagnosis.Outcome outcome = LogDiagnosis.run(inputs, lineFormat, base, options, window, progress::at, () -> false);
    progress.done(outcome.counts());
    if (saveBaseline != null) {
      TemplateStore.save(saveBaseline, outcome.state().asBaseline());
      err.println("saved the window's templates as a baseline in " + TemplateStore.file(saveBaseline));
    }
    Path dir = index != null ? index : IndexLocation.defaultDir();
    DiagnosisReport report;
    if (KnowledgeIndex.inspect(dir).isPresent()) {
      try (KnowledgeIndex knowledge = KnowledgeIndex.openReadOnly(dir)) {
        KnowledgeRetriever retriever = new KnowledgeRetriever(new HybridSearcher(knowledge, null), null, null);
        SearchFilter filter = collections.isEmpty() ? SearchFilter.NONE : SearchFilter.collections(collections.toArray(String[]::new));
        report = new Diagnoser(new RunbookLinks(retriever, Principal.ADMIN, filter))
            .diagnose(inputs.stream().map(LogInput::name).toList(), outcome.counts(), outcome.analysis());
      }
    } else {
      if (index != null) throw new IllegalArgumentException("no knowledge index at " + dir);
      err.println("no knowledge index at " + dir + ": the report has no runbooks");
      report = new Diagnoser(null).diagnose(inputs.stream().map(LogInput::name).toList(), outcome.counts(), outcome.analysis());
    }
    PrintWriter out = spec.commandLine().getOut();
    out.print(output.equals("json") ? ReportJson.of(report).toPrettyString() + "\n" : ReportMarkdown.of(report));
    out.flush();
    return 0;
  }

  static Long instant(String text, String option) {
    if (text == null) return null;
    try {
      return Instant.parse(text).toEpochMilli();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(option + " '" + text + "' is not an ISO-8601 instant like 2024-05-01T00:00:00Z");
    }
  }

  /** The progress line on stderr: redrawn in place on a terminal, a plain line every 5 s otherwise. */
  static final class ProgressLine {
    private final PrintWriter err;
    private final boolean terminal;
    private final long start = System.nanoTime();
    private long lastDraw;

    ProgressLine(PrintWriter err, boolean terminal) {
      this.err = err;
      this.terminal = terminal;
    }

    void at(String input, long records, long lines) {
      long now = System.nanoTime();
      if (now - lastDraw < (terminal ? 100_000_000L : 5_000_000_000L)) return;
      lastDraw = now;
      double secs = Math.max(1e-3, (now - start) / 1e9);
      String text = String.format(Locale.ROOT, "diagnosing %s: %,d records, %,.0f records/s", input, records, records / secs);
      if (terminal) err.print("\r" + text + "\u001b[K");
      else err.println(text);
      err.flush();
    }

    void done(dev.opsmind.indexer.logs.read.LogReading.Counts c) {
      double secs = Math.max(1e-3, (System.nanoTime() - start) / 1e9);
      if (terminal) err.print("\r\u001b[K");
      err.printf(Locale.ROOT, "read %,d lines, %,d records (%,d matched no format, %,d cut at 64 KiB) in %.1f s%n",
          c.lines(), c.records(), c.unmatched(), c.truncated(), secs);
      err.flush();
    }
  }
}
