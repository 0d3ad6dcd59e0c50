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

  public String row() {
    return String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %.3f | %.3f | %.3f |", name, items, anomalies, flagged,
        truePositives, precision(), recall(), f1());
  }

  public static String header() {
    return "| data | items | anomalies | flagged | true positives | precision | recall | F1 |\n|---|---:|---:|---:|---:|---:|---:|---:|\n";
  }
}
