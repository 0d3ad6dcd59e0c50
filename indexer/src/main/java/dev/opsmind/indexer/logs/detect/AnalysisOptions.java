package dev.opsmind.indexer.logs.detect;

/**
 * Settings of an analysis: the share of the window read as its own baseline when none is given,
 * the time bucket (records without time are bucketed by position, {@code recordsPerBucket} each),
 * lines of context kept around the first error, the most sessions tracked, and the session keys.
 * A burst is a bucket with at least {@code burstMinCount} lines of a template and
 * {@code burstFactor} times its baseline rate.
 */
public record AnalysisOptions(double baselineFraction, long bucketMillis, int recordsPerBucket, int contextLines,
    int maxSessions, SessionKeys sessionKeys, int burstMinCount, double burstFactor) {
  public static final AnalysisOptions DEFAULT =
      new AnalysisOptions(0.25, 60_000, 1000, 5, 100_000, SessionKeys.DEFAULT, 10, 5.0);

  public AnalysisOptions {
    if (!(baselineFraction >= 0 && baselineFraction < 1)) throw new IllegalArgumentException("baselineFraction must be in [0, 1)");
    if (bucketMillis < 1 || recordsPerBucket < 1) throw new IllegalArgumentException("buckets must be positive");
    if (contextLines < 0 || contextLines > 100) throw new IllegalArgumentException("contextLines must be 0..100");
    if (maxSessions < 0) throw new IllegalArgumentException("maxSessions must be >= 0");
    if (sessionKeys == null) throw new IllegalArgumentException("sessionKeys must not be null (use SessionKeys.NONE)");
    if (burstMinCount < 1 || burstFactor <= 1) throw new IllegalArgumentException("burstMinCount >= 1 and burstFactor > 1");
  }

  public AnalysisOptions withSessionKeys(SessionKeys keys) {
    return new AnalysisOptions(baselineFraction, bucketMillis, recordsPerBucket, contextLines, maxSessions, keys,
        burstMinCount, burstFactor);
  }
}
