package dev.opsmind.indexer.logs.detect;

import java.util.List;

/** The records an analysis reports: anomalous templates, bursts, sessions, the timeline. */
public final class Findings {
  private Findings() {}

  /** A bucket where a template ran at {@code count} against an expected {@code expected}. */
  public record Burst(long bucket, long count, double expected) {}

  /**
   * A template and why it is anomalous: new (never in the baseline), error (ERROR/FATAL/panic
   * lines), bursts; {@code score} orders the report (errors 3, new 2, a burst 1 each, at most 3).
   */
  public record TemplateFinding(int id, String template, long count, long errors, LineRef first, LineRef last,
      List<LineRef> examples, boolean isNew, boolean error, List<Burst> bursts, double score) {
    public TemplateFinding {
      examples = List.copyOf(examples);
      bursts = List.copyOf(bursts);
    }

    public boolean anomalous() {
      return isNew || error || !bursts.isEmpty();
    }
  }

  /**
   * A session (block, request, pod, trace) that broke the invariants, left PCA's normal subspace or
   * holds an anomalous template; {@code detectors} names which of them flagged it
   * ({@link SessionVerdicts#INVARIANTS}, {@link SessionVerdicts#PCA}, {@link SessionVerdicts#TEMPLATE}).
   */
  public record SessionFinding(String key, long lines, LineRef first, List<String> reasons, List<String> detectors) {
    public SessionFinding {
      reasons = List.copyOf(reasons);
      detectors = List.copyOf(detectors);
    }
  }

  /** How many lines of an anomalous template fell in a bucket. */
  public record TimelinePoint(long bucket, int templateId, long count) {}
}
