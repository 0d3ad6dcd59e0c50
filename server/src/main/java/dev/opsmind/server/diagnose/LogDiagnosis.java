package dev.opsmind.server.diagnose;

import dev.opsmind.indexer.logs.detect.AnalysisOptions;
import dev.opsmind.indexer.logs.detect.AnalysisResult;
import dev.opsmind.indexer.logs.detect.Baseline;
import dev.opsmind.indexer.logs.detect.LogAnalysis;
import dev.opsmind.indexer.logs.format.LineFormat;
import dev.opsmind.indexer.logs.format.LogRecord;
import dev.opsmind.indexer.logs.read.LogInput;
import dev.opsmind.indexer.logs.read.LogReading;
import dev.opsmind.indexer.logs.store.TemplateStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * One diagnosis run over log inputs, streaming: read (format, multi-line), keep the records in the
 * time window (records without a time are kept), analyse against a baseline. With two cores or
 * more, reading and parsing run on one thread and the analysis on another. Cancellable between
 * records; memory bounded by templates and sessions, not lines.
 */
public final class LogDiagnosis {
  private LogDiagnosis() {}

  /** A time window; either end may be null (open). */
  public record Window(Long sinceMillis, Long untilMillis) {
    public static final Window ALL = new Window(null, null);

    public Window {
      if (sinceMillis != null && untilMillis != null && sinceMillis > untilMillis) {
        throw new IllegalArgumentException("the window's since is after its until");
      }
    }

    boolean contains(LogRecord r) {
      if (!r.hasTime()) return true;
      return (sinceMillis == null || r.epochMillis() >= sinceMillis) && (untilMillis == null || r.epochMillis() <= untilMillis);
    }
  }

  /** What a run read and found; {@code state} can still give the window as a baseline. */
  public record Outcome(LogReading.Counts counts, AnalysisResult analysis, LogAnalysis state) {}

  public static Outcome run(List<LogInput> inputs, LineFormat format, Baseline baseline, AnalysisOptions options,
      Window window, LogReading.Progress progress, BooleanSupplier cancelled) throws IOException {
    if (inputs.isEmpty()) throw new IllegalArgumentException("no log input to diagnose");
    LogAnalysis analysis = new LogAnalysis(options, baseline);
    java.util.function.Consumer<LogRecord> sink = r -> {
      if (window.contains(r)) analysis.accept(r);
    };
    // Two cores or more: parsing, session keys and error flags on this thread, mining and
    // detection on a second one (the split that balanced the two best, bench/README.md).
    LogReading.Counts counts = Runtime.getRuntime().availableProcessors() >= 2
        ? LogReading.readPipelined(inputs, format, r -> window.contains(r) ? analysis.prepare(r) : null,
            analysis::accept, progress, cancelled)
        : LogReading.read(inputs, format, sink, progress, cancelled);
    return new Outcome(counts, analysis.finish(), analysis);
  }

  /**
   * A baseline folder: its template store when it has one ({@value TemplateStore#FILE_NAME}), else
   * the logs in it, mined now (a collection of normal logs).
   */
  public static Baseline baseline(Path dir, LineFormat format, AnalysisOptions options) throws IOException {
    if (!Files.isDirectory(dir)) throw new IllegalArgumentException("baseline is not a folder: " + dir);
    if (TemplateStore.exists(dir)) return TemplateStore.load(dir);
    List<LogInput> inputs = LogInput.of(List.of(dir.toString())).stream()
        .filter(i -> !i.name().endsWith(TemplateStore.FILE_NAME)).toList();
    if (inputs.isEmpty()) throw new IllegalArgumentException("baseline folder " + dir + " holds no logs and no template store");
    LogAnalysis analysis = new LogAnalysis(options, null);
    LogReading.read(inputs, format, analysis::accept, null, () -> false);
    return analysis.asBaseline();
  }
}
