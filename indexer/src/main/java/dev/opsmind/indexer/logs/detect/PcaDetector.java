package dev.opsmind.indexer.logs.detect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.distribution.ChiSquaredDistribution;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.exception.MathIllegalStateException;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * PCA over sessions' template-count vectors, after Xu et al. (SOSP'09): counts weighted by
 * TF-IDF, centred; the principal components that hold {@value #VARIANCE} of the variance span the
 * normal subspace, and a session whose squared prediction error (SPE, the squared length of its
 * vector's part outside that subspace) exceeds the Q-statistic (Jackson and Mudholkar, false alarm
 * rate {@value #ALPHA}) is anomalous. Learnt from sessions assumed mostly normal (a baseline's, or
 * the window's own). The vectors are sparse, so the covariance is summed from each session's few
 * non-zero counts; the {@value #MAX_DIMENSIONS} templates held by most sessions are dimensions of
 * their own, the rest share one, which bounds the eigen decomposition whatever the window.
 */
public final class PcaDetector {
  public static final double VARIANCE = 0.95;
  public static final double ALPHA = 0.001;
  public static final int MAX_DIMENSIONS = 300;
  /** Fewer training sessions than this give no stable subspace: the detector then flags nothing. */
  public static final int MIN_SESSIONS = 50;

  private final Map<Integer, Integer> column;
  private final int other;
  private final double[] idf;
  private final double[] mean;
  private final double[][] basis;
  private final double threshold;
  private final double meanNorm;
  private final double[] basisDotMean;

  private PcaDetector(Map<Integer, Integer> column, int other, double[] idf, double[] mean, double[][] basis, double threshold) {
    this.column = column;
    this.other = other;
    this.idf = idf;
    this.mean = mean;
    this.basis = basis;
    this.threshold = threshold;
    double m = 0;
    for (double x : mean) m += x * x;
    this.meanNorm = m;
    this.basisDotMean = new double[basis.length];
    for (int i = 0; i < basis.length; i++) for (int c = 0; c < mean.length; c++) basisDotMean[i] += basis[i][c] * mean[c];
  }

  /** A detector learnt from these sessions, or null when they are too few or hold fewer than two templates. */
  public static PcaDetector learn(List<Map<Integer, Integer>> sessions) {
    if (sessions.size() < MIN_SESSIONS) return null;
    Map<Integer, Integer> df = new HashMap<>();
    for (Map<Integer, Integer> s : sessions) for (Integer t : s.keySet()) df.merge(t, 1, Integer::sum);
    if (df.size() < 2) return null;
    List<Integer> byDf = new ArrayList<>(df.keySet());
    byDf.sort(Comparator.comparingInt((Integer t) -> -df.get(t)).thenComparingInt(t -> t));
    Map<Integer, Integer> column = new HashMap<>();
    for (int i = 0; i < Math.min(MAX_DIMENSIONS, byDf.size()); i++) column.put(byDf.get(i), i);
    int other = column.size();
    int d = other + 1;
    int n = sessions.size();
    // IDF of a column: log((N+1)/(df+1)), so a template of every session weighs nothing and one never
    // seen in training (df 0) weighs the most
    int[] colDf = new int[d];
    for (Map<Integer, Integer> s : sessions) {
      boolean inOther = false;
      for (Integer t : s.keySet()) {
        Integer c = column.get(t);
        if (c != null) colDf[c]++;
        else inOther = true;
      }
      if (inOther) colDf[other]++;
    }
    double[] idf = new double[d];
    for (int c = 0; c < d; c++) idf[c] = Math.log((n + 1.0) / (colDf[c] + 1.0));
    PcaDetector shape = new PcaDetector(column, other, idf, new double[d], new double[0][], 0);
    double[] mean = new double[d];
    double[][] scatter = new double[d][d];
    for (Map<Integer, Integer> s : sessions) {
      Map<Integer, Double> v = shape.weighted(s);
      for (Map.Entry<Integer, Double> a : v.entrySet()) {
        mean[a.getKey()] += a.getValue();
        for (Map.Entry<Integer, Double> b : v.entrySet()) scatter[a.getKey()][b.getKey()] += a.getValue() * b.getValue();
      }
    }
    for (int c = 0; c < d; c++) mean[c] /= n;
    double[][] cov = new double[d][d];
    for (int i = 0; i < d; i++) for (int j = 0; j < d; j++) cov[i][j] = (scatter[i][j] - n * mean[i] * mean[j]) / (n - 1);
    EigenDecomposition eig;
    try {
      eig = new EigenDecomposition(MatrixUtils.createRealMatrix(cov));
    } catch (MathIllegalStateException e) {
      return null; // the decomposition did not converge: no PCA verdicts rather than no diagnosis
    }
    double[] values = eig.getRealEigenvalues();
    Integer[] order = new Integer[d];
    for (int i = 0; i < d; i++) order[i] = i;
    java.util.Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -values[i]));
    double total = 0;
    for (double v : values) total += Math.max(0, v);
    if (total <= 0) return null;
    int k = 0;
    double held = 0;
    while (k < d && held < VARIANCE * total) held += Math.max(0, values[order[k++]]);
    RealMatrix vectors = eig.getV();
    double[][] basis = new double[k][];
    for (int i = 0; i < k; i++) basis[i] = vectors.getColumn(order[i]);
    double t1 = 0, t2 = 0, t3 = 0;
    for (int i = k; i < d; i++) {
      double l = Math.max(0, values[order[i]]);
      t1 += l;
      t2 += l * l;
      t3 += l * l * l;
    }
    return new PcaDetector(column, other, idf, mean, basis, qStatistic(t1, t2, t3, total));
  }

  /**
   * The SPE threshold from the residual eigenvalues' sums θ1..θ3 (Jackson and Mudholkar); where
   * their h0 is not positive the approximation fails and Box's g·χ²(h) stands in. When the normal
   * subspace holds all the variance, any residual above rounding is anomalous.
   */
  static double qStatistic(double t1, double t2, double t3, double total) {
    double floor = 1e-9 * total;
    if (t1 <= floor || t2 <= 0) return floor;
    double h0 = 1 - 2 * t1 * t3 / (3 * t2 * t2);
    if (h0 > 1e-6) {
      double c = new NormalDistribution().inverseCumulativeProbability(1 - ALPHA);
      double q = t1 * Math.pow(c * Math.sqrt(2 * t2 * h0 * h0) / t1 + 1 + t2 * h0 * (h0 - 1) / (t1 * t1), 1 / h0);
      if (Double.isFinite(q)) return Math.max(q, floor);
    }
    double g = t2 / t1;
    double h = t1 * t1 / t2;
    return Math.max(floor, g * new ChiSquaredDistribution(h).inverseCumulativeProbability(1 - ALPHA));
  }

  /** A session's TF-IDF vector by column (sparse; templates outside the columns add to the shared one). */
  private Map<Integer, Double> weighted(Map<Integer, Integer> counts) {
    Map<Integer, Double> v = new HashMap<>();
    for (Map.Entry<Integer, Integer> e : counts.entrySet()) {
      int c = column.getOrDefault(e.getKey(), other);
      v.merge(c, e.getValue() * idf[c], Double::sum);
    }
    return v;
  }

  /** The squared prediction error of a session: its centred vector's squared length outside the normal subspace. */
  public double spe(Map<Integer, Integer> counts) {
    Map<Integer, Double> v = weighted(counts);
    // y = v - mean, v sparse: |y|² = |v|² - 2·v·mean + |mean|², p·y = p·v - p·mean (both constants kept)
    double norm = meanNorm;
    for (Map.Entry<Integer, Double> e : v.entrySet()) norm += e.getValue() * (e.getValue() - 2 * mean[e.getKey()]);
    double projected = 0;
    for (int i = 0; i < basis.length; i++) {
      double dot = -basisDotMean[i];
      for (Map.Entry<Integer, Double> e : v.entrySet()) dot += basis[i][e.getKey()] * e.getValue();
      projected += dot * dot;
    }
    return Math.max(0, norm - projected);
  }

  public double threshold() {
    return threshold;
  }

  /** The dimension of the normal subspace. */
  public int components() {
    return basis.length;
  }

  public boolean anomalous(Map<Integer, Integer> counts) {
    return spe(counts) > threshold;
  }
}
