package dev.opsmind.indexer.logs.detect;

import dev.opsmind.indexer.logs.detect.Findings.SessionFinding;
import dev.opsmind.indexer.logs.detect.Findings.TemplateFinding;
import dev.opsmind.indexer.logs.detect.Findings.TimelinePoint;
import java.util.List;

/**
 * What an analysis found. Buckets are epoch milliseconds of a bucket's start when the lines had
 * timestamps ({@code timed}), else positional ({@code -(1 + index / recordsPerBucket)}).
 *
 * @param templates every template of the window, most anomalous first
 * @param pcaComponents the dimension of PCA's normal subspace (0: too few sessions to learn one)
 * @param firstError the first ERROR/FATAL/panic line, null when none
 * @param context lines around the first error (before, the error, after)
 */
public record AnalysisResult(long records, long startMillis, long endMillis, boolean timed, long bucketMillis,
    int recordsPerBucket, List<TemplateFinding> templates, List<SessionFinding> sessions, int sessionCount,
    int invariantCount, int pcaComponents, LineRef firstError, List<LineRef> context, List<TimelinePoint> timeline, boolean baselineGiven) {
  public AnalysisResult {
    templates = List.copyOf(templates);
    sessions = List.copyOf(sessions);
    context = List.copyOf(context);
    timeline = List.copyOf(timeline);
  }

  /** The anomalous templates, most anomalous first. */
  public List<TemplateFinding> anomalous() {
    return templates.stream().filter(TemplateFinding::anomalous).toList();
  }

  public long errorLines() {
    return templates.stream().mapToLong(TemplateFinding::errors).sum();
  }
}
