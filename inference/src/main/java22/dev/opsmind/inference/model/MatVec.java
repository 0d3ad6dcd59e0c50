package dev.opsmind.inference.model;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.concurrent.atomic.AtomicBoolean;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Matrix times a few vectors, for decode: {@code out[b][r] = Σk w[r][k] · x[b][k]} with w row-major
 * [rows, cols] in native memory. Weights are the traffic, so four rows stream side by side (more
 * loads in flight than one row gives) and each weight vector loaded serves up to four input
 * vectors (sixteen accumulators: one row block is read once per four sequences).
 *
 * <p>Every output is summed in the same order whatever the batch size, the row block or the
 * thread it lands in, so a sequence's logits do not depend on what it is batched with. That is why
 * lanes are summed by {@link #laneSum} and not {@code reduceLanes}, whose order may differ between
 * the interpreter and compiled code.
 *
 * <p>The kernels are unrolled by hand and repeat themselves on purpose, and no vector ever leaves
 * a kernel as an argument: a helper taking a {@code FloatVector} that C2 declines to inline (a
 * kernel with sixteen of them hits its node-count cutoff) gets the vector boxed, which made
 * decode 2–7× slower. Accumulators leave through {@code intoArray} instead.
 */
final class MatVec {
  static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
  static final int LANES = F.length();
  /** Rows per block; thread borders are multiples of it. */
  static final int ROWS = 4;
  private static final ByteOrder ORDER = ByteOrder.nativeOrder();
  private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED;

  private static final AtomicBoolean WARM = new AtomicBoolean();

  private MatVec() {}

  /**
   * Runs every kernel (one, two and four inputs, the dot product and the scaled add) often enough
   * for the JIT to compile it. Without this, the first decode step that batches a new number of
   * sequences runs a kernel in the interpreter, where the Vector API is orders of magnitude slower
   * (measured: a 4-sequence step took 671 ms instead of ~100 ms once). The matrix is native memory
   * like the weights, so the compiled code is the one they need.
   */
  static void warmUp() {
    if (!WARM.compareAndSet(false, true)) {
      return; // compiled code is per JVM: once is enough for every decoder it loads
    }
    int rows = 64;
    int cols = 4 * LANES + 3; // the column tail too
    MemorySegment w = MemorySegment.ofBuffer(java.nio.ByteBuffer.allocateDirect(rows * cols * Float.BYTES)
        .order(ORDER));
    for (int i = 0; i < rows * cols; i++) {
      w.setAtIndex(FLOAT, i, (i % 7) * 0.25f);
    }
    float[] x = new float[7 * cols];
    java.util.Arrays.fill(x, 0.5f);
    float[] out = new float[7 * rows];
    float[] lanes = new float[LANES];
    for (int round = 0; round < 3000; round++) {
      multiply(w, cols, x, 7, out, rows, 0, rows - 1); // 4-, 2- and 1-input blocks, and a single row
      addScaled(out, 0, 0.5f, w, 0, cols);
      out[0] += dot(x, 0, w, 0, cols, lanes);
    }
  }

  /**
   * Rows [from, to) of the product for {@code batch} inputs laid out x[b * cols + k]; output b's row
   * r goes to {@code out[b * outStride + r]}.
   */
  static void multiply(MemorySegment w, int cols, float[] x, int batch, float[] out, int outStride, int from,
      int to) {
    float[] acc = new float[16 * LANES];
    int r = from;
    for (; r + ROWS <= to; r += ROWS) {
      int b = 0;
      for (; b + 4 <= batch; b += 4) {
        fourRowsFourInputs(w, cols, r, x, b, out, outStride, acc);
      }
      for (; b + 2 <= batch; b += 2) {
        fourRowsTwoInputs(w, cols, r, x, b, out, outStride, acc);
      }
      if (b < batch) {
        fourRowsOneInput(w, cols, r, x, b, out, outStride, acc);
      }
    }
    for (; r < to; r++) {
      for (int b = 0; b < batch; b++) {
        out[b * outStride + r] = row(w, cols, r, x, b * cols, acc);
      }
    }
  }

  private static void fourRowsOneInput(MemorySegment w, int cols, int r, float[] x, int b, float[] out,
      int outStride, float[] acc) {
    long o0 = (long) r * cols * Float.BYTES;
    long o1 = o0 + (long) cols * Float.BYTES;
    long o2 = o1 + (long) cols * Float.BYTES;
    long o3 = o2 + (long) cols * Float.BYTES;
    int xo = b * cols;
    FloatVector a0 = FloatVector.zero(F);
    FloatVector a1 = a0;
    FloatVector a2 = a0;
    FloatVector a3 = a0;
    int k = 0;
    for (int bound = F.loopBound(cols); k < bound; k += LANES) {
      long kb = (long) k * Float.BYTES;
      FloatVector xv = FloatVector.fromArray(F, x, xo + k);
      a0 = FloatVector.fromMemorySegment(F, w, o0 + kb, ORDER).fma(xv, a0);
      a1 = FloatVector.fromMemorySegment(F, w, o1 + kb, ORDER).fma(xv, a1);
      a2 = FloatVector.fromMemorySegment(F, w, o2 + kb, ORDER).fma(xv, a2);
      a3 = FloatVector.fromMemorySegment(F, w, o3 + kb, ORDER).fma(xv, a3);
    }
    a0.intoArray(acc, 0 * LANES);
    a1.intoArray(acc, 1 * LANES);
    a2.intoArray(acc, 2 * LANES);
    a3.intoArray(acc, 3 * LANES);
    finish(acc, 4, 1, w, cols, r, x, b, k, out, outStride);
  }

  private static void fourRowsTwoInputs(MemorySegment w, int cols, int r, float[] x, int b, float[] out,
      int outStride, float[] acc) {
    long o0 = (long) r * cols * Float.BYTES;
    long o1 = o0 + (long) cols * Float.BYTES;
    long o2 = o1 + (long) cols * Float.BYTES;
    long o3 = o2 + (long) cols * Float.BYTES;
    int xo = b * cols;
    int yo = xo + cols;
    FloatVector a0 = FloatVector.zero(F);
    FloatVector a1 = a0;
    FloatVector a2 = a0;
    FloatVector a3 = a0;
    FloatVector c0 = a0;
    FloatVector c1 = a0;
    FloatVector c2 = a0;
    FloatVector c3 = a0;
    int k = 0;
    for (int bound = F.loopBound(cols); k < bound; k += LANES) {
      long kb = (long) k * Float.BYTES;
      FloatVector xv = FloatVector.fromArray(F, x, xo + k);
      FloatVector yv = FloatVector.fromArray(F, x, yo + k);
      FloatVector w0 = FloatVector.fromMemorySegment(F, w, o0 + kb, ORDER);
      FloatVector w1 = FloatVector.fromMemorySegment(F, w, o1 + kb, ORDER);
      FloatVector w2 = FloatVector.fromMemorySegment(F, w, o2 + kb, ORDER);
      FloatVector w3 = FloatVector.fromMemorySegment(F, w, o3 + kb, ORDER);
      a0 = w0.fma(xv, a0);
      a1 = w1.fma(xv, a1);
      a2 = w2.fma(xv, a2);
      a3 = w3.fma(xv, a3);
      c0 = w0.fma(yv, c0);
      c1 = w1.fma(yv, c1);
      c2 = w2.fma(yv, c2);
      c3 = w3.fma(yv, c3);
    }
    a0.intoArray(acc, 0 * LANES);
    a1.intoArray(acc, 1 * LANES);
    a2.intoArray(acc, 2 * LANES);
    a3.intoArray(acc, 3 * LANES);
    c0.intoArray(acc, 4 * LANES);
    c1.intoArray(acc, 5 * LANES);
    c2.intoArray(acc, 6 * LANES);
    c3.intoArray(acc, 7 * LANES);
    finish(acc, 4, 2, w, cols, r, x, b, k, out, outStride);
  }

  private static void fourRowsFourInputs(MemorySegment w, int cols, int r, float[] x, int b, float[] out,
      int outStride, float[] acc) {
    long o0 = (long) r * cols * Float.BYTES;
    long o1 = o0 + (long) cols * Float.BYTES;
    long o2 = o1 + (long) cols * Float.BYTES;
    long o3 = o2 + (long) cols * Float.BYTES;
    int x0 = b * cols;
    int x1 = x0 + cols;
    int x2 = x1 + cols;
    int x3 = x2 + cols;
    FloatVector a00 = FloatVector.zero(F);
    FloatVector a01 = a00, a02 = a00, a03 = a00, a10 = a00, a11 = a00, a12 = a00, a13 = a00;
    FloatVector a20 = a00, a21 = a00, a22 = a00, a23 = a00, a30 = a00, a31 = a00, a32 = a00, a33 = a00;
    int k = 0;
    for (int bound = F.loopBound(cols); k < bound; k += LANES) {
      long kb = (long) k * Float.BYTES;
      FloatVector w0 = FloatVector.fromMemorySegment(F, w, o0 + kb, ORDER);
      FloatVector w1 = FloatVector.fromMemorySegment(F, w, o1 + kb, ORDER);
      FloatVector w2 = FloatVector.fromMemorySegment(F, w, o2 + kb, ORDER);
      FloatVector w3 = FloatVector.fromMemorySegment(F, w, o3 + kb, ORDER);
      FloatVector v = FloatVector.fromArray(F, x, x0 + k);
      a00 = w0.fma(v, a00);
      a10 = w1.fma(v, a10);
      a20 = w2.fma(v, a20);
      a30 = w3.fma(v, a30);
      v = FloatVector.fromArray(F, x, x1 + k);
      a01 = w0.fma(v, a01);
      a11 = w1.fma(v, a11);
      a21 = w2.fma(v, a21);
      a31 = w3.fma(v, a31);
      v = FloatVector.fromArray(F, x, x2 + k);
      a02 = w0.fma(v, a02);
      a12 = w1.fma(v, a12);
      a22 = w2.fma(v, a22);
      a32 = w3.fma(v, a32);
      v = FloatVector.fromArray(F, x, x3 + k);
      a03 = w0.fma(v, a03);
      a13 = w1.fma(v, a13);
      a23 = w2.fma(v, a23);
      a33 = w3.fma(v, a33);
    }
    a00.intoArray(acc, 0 * LANES);
    a10.intoArray(acc, 1 * LANES);
    a20.intoArray(acc, 2 * LANES);
    a30.intoArray(acc, 3 * LANES);
    a01.intoArray(acc, 4 * LANES);
    a11.intoArray(acc, 5 * LANES);
    a21.intoArray(acc, 6 * LANES);
    a31.intoArray(acc, 7 * LANES);
    a02.intoArray(acc, 8 * LANES);
    a12.intoArray(acc, 9 * LANES);
    a22.intoArray(acc, 10 * LANES);
    a32.intoArray(acc, 11 * LANES);
    a03.intoArray(acc, 12 * LANES);
    a13.intoArray(acc, 13 * LANES);
    a23.intoArray(acc, 14 * LANES);
    a33.intoArray(acc, 15 * LANES);
    finish(acc, 4, 4, w, cols, r, x, b, k, out, outStride);
  }

  /** One row against one input, summed in the same order as the blocked kernels. */
  private static float row(MemorySegment w, int cols, int r, float[] x, int xo, float[] lanes) {
    long o = (long) r * cols * Float.BYTES;
    FloatVector a = FloatVector.zero(F);
    int k = 0;
    for (int bound = F.loopBound(cols); k < bound; k += LANES) {
      a = FloatVector.fromMemorySegment(F, w, o + (long) k * Float.BYTES, ORDER).fma(FloatVector.fromArray(F, x, xo + k), a);
    }
    a.intoArray(lanes, 0);
    float s = laneSum(lanes, 0);
    return k < cols ? s + tail(w, o, x, xo, k, cols) : s;
  }

  /**
   * Writes a kernel's outputs: accumulator j = input i × rows + row rr sits at acc[j * LANES], its
   * lanes are added first to last, then the column tail.
   */
  private static void finish(float[] acc, int rows, int inputs, MemorySegment w, int cols, int r, float[] x, int b,
      int k, float[] out, int outStride) {
    for (int i = 0; i < inputs; i++) {
      int xo = (b + i) * cols;
      for (int rr = 0; rr < rows; rr++) {
        float s = laneSum(acc, (i * rows + rr) * LANES);
        if (k < cols) { // most matrices have no tail: skip the call
          s += tail(w, (long) (r + rr) * cols * Float.BYTES, x, xo, k, cols);
        }
        out[(b + i) * outStride + r + rr] = s;
      }
    }
  }

  /** The {@link #LANES} floats at acc[from] added first to last. */
  static float laneSum(float[] acc, int from) {
    float s = 0;
    for (int l = 0; l < LANES; l++) {
      s += acc[from + l];
    }
    return s;
  }

  /** Σ over the columns [k, cols) a vector does not cover. */
  private static float tail(MemorySegment w, long rowOffset, float[] x, int xo, int k, int cols) {
    float sum = 0;
    for (; k < cols; k++) {
      sum += w.get(FLOAT, rowOffset + (long) k * Float.BYTES) * x[xo + k];
    }
    return sum;
  }

  /** Σk a[ao + k] · s[so + k] over n values, a on the heap, s in native memory (byte offset so). */
  static float dot(float[] a, int ao, MemorySegment s, long so, int n, float[] lanes) {
    FloatVector acc = FloatVector.zero(F);
    int k = 0;
    for (int bound = F.loopBound(n); k < bound; k += LANES) {
      acc = FloatVector.fromArray(F, a, ao + k).fma(FloatVector.fromMemorySegment(F, s, so + (long) k * Float.BYTES, ORDER), acc);
    }
    acc.intoArray(lanes, 0);
    float sum = laneSum(lanes, 0);
    for (; k < n; k++) {
      sum += a[ao + k] * s.get(FLOAT, so + (long) k * Float.BYTES);
    }
    return sum;
  }

  /** out[oo + k] += p · s[so + k] over n values. */
  static void addScaled(float[] out, int oo, float p, MemorySegment s, long so, int n) {
    int k = 0;
    for (int bound = F.loopBound(n); k < bound; k += LANES) {
      FloatVector.fromMemorySegment(F, s, so + (long) k * Float.BYTES, ORDER)
          .fma(FloatVector.broadcast(F, p), FloatVector.fromArray(F, out, oo + k)).intoArray(out, oo + k);
    }
    for (; k < n; k++) {
      out[oo + k] += p * s.get(FLOAT, so + (long) k * Float.BYTES);
    }
  }
}
