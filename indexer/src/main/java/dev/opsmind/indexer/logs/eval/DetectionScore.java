package dev.opsmind.indexer.logs.eval;

import java.util.Locale;

/** Precision, recall and F1 of flagged items against labels. */
public record DetectionScore(String name, long items, long anomalies, long flagged, long truePositives) {
  public double precision() {
    return flagged == 0 ? 0 : (double) truePositives / flagged;
  }

  public double recall() {
    return anomalies == 0 ? 0 : (double) truePositives / anomalies;
  }

  public double f1() {
    double p = precision();
    double r = recall();
    return p + r == 0 ? 0 : 2 * p * r / (p + r);
  }

  /** A Markdown row; with no anomalies in the data recall and F1 are undefined ("n/a"): only the flagged count says anything. */
  public String row() {
    if (anomalies == 0) {
      return String.format(Locale.ROOT, "| %s | %d | 0 | %d | 0 | %s | n/a | n/a |", name, items, flagged,
          flagged == 0 ? "n/a" : "0.000");
    }
    return String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %.3f | %.3f | %.3f |", name, items, anomalies, flagged,
        truePositives, precision(), recall(), f1());
  }

  public static String header() {
    return "| data | items | anomalies | flagged | true positives | precision | recall | F1 |\n|---|---:|---:|---:|---:|---:|---:|---:|\n";
  }
}
