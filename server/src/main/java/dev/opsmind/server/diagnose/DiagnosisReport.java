package dev.opsmind.server.diagnose;

import dev.opsmind.indexer.logs.detect.AnalysisResult;
import dev.opsmind.indexer.logs.detect.Findings.SessionFinding;
import dev.opsmind.indexer.logs.detect.Findings.TemplateFinding;
import dev.opsmind.server.answer.Citation;
import java.util.List;

/**
 * A log diagnosis: what was read, the summary and suspected root cause (written from the analysis,
 * or by a generator grounded in the cited lines and runbooks), the top anomalous templates with
 * example lines ({@code file:line}), the anomalous sessions, the first error and its context, the
 * runbooks found for the anomalous templates (numbered citations) and next steps taken from them.
 */
public record DiagnosisReport(
    List<String> inputs,
    long lines,
    long records,
    long unmatchedLines,
    String summary,
    String rootCause,
    boolean generated,
    AnalysisResult analysis,
    List<TemplateFinding> topTemplates,
    List<SessionFinding> topSessions,
    List<Citation> runbooks,
    List<NextStep> nextSteps) {

  /** A step from a runbook, with the number of the runbook citation it comes from. */
  public record NextStep(String text, int citation) {}

  public DiagnosisReport {
    inputs = List.copyOf(inputs);
    topTemplates = List.copyOf(topTemplates);
    topSessions = List.copyOf(topSessions);
    runbooks = List.copyOf(runbooks);
    nextSteps = List.copyOf(nextSteps);
  }
}
