package dev.opsmind.server.diagnose;

import dev.opsmind.indexer.logs.detect.AnalysisResult;
import dev.opsmind.indexer.logs.detect.Findings.TemplateFinding;
import dev.opsmind.indexer.logs.detect.LineRef;
import dev.opsmind.indexer.logs.read.LogReading;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Turns an analysis into a report: picks the top anomalous templates and sessions, links runbooks
 * (when a knowledge base is at hand) and writes the summary and the suspected root cause from the
 * analysis alone: the earliest error template (else the earliest new one) is the suspect, since
 * in a failure cascade the first anomaly is the likeliest cause of the later ones.
 */
public final class Diagnoser {
  public static final int TOP_TEMPLATES = 10;
  public static final int TOP_SESSIONS = 10;

  private final RunbookLinks links;

  /** {@code links} may be null: the report then has no runbooks. */
  public Diagnoser(RunbookLinks links) {
    this.links = links;
  }

  public DiagnosisReport diagnose(List<String> inputs, LogReading.Counts counts, AnalysisResult analysis) {
    List<TemplateFinding> anomalous = analysis.anomalous();
    List<TemplateFinding> top = anomalous.subList(0, Math.min(TOP_TEMPLATES, anomalous.size()));
    RunbookLinks.Links found = links == null || top.isEmpty() ? new RunbookLinks.Links(List.of(), List.of()) : links.find(top);
    return new DiagnosisReport(inputs, counts.lines(), counts.records(), counts.unmatched(), summary(counts, analysis),
        rootCause(analysis), false, analysis, top,
        analysis.sessions().subList(0, Math.min(TOP_SESSIONS, analysis.sessions().size())), found.citations(), found.steps());
  }

  static String summary(LogReading.Counts counts, AnalysisResult a) {
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "Read %d records (%d lines)", counts.records(), counts.lines()));
    if (a.timed()) s.append(" from ").append(time(a.startMillis())).append(" to ").append(time(a.endMillis()));
    s.append(". ");
    List<TemplateFinding> anomalous = a.anomalous();
    long errors = anomalous.stream().filter(TemplateFinding::error).count();
    long fresh = anomalous.stream().filter(TemplateFinding::isNew).count();
    long bursting = anomalous.stream().filter(t -> !t.bursts().isEmpty()).count();
    s.append(String.format(Locale.ROOT, "%d of %d templates are anomalous: %d with error lines (%d error lines in all), "
        + "%d new %s, %d bursting.", anomalous.size(), a.templates().size(), errors, a.errorLines(), fresh,
        a.baselineGiven() ? "against the baseline" : "after the first quarter of the window", bursting));
    if (a.sessionCount() > 0) {
      s.append(String.format(Locale.ROOT, " %d of %d sessions are anomalous (%d invariants learnt, PCA normal subspace of %d dimensions).",
          a.sessions().size(), a.sessionCount(), a.invariantCount(), a.pcaComponents()));
    }
    if (a.firstError() != null) s.append(" First error at ").append(a.firstError().citation()).append('.');
    return s.toString();
  }

  static String rootCause(AnalysisResult a) {
    Comparator<TemplateFinding> earliest = Comparator.comparingLong((TemplateFinding t) -> order(t.first()));
    TemplateFinding suspect = a.anomalous().stream().filter(TemplateFinding::error).min(earliest)
        .or(() -> a.anomalous().stream().filter(TemplateFinding::isNew).min(earliest))
        .or(() -> a.anomalous().stream().min(earliest)).orElse(null);
    if (suspect == null) return "No anomaly found: every template was seen before, no error lines, no bursts.";
    String kind = suspect.error() ? "the earliest template with error lines" : suspect.isNew() ? "the earliest new template"
        : "the earliest bursting template";
    return String.format(Locale.ROOT, "T%d \"%s\" is %s: first at %s (\"%s\"), %d line(s) in the window.", suspect.id(),
        suspect.template(), kind, suspect.first().citation(), firstLine(suspect.first().text()), suspect.count());
  }

  private static long order(LineRef ref) {
    return ref.epochMillis() != Long.MIN_VALUE ? ref.epochMillis() : ref.line();
  }

  static String firstLine(String text) {
    int nl = text.indexOf('\n');
    String t = nl < 0 ? text : text.substring(0, nl);
    return t.length() > 200 ? t.substring(0, 199) + "…" : t;
  }

  static String time(long millis) {
    return Instant.ofEpochMilli(millis).toString();
  }
}
