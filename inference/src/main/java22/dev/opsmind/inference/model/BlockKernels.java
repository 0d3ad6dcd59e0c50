package dev.opsmind.inference.model;

import dev.opsmind.inference.gguf.GgmlType;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Matrix times a few vectors for weights kept in their stored type ({@link StoredMatrix}): each
 * row is dequantized once, {@link MatVec#LANES} values per register (integer and shift
 * operations, the block's scales applied exactly as llama.cpp's reference dequantization does),
 * into a row-sized scratch array in the L1 cache, which then serves every input vector of the
 * pass. The bytes streamed from memory are the stored bytes: 2 per weight for F16/BF16, 1.06 for
 * Q8_0, 0.56 for Q4_0 and Q4_K, 0.82 for Q6_K.
 *
 * <p>Batch invariance: an output is {@link #dot} of the row's dequantized values with one input,
 * whose order of additions depends on the row length only, so a sequence's logits are the same
 * alone or batched, whatever the type.
 *
 * <p>Widths: the block decoders need {@code LANES} of 8 or 16 (AVX2, AVX-512). Other widths (e.g.
 * 128-bit NEON) dequantize with the scalar reference code, same values, slower.
 */
final class BlockKernels implements StoredKernels {
  private static final VectorSpecies<Float> F = MatVec.F;
  private static final int LANES = MatVec.LANES;
  private static final boolean VECTOR_BLOCKS = LANES == 8 || LANES == 16;
  private static final VectorSpecies<Byte> B = VECTOR_BLOCKS
      ? VectorSpecies.of(byte.class, VectorShape.forBitSize(LANES * 8)) : null;
  private static final VectorSpecies<Short> S = VectorSpecies.of(short.class, VectorShape.forBitSize(LANES * 16));
  private static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, F.vectorShape());
  private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
  /** Types with a fused single-input kernel ({@link #dotRow}) on this CPU's vector width. */
  private static final java.util.Set<GgmlType> FUSED = !VECTOR_BLOCKS ? java.util.Set.of()
      : LANES == 16 ? java.util.EnumSet.of(GgmlType.Q8_0, GgmlType.Q4_0, GgmlType.BF16, GgmlType.F16, GgmlType.Q4_K,
          GgmlType.Q6_K)
      : java.util.EnumSet.of(GgmlType.Q8_0, GgmlType.Q4_0, GgmlType.BF16, GgmlType.F16);
  private static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(LE);
  private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(LE);
  private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(LE);
  private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(LE);

  public BlockKernels() {}

  @Override
  public void multiply(StoredMatrix w, float[] x, int batch, float[] out) {
    multiply(w.type(), MemorySegment.ofBuffer(w.data()), w.rows(), w.cols(), x, batch, out, w.rows(), 0, 0, w.rows());
  }

  @Override
  public void dequantize(StoredMatrix w, int from, int count, float[] out, int off) {
    MemorySegment data = MemorySegment.ofBuffer(w.data());
    long rowBytes = w.rowBytes();
    for (int r = 0; r < count; r++) {
      decodeRow(w.type(), data, (from + r) * rowBytes, w.cols(), out, off + r * w.cols());
    }
  }

  /**
   * Rows [from, to) of a [rows, cols] matrix of {@code type} at {@code w} for {@code batch} inputs
   * x[b * cols + k]; output b's row r goes to {@code out[b * outStride + outOffset + r]}.
   */
  static void multiply(GgmlType type, MemorySegment w, int rows, int cols, float[] x, int batch, float[] out,
      int outStride, int outOffset, int from, int to) {
    float[] lanes = new float[LANES];
    long rowBytes = type.bytes(cols);
    int r = from;
    if (batch == 1 && FUSED.contains(type)) {
      for (; r < to; r++) {
        out[outOffset + r] = dotRow(type, w, r * rowBytes, cols, x, lanes);
      }
      return;
    }
    float[] lanes6 = new float[6 * LANES];
    if (batch >= 2) {
      // Two rows dequantized side by side, then tiles of two rows × three (or two) inputs: each
      // vector loaded serves more multiply-adds than one row × four inputs did (dot4: five loads per
      // four; here five per six), which is what bounds this loop once the row sits in L1.
      float[] pair = new float[2 * cols];
      for (; r + 2 <= to; r += 2) {
        decodeRow(type, w, r * rowBytes, cols, pair, 0);
        decodeRow(type, w, (r + 1) * rowBytes, cols, pair, cols);
        int o = outOffset + r;
        // threes, then twos: a remainder of one becomes two twos (4 = 2 + 2, 7 = 3 + 2 + 2)
        int threes = batch % 3 == 1 ? (batch - 4) / 3 : batch / 3;
        int b = 0;
        for (int t = 0; t < threes; t++, b += 3) {
          dot2x3(pair, cols, x, b * cols, lanes6, out, b * outStride + o, outStride);
        }
        for (; b + 2 <= batch; b += 2) {
          dot2x2(pair, cols, x, b * cols, lanes6, out, b * outStride + o, outStride);
        }
        if (b < batch) {
          out[b * outStride + o] = dot(pair, 0, x, b * cols, cols, lanes);
          out[b * outStride + o + 1] = dot(pair, cols, x, b * cols, cols, lanes);
        }
      }
    }
    float[] row = new float[cols];
    for (; r < to; r++) { // one input, or the last row of an odd range
      decodeRow(type, w, r * rowBytes, cols, row, 0);
      int b = 0;
      for (; b + 4 <= batch; b += 4) {
        dot4(row, x, b * cols, cols, lanes6, out, b * outStride + outOffset + r, outStride);
      }
      for (; b < batch; b++) {
        out[b * outStride + outOffset + r] = dot(row, 0, x, b * cols, cols, lanes);
      }
    }
  }

  /**
   * Σk w[k] · x[xo + k]: four accumulators over consecutive vectors (four independent chains of
   * fused multiply-adds), the vectors of a last partial group into the first, second and third,
   * the accumulators added in a fixed order, lanes first to last, then the columns past the last
   * whole vector. The fused single-input kernels ({@link #dotRow}) follow the same order.
   */
  static float dot(float[] w, float[] x, int xo, int n, float[] lanes) {
    return dot(w, 0, x, xo, n, lanes);
  }

  /** {@link #dot} of the row at w[wo..wo + n). */
  static float dot(float[] w, int wo, float[] x, int xo, int n, float[] lanes) {
    FloatVector a0 = FloatVector.zero(F);
    FloatVector a1 = a0;
    FloatVector a2 = a0;
    FloatVector a3 = a0;
    int k = 0;
    for (int bound = n - 4 * LANES; k <= bound; k += 4 * LANES) {
      a0 = FloatVector.fromArray(F, w, wo + k).fma(FloatVector.fromArray(F, x, xo + k), a0);
      a1 = FloatVector.fromArray(F, w, wo + k + LANES).fma(FloatVector.fromArray(F, x, xo + k + LANES), a1);
      a2 = FloatVector.fromArray(F, w, wo + k + 2 * LANES).fma(FloatVector.fromArray(F, x, xo + k + 2 * LANES), a2);
      a3 = FloatVector.fromArray(F, w, wo + k + 3 * LANES).fma(FloatVector.fromArray(F, x, xo + k + 3 * LANES), a3);
    }
    if (k + LANES <= n) {
      a0 = FloatVector.fromArray(F, w, wo + k).fma(FloatVector.fromArray(F, x, xo + k), a0);
      k += LANES;
    }
    if (k + LANES <= n) {
      a1 = FloatVector.fromArray(F, w, wo + k).fma(FloatVector.fromArray(F, x, xo + k), a1);
      k += LANES;
    }
    if (k + LANES <= n) {
      a2 = FloatVector.fromArray(F, w, wo + k).fma(FloatVector.fromArray(F, x, xo + k), a2);
      k += LANES;
    }
    a0.add(a1).add(a2.add(a3)).intoArray(lanes, 0);
    return tail(MatVec.laneSum(lanes, 0), w, wo + k, x, xo + k, n - k);
  }

  /** dot's last step: the columns past the last whole vector added one at a time to the lane sum. */
  private static float tail(float sum, float[] w, int wo, float[] x, int xo, int count) {
    float s = sum;
    for (int i = 0; i < count; i++) {
      s += w[wo + i] * x[xo + i];
    }
    return s;
  }

  /**
   * {@link #dot} for two rows (w[0..n), w[n..2n)) times three inputs (x[xo..], x[xo + n..],
   * x[xo + 2n..]) at once: each of the six outputs keeps dot's own four accumulators and order,
   * so the results are bit-identical to six dots; the row vectors are loaded once for three
   * inputs and the input vectors once for two rows. Row p, input i goes to out[o + p + i·stride].
   * Written out by hand like {@link #dot4}: vectors must not leave a kernel (C2 would box them).
   */
  static void dot2x3(float[] w, int n, float[] x, int xo, float[] lanes, float[] out, int o, int stride) {
    FloatVector z = FloatVector.zero(F);
    FloatVector pa0 = z, pa1 = z, pa2 = z, pa3 = z;
    FloatVector pb0 = z, pb1 = z, pb2 = z, pb3 = z;
    FloatVector pc0 = z, pc1 = z, pc2 = z, pc3 = z;
    FloatVector qa0 = z, qa1 = z, qa2 = z, qa3 = z;
    FloatVector qb0 = z, qb1 = z, qb2 = z, qb3 = z;
    FloatVector qc0 = z, qc1 = z, qc2 = z, qc3 = z;
    int k = 0;
    for (int bound = n - 4 * LANES; k <= bound; k += 4 * LANES) {
      {
        FloatVector wp = FloatVector.fromArray(F, w, k);
        FloatVector wq = FloatVector.fromArray(F, w, n + k);
        FloatVector xa = FloatVector.fromArray(F, x, xo + k);
        FloatVector xb = FloatVector.fromArray(F, x, xo + n + k);
        FloatVector xc = FloatVector.fromArray(F, x, xo + 2 * n + k);
        pa0 = wp.fma(xa, pa0);
        pb0 = wp.fma(xb, pb0);
        pc0 = wp.fma(xc, pc0);
        qa0 = wq.fma(xa, qa0);
        qb0 = wq.fma(xb, qb0);
        qc0 = wq.fma(xc, qc0);
      }
      {
        FloatVector wp = FloatVector.fromArray(F, w, k + LANES);
        FloatVector wq = FloatVector.fromArray(F, w, n + k + LANES);
        FloatVector xa = FloatVector.fromArray(F, x, xo + k + LANES);
        FloatVector xb = FloatVector.fromArray(F, x, xo + n + k + LANES);
        FloatVector xc = FloatVector.fromArray(F, x, xo + 2 * n + k + LANES);
        pa1 = wp.fma(xa, pa1);
        pb1 = wp.fma(xb, pb1);
        pc1 = wp.fma(xc, pc1);
        qa1 = wq.fma(xa, qa1);
        qb1 = wq.fma(xb, qb1);
        qc1 = wq.fma(xc, qc1);
      }
      {
        FloatVector wp = FloatVector.fromArray(F, w, k + 2 * LANES);
        FloatVector wq = FloatVector.fromArray(F, w, n + k + 2 * LANES);
        FloatVector xa = FloatVector.fromArray(F, x, xo + k + 2 * LANES);
        FloatVector xb = FloatVector.fromArray(F, x, xo + n + k + 2 * LANES);
        FloatVector xc = FloatVector.fromArray(F, x, xo + 2 * n + k + 2 * LANES);
        pa2 = wp.fma(xa, pa2);
        pb2 = wp.fma(xb, pb2);
        pc2 = wp.fma(xc, pc2);
        qa2 = wq.fma(xa, qa2);
        qb2 = wq.fma(xb, qb2);
        qc2 = wq.fma(xc, qc2);
      }
      {
        FloatVector wp = FloatVector.fromArray(F, w, k + 3 * LANES);
        FloatVector wq = FloatVector.fromArray(F, w, n + k + 3 * LANES);
        FloatVector xa = FloatVector.fromArray(F, x, xo + k + 3 * LANES);
        FloatVector xb = FloatVector.fromArray(F, x, xo + n + k + 3 * LANES);
        FloatVector xc = FloatVector.fromArray(F, x, xo + 2 * n + k + 3 * LANES);
        pa3 = wp.fma(xa, pa3);
        pb3 = wp.fma(xb, pb3);
        pc3 = wp.fma(xc, pc3);
        qa3 = wq.fma(xa, qa3);
        qb3 = wq.fma(xb, qb3);
        qc3 = wq.fma(xc, qc3);
      }
    }
    // the vectors of a last partial group go into the first, second and third accumulators, as in dot
    if (k + LANES <= n) {
      FloatVector wp = FloatVector.fromArray(F, w, k);
      FloatVector wq = FloatVector.fromArray(F, w, n + k);
      FloatVector xa = FloatVector.fromArray(F, x, xo + k);
      FloatVector xb = FloatVector.fromArray(F, x, xo + n + k);
      FloatVector xc = FloatVector.fromArray(F, x, xo + 2 * n + k);
      pa0 = wp.fma(xa, pa0);
      pb0 = wp.fma(xb, pb0);
      pc0 = wp.fma(xc, pc0);
      qa0 = wq.fma(xa, qa0);
      qb0 = wq.fma(xb, qb0);
      qc0 = wq.fma(xc, qc0);
      k += LANES;
    }
    if (k + LANES <= n) {
      FloatVector wp = FloatVector.fromArray(F, w, k);
      FloatVector wq = FloatVector.fromArray(F, w, n + k);
      FloatVector xa = FloatVector.fromArray(F, x, xo + k);
      FloatVector xb = FloatVector.fromArray(F, x, xo + n + k);
      FloatVector xc = FloatVector.fromArray(F, x, xo + 2 * n + k);
      pa1 = wp.fma(xa, pa1);
      pb1 = wp.fma(xb, pb1);
      pc1 = wp.fma(xc, pc1);
      qa1 = wq.fma(xa, qa1);
      qb1 = wq.fma(xb, qb1);
      qc1 = wq.fma(xc, qc1);
      k += LANES;
    }
    if (k + LANES <= n) {
      FloatVector wp = FloatVector.fromArray(F, w, k);
      FloatVector wq = FloatVector.fromArray(F, w, n + k);
      FloatVector xa = FloatVector.fromArray(F, x, xo + k);
      FloatVector xb = FloatVector.fromArray(F, x, xo + n + k);
      FloatVector xc = FloatVector.fromArray(F, x, xo + 2 * n + k);
      pa2 = wp.fma(xa, pa2);
      pb2 = wp.fma(xb, pb2);
      pc2 = wp.fma(xc, pc2);
      qa2 = wq.fma(xa, qa2);
      qb2 = wq.fma(xb, qb2);
      qc2 = wq.fma(xc, qc2);
      k += LANES;
    }
    pa0.add(pa1).add(pa2.add(pa3)).intoArray(lanes, 0 * LANES);
    pb0.add(pb1).add(pb2.add(pb3)).intoArray(lanes, 1 * LANES);
    pc0.add(pc1).add(pc2.add(pc3)).intoArray(lanes, 2 * LANES);
    qa0.add(qa1).add(qa2.add(qa3)).intoArray(lanes, 3 * LANES);
    qb0.add(qb1).add(qb2.add(qb3)).intoArray(lanes, 4 * LANES);
    qc0.add(qc1).add(qc2.add(qc3)).intoArray(lanes, 5 * LANES);
    out[o] = tail(MatVec.laneSum(lanes, 0 * LANES), w, k, x, xo + k, n - k);
    out[o + stride] = tail(MatVec.laneSum(lanes, 1 * LANES), w, k, x, xo + n + k, n - k);
    out[o + 2 * stride] = tail(MatVec.laneSum(lanes, 2 * LANES), w, k, x, xo + 2 * n + k, n - k);
    out[o + 1] = tail(MatVec.laneSum(lanes, 3 * LANES), w, n + k, x, xo + k, n - k);
    out[o + 1 + stride] = tail(MatVec.laneSum(lanes, 4 * LANES), w, n + k, x, xo + n + k, n - k);
    out[o + 1 + 2 * stride] = tail(MatVec.laneSum(lanes, 5 * LANES), w, n + k, x, xo + 2 * n + k, n - k);
  }

  /** {@link #dot2x3} for two inputs (an even remainder of the batch). */
  static void dot2x2(float[] w, int n, float[] x, int xo, float[] lanes, float[] out, int o, int stride) {
    FloatVector z = FloatVector.zero(F);
    FloatVector pa0 = z, pa1 = z, pa2 = z, pa3 = z;
    FloatVector pb0 = z, pb1 = z, pb2 = z, pb3 = z;
    FloatVector qa0 = z, qa1 = z, qa2 = z, qa3 = z;
    FloatVector qb0 = z, qb1 = z, qb2 = z, qb3 = z;
    int k = 0;
    for (int bound = n - 4 * LANES; k <= bound; k += 4 * LANES) {
      {
        FloatVector wp = FloatVector.fromArray(F, w, k);
        FloatVector wq = FloatVector.fromArray(F, w, n + k);
        FloatVector xa = FloatVector.fromArray(F, x, xo + k);
        FloatVector xb = FloatVector.fromArray(F, x, xo + n + k);
        pa0 = wp.fma(xa, pa0);
        pb0 = wp.fma(xb, pb0);
        qa0 = wq.fma(xa, qa0);
        qb0 = wq.fma(xb, qb0);
      }
      {
        FloatVector wp = FloatVector.fromArray(F, w, k + LANES);
        FloatVector wq = FloatVector.fromArray(F, w, n + k + LANES);
        FloatVector xa = FloatVector.fromArray(F, x, xo + k + LANES);
        FloatVector xb = FloatVector.fromArray(F, x, xo + n + k + LANES);
        pa1 = wp.fma(xa, pa1);
        pb1 = wp.fma(xb, pb1);
        qa1 = wq.fma(xa, qa1);
        qb1 = wq.fma(xb, qb1);
      }
      {
        FloatVector wp = FloatVector.fromArray(F, w, k + 2 * LANES);
        FloatVector wq = FloatVector.fromArray(F, w, n + k + 2 * LANES);
        FloatVector xa = FloatVector.fromArray(F, x, xo + k + 2 * LANES);
        FloatVector xb = FloatVector.fromArray(F, x, xo + n + k + 2 * LANES);
        pa2 = wp.fma(xa, pa2);
        pb2 = wp.fma(xb, pb2);
        qa2 = wq.fma(xa, qa2);
        qb2 = wq.fma(xb, qb2);
      }
      {
        FloatVector wp = FloatVector.fromArray(F, w, k + 3 * LANES);
        FloatVector wq = FloatVector.fromArray(F, w, n + k + 3 * LANES);
        FloatVector xa = FloatVector.fromArray(F, x, xo + k + 3 * LANES);
        FloatVector xb = FloatVector.fromArray(F, x, xo + n + k + 3 * LANES);
        pa3 = wp.fma(xa, pa3);
        pb3 = wp.fma(xb, pb3);
        qa3 = wq.fma(xa, qa3);
        qb3 = wq.fma(xb, qb3);
      }
    }
    // the vectors of a last partial group go into the first, second and third accumulators, as in dot
    if (k + LANES <= n) {
      FloatVector wp = FloatVector.fromArray(F, w, k);
      FloatVector wq = FloatVector.fromArray(F, w, n + k);
      FloatVector xa = FloatVector.fromArray(F, x, xo + k);
      FloatVector xb = FloatVector.fromArray(F, x, xo + n + k);
      pa0 = wp.fma(xa, pa0);
      pb0 = wp.fma(xb, pb0);
      qa0 = wq.fma(xa, qa0);
      qb0 = wq.fma(xb, qb0);
      k += LANES;
    }
    if (k + LANES <= n) {
      FloatVector wp = FloatVector.fromArray(F, w, k);
      FloatVector wq = FloatVector.fromArray(F, w, n + k);
      FloatVector xa = FloatVector.fromArray(F, x, xo + k);
      FloatVector xb = FloatVector.fromArray(F, x, xo + n + k);
      pa1 = wp.fma(xa, pa1);
      pb1 = wp.fma(xb, pb1);
      qa1 = wq.fma(xa, qa1);
      qb1 = wq.fma(xb, qb1);
      k += LANES;
    }
    if (k + LANES <= n) {
      FloatVector wp = FloatVector.fromArray(F, w, k);
      FloatVector wq = FloatVector.fromArray(F, w, n + k);
      FloatVector xa = FloatVector.fromArray(F, x, xo + k);
      FloatVector xb = FloatVector.fromArray(F, x, xo + n + k);
      pa2 = wp.fma(xa, pa2);
      pb2 = wp.fma(xb, pb2);
      qa2 = wq.fma(xa, qa2);
      qb2 = wq.fma(xb, qb2);
      k += LANES;
    }
    pa0.add(pa1).add(pa2.add(pa3)).intoArray(lanes, 0 * LANES);
    pb0.add(pb1).add(pb2.add(pb3)).intoArray(lanes, 1 * LANES);
    qa0.add(qa1).add(qa2.add(qa3)).intoArray(lanes, 2 * LANES);
    qb0.add(qb1).add(qb2.add(qb3)).intoArray(lanes, 3 * LANES);
    out[o] = tail(MatVec.laneSum(lanes, 0 * LANES), w, k, x, xo + k, n - k);
    out[o + stride] = tail(MatVec.laneSum(lanes, 1 * LANES), w, k, x, xo + n + k, n - k);
    out[o + 1] = tail(MatVec.laneSum(lanes, 2 * LANES), w, n + k, x, xo + k, n - k);
    out[o + 1 + stride] = tail(MatVec.laneSum(lanes, 3 * LANES), w, n + k, x, xo + n + k, n - k);
  }

  /**
   * {@link #dot} for four inputs at once (x[xo..], x[xo + n..], ...): the row's vectors are loaded
   * once for the four, and the four inputs' chains of additions (each exactly {@link #dot}'s order:
   * the same accumulators, the same lane sum) run side by side, so the out-of-order core overlaps
   * what one input's dependent fused multiply-adds and lane sum would leave idle. Results go to
   * out[o], out[o + stride], out[o + 2·stride], out[o + 3·stride], bit-identical to four dots.
   */
  static void dot4(float[] w, float[] x, int xo, int n, float[] lanes, float[] out, int o, int stride) {
    FloatVector a0 = FloatVector.zero(F);
    FloatVector a1 = a0, a2 = a0, a3 = a0;
    FloatVector b0 = a0, b1 = a0, b2 = a0, b3 = a0;
    FloatVector c0 = a0, c1 = a0, c2 = a0, c3 = a0;
    FloatVector d0 = a0, d1 = a0, d2 = a0, d3 = a0;
    int xa = xo;
    int xb = xo + n;
    int xc = xo + 2 * n;
    int xd = xo + 3 * n;
    int k = 0;
    for (int bound = n - 4 * LANES; k <= bound; k += 4 * LANES) {
      FloatVector w0 = FloatVector.fromArray(F, w, k);
      FloatVector w1 = FloatVector.fromArray(F, w, k + LANES);
      FloatVector w2 = FloatVector.fromArray(F, w, k + 2 * LANES);
      FloatVector w3 = FloatVector.fromArray(F, w, k + 3 * LANES);
      a0 = w0.fma(FloatVector.fromArray(F, x, xa + k), a0);
      b0 = w0.fma(FloatVector.fromArray(F, x, xb + k), b0);
      c0 = w0.fma(FloatVector.fromArray(F, x, xc + k), c0);
      d0 = w0.fma(FloatVector.fromArray(F, x, xd + k), d0);
      a1 = w1.fma(FloatVector.fromArray(F, x, xa + k + LANES), a1);
      b1 = w1.fma(FloatVector.fromArray(F, x, xb + k + LANES), b1);
      c1 = w1.fma(FloatVector.fromArray(F, x, xc + k + LANES), c1);
      d1 = w1.fma(FloatVector.fromArray(F, x, xd + k + LANES), d1);
      a2 = w2.fma(FloatVector.fromArray(F, x, xa + k + 2 * LANES), a2);
      b2 = w2.fma(FloatVector.fromArray(F, x, xb + k + 2 * LANES), b2);
      c2 = w2.fma(FloatVector.fromArray(F, x, xc + k + 2 * LANES), c2);
      d2 = w2.fma(FloatVector.fromArray(F, x, xd + k + 2 * LANES), d2);
      a3 = w3.fma(FloatVector.fromArray(F, x, xa + k + 3 * LANES), a3);
      b3 = w3.fma(FloatVector.fromArray(F, x, xb + k + 3 * LANES), b3);
      c3 = w3.fma(FloatVector.fromArray(F, x, xc + k + 3 * LANES), c3);
      d3 = w3.fma(FloatVector.fromArray(F, x, xd + k + 3 * LANES), d3);
    }
    // the vectors of a last partial group go into the first, second and third accumulators, as in dot
    if (k + LANES <= n) {
      FloatVector v = FloatVector.fromArray(F, w, k);
      a0 = v.fma(FloatVector.fromArray(F, x, xa + k), a0);
      b0 = v.fma(FloatVector.fromArray(F, x, xb + k), b0);
      c0 = v.fma(FloatVector.fromArray(F, x, xc + k), c0);
      d0 = v.fma(FloatVector.fromArray(F, x, xd + k), d0);
      k += LANES;
    }
    if (k + LANES <= n) {
      FloatVector v = FloatVector.fromArray(F, w, k);
      a1 = v.fma(FloatVector.fromArray(F, x, xa + k), a1);
      b1 = v.fma(FloatVector.fromArray(F, x, xb + k), b1);
      c1 = v.fma(FloatVector.fromArray(F, x, xc + k), c1);
      d1 = v.fma(FloatVector.fromArray(F, x, xd + k), d1);
      k += LANES;
    }
    if (k + LANES <= n) {
      FloatVector v = FloatVector.fromArray(F, w, k);
      a2 = v.fma(FloatVector.fromArray(F, x, xa + k), a2);
      b2 = v.fma(FloatVector.fromArray(F, x, xb + k), b2);
      c2 = v.fma(FloatVector.fromArray(F, x, xc + k), c2);
      d2 = v.fma(FloatVector.fromArray(F, x, xd + k), d2);
      k += LANES;
    }
    a0.add(a1).add(a2.add(a3)).intoArray(lanes, 0);
    b0.add(b1).add(b2.add(b3)).intoArray(lanes, LANES);
    c0.add(c1).add(c2.add(c3)).intoArray(lanes, 2 * LANES);
    d0.add(d1).add(d2.add(d3)).intoArray(lanes, 3 * LANES);
    float sa = 0;
    float sb = 0;
    float sc = 0;
    float sd = 0;
    for (int l = 0; l < LANES; l++) { // MatVec.laneSum's order, four sums interleaved
      sa += lanes[l];
      sb += lanes[LANES + l];
      sc += lanes[2 * LANES + l];
      sd += lanes[3 * LANES + l];
    }
    for (; k < n; k++) {
      sa += w[k] * x[xa + k];
      sb += w[k] * x[xb + k];
      sc += w[k] * x[xc + k];
      sd += w[k] * x[xd + k];
    }
    out[o] = sa;
    out[o + stride] = sb;
    out[o + 2 * stride] = sc;
    out[o + 3 * stride] = sd;
  }

  /**
   * One row times one input without the row buffer, for single-sequence decode: each vector of
   * weights is dequantized exactly as {@link #decodeRow} does and goes straight into the
   * accumulator {@link #dot} would add it to, so the result is bit-identical to decodeRow + dot.
   */
  static float dotRow(GgmlType type, MemorySegment w, long at, int cols, float[] x, float[] lanes) {
    // One method per type: a single method with every type's loop grew past what C2 compiles
    // without boxing the vectors (40x slower). Vector i of the row always meets accumulator i mod 4.
    return switch (type) {
      case Q8_0 -> dotQ8_0(w, at, cols, x, lanes);
      case Q4_0 -> dotQ4_0(w, at, cols, x, lanes);
      case BF16 -> dotBf16(w, at, cols, x, lanes);
      case F16 -> dotF16(w, at, cols, x, lanes);
      case Q4_K -> dotQ4_K(w, at, cols, x, lanes);
      case Q6_K -> dotQ6_K(w, at, cols, x, lanes);
      default -> throw new IllegalArgumentException("no fused kernel for " + type);
    };
  }

  private static float dotQ8_0(MemorySegment w, long at, int cols, float[] x, float[] lanes) {
    FloatVector a0 = FloatVector.zero(F);
    FloatVector a1 = a0;
    FloatVector a2 = a0;
    FloatVector a3 = a0;
    int k = 0;
    if (LANES == 16) { // two blocks per round, one scale conversion per block
      for (; k + 64 <= cols; k += 64) {
        long block = at + (k >> 5) * 34L;
        float d = Float.float16ToFloat(w.get(SHORT, block));
        a0 = ((FloatVector) ByteVector.fromMemorySegment(B, w, block + 2, LE).convertShape(VectorOperators.B2F, F, 0))
            .mul(d).fma(FloatVector.fromArray(F, x, k), a0);
        a1 = ((FloatVector) ByteVector.fromMemorySegment(B, w, block + 18, LE).convertShape(VectorOperators.B2F, F, 0))
            .mul(d).fma(FloatVector.fromArray(F, x, k + 16), a1);
        d = Float.float16ToFloat(w.get(SHORT, block + 34));
        a2 = ((FloatVector) ByteVector.fromMemorySegment(B, w, block + 36, LE).convertShape(VectorOperators.B2F, F, 0))
            .mul(d).fma(FloatVector.fromArray(F, x, k + 32), a2);
        a3 = ((FloatVector) ByteVector.fromMemorySegment(B, w, block + 52, LE).convertShape(VectorOperators.B2F, F, 0))
            .mul(d).fma(FloatVector.fromArray(F, x, k + 48), a3);
      }
    }
    for (; k + 4 * LANES <= cols; k += 4 * LANES) {
      {
        long block = at + ((k) >> 5) * 34L;
        FloatVector v = ((FloatVector) ByteVector.fromMemorySegment(B, w, block + 2 + ((k) & 31), LE)
            .convertShape(VectorOperators.B2F, F, 0)).mul(Float.float16ToFloat(w.get(SHORT, block)));
        a0 = v.fma(FloatVector.fromArray(F, x, k), a0);
      }
      {
        long block = at + ((k + LANES) >> 5) * 34L;
        FloatVector v = ((FloatVector) ByteVector.fromMemorySegment(B, w, block + 2 + ((k + LANES) & 31), LE)
            .convertShape(VectorOperators.B2F, F, 0)).mul(Float.float16ToFloat(w.get(SHORT, block)));
        a1 = v.fma(FloatVector.fromArray(F, x, k + LANES), a1);
      }
      {
        long block = at + ((k + 2 * LANES) >> 5) * 34L;
        FloatVector v = ((FloatVector) ByteVector.fromMemorySegment(B, w, block + 2 + ((k + 2 * LANES) & 31), LE)
            .convertShape(VectorOperators.B2F, F, 0)).mul(Float.float16ToFloat(w.get(SHORT, block)));
        a2 = v.fma(FloatVector.fromArray(F, x, k + 2 * LANES), a2);
      }
      {
        long block = at + ((k + 3 * LANES) >> 5) * 34L;
        FloatVector v = ((FloatVector) ByteVector.fromMemorySegment(B, w, block + 2 + ((k + 3 * LANES) & 31), LE)
            .convertShape(VectorOperators.B2F, F, 0)).mul(Float.float16ToFloat(w.get(SHORT, block)));
        a3 = v.fma(FloatVector.fromArray(F, x, k + 3 * LANES), a3);
      }
    }
    if (k + LANES <= cols) {
      {
        long block = at + ((k) >> 5) * 34L;
        FloatVector v = ((FloatVector) ByteVector.fromMemorySegment(B, w, block + 2 + ((k) & 31), LE)
            .convertShape(VectorOperators.B2F, F, 0)).mul(Float.float16ToFloat(w.get(SHORT, block)));
        a0 = v.fma(FloatVector.fromArray(F, x, k), a0);
      }
      k += LANES;
    }
    if (k + LANES <= cols) {
      {
        long block = at + ((k) >> 5) * 34L;
        FloatVector v = ((FloatVector) ByteVector.fromMemorySegment(B, w, block + 2 + ((k) & 31), LE)
            .convertShape(VectorOperators.B2F, F, 0)).mul(Float.float16ToFloat(w.get(SHORT, block)));
        a1 = v.fma(FloatVector.fromArray(F, x, k), a1);
      }
      k += LANES;
    }
    if (k + LANES <= cols) {
      {
        long block = at + ((k) >> 5) * 34L;
        FloatVector v = ((FloatVector) ByteVector.fromMemorySegment(B, w, block + 2 + ((k) & 31), LE)
            .convertShape(VectorOperators.B2F, F, 0)).mul(Float.float16ToFloat(w.get(SHORT, block)));
        a2 = v.fma(FloatVector.fromArray(F, x, k), a2);
      }
      k += LANES;
    }
    a0.add(a1).add(a2.add(a3)).intoArray(lanes, 0);
    return MatVec.laneSum(lanes, 0);
  }

  private static float dotQ4_0(MemorySegment w, long at, int cols, float[] x, float[] lanes) {
    FloatVector a0 = FloatVector.zero(F);
    FloatVector a1 = a0;
    FloatVector a2 = a0;
    FloatVector a3 = a0;
    int k = 0;
    if (LANES == 16) { // two blocks per round, each block's 16 bytes read once for both nibbles
      for (; k + 64 <= cols; k += 64) {
        long block = at + (k >> 5) * 18L;
        ByteVector q = ByteVector.fromMemorySegment(B, w, block + 2, LE);
        float d = Float.float16ToFloat(w.get(SHORT, block));
        a0 = ((FloatVector) q.and((byte) 0x0f).sub((byte) 8).convertShape(VectorOperators.B2F, F, 0)).mul(d)
            .fma(FloatVector.fromArray(F, x, k), a0);
        a1 = ((FloatVector) q.lanewise(VectorOperators.LSHR, 4).sub((byte) 8).convertShape(VectorOperators.B2F, F, 0))
            .mul(d).fma(FloatVector.fromArray(F, x, k + 16), a1);
        q = ByteVector.fromMemorySegment(B, w, block + 20, LE);
        d = Float.float16ToFloat(w.get(SHORT, block + 18));
        a2 = ((FloatVector) q.and((byte) 0x0f).sub((byte) 8).convertShape(VectorOperators.B2F, F, 0)).mul(d)
            .fma(FloatVector.fromArray(F, x, k + 32), a2);
        a3 = ((FloatVector) q.lanewise(VectorOperators.LSHR, 4).sub((byte) 8).convertShape(VectorOperators.B2F, F, 0))
            .mul(d).fma(FloatVector.fromArray(F, x, k + 48), a3);
      }
    }
    for (; k + 4 * LANES <= cols; k += 4 * LANES) {
      {
        int e = k;
        long block = at + (e >> 5) * 18L;
        ByteVector q = ByteVector.fromMemorySegment(B, w, block + 2 + (e & 15), LE);
        q = (e & 31) < 16 ? q.and((byte) 0x0f) : q.lanewise(VectorOperators.LSHR, 4);
        FloatVector v = ((FloatVector) q.sub((byte) 8).convertShape(VectorOperators.B2F, F, 0))
            .mul(Float.float16ToFloat(w.get(SHORT, block)));
        a0 = v.fma(FloatVector.fromArray(F, x, e), a0);
      }
      {
        int e = k + LANES;
        long block = at + (e >> 5) * 18L;
        ByteVector q = ByteVector.fromMemorySegment(B, w, block + 2 + (e & 15), LE);
        q = (e & 31) < 16 ? q.and((byte) 0x0f) : q.lanewise(VectorOperators.LSHR, 4);
        FloatVector v = ((FloatVector) q.sub((byte) 8).convertShape(VectorOperators.B2F, F, 0))
            .mul(Float.float16ToFloat(w.get(SHORT, block)));
        a1 = v.fma(FloatVector.fromArray(F, x, e), a1);
      }
      {
        int e = k + 2 * LANES;
        long block = at + (e >> 5) * 18L;
        ByteVector q = ByteVector.fromMemorySegment(B, w, block + 2 + (e & 15), LE);
        q = (e & 31) < 16 ? q.and((byte) 0x0f) : q.lanewise(VectorOperators.LSHR, 4);
        FloatVector v = ((FloatVector) q.sub((byte) 8).convertShape(VectorOperators.B2F, F, 0))
            .mul(Float.float16ToFloat(w.get(SHORT, block)));
        a2 = v.fma(FloatVector.fromArray(F, x, e), a2);
      }
      {
        int e = k + 3 * LANES;
        long block = at + (e >> 5) * 18L;
        ByteVector q = ByteVector.fromMemorySegment(B, w, block + 2 + (e & 15), LE);
        q = (e & 31) < 16 ? q.and((byte) 0x0f) : q.lanewise(VectorOperators.LSHR, 4);
        FloatVector v = ((FloatVector) q.sub((byte) 8).convertShape(VectorOperators.B2F, F, 0))
            .mul(Float.float16ToFloat(w.get(SHORT, block)));
        a3 = v.fma(FloatVector.fromArray(F, x, e), a3);
      }
    }
    if (k + LANES <= cols) {
      {
        int e = k;
        long block = at + (e >> 5) * 18L;
        ByteVector q = ByteVector.fromMemorySegment(B, w, block + 2 + (e & 15), LE);
        q = (e & 31) < 16 ? q.and((byte) 0x0f) : q.lanewise(VectorOperators.LSHR, 4);
        FloatVector v = ((FloatVector) q.sub((byte) 8).convertShape(VectorOperators.B2F, F, 0))
            .mul(Float.float16ToFloat(w.get(SHORT, block)));
        a0 = v.fma(FloatVector.fromArray(F, x, e), a0);
      }
      k += LANES;
    }
    if (k + LANES <= cols) {
      {
        int e = k;
        long block = at + (e >> 5) * 18L;
        ByteVector q = ByteVector.fromMemorySegment(B, w, block + 2 + (e & 15), LE);
        q = (e & 31) < 16 ? q.and((byte) 0x0f) : q.lanewise(VectorOperators.LSHR, 4);
        FloatVector v = ((FloatVector) q.sub((byte) 8).convertShape(VectorOperators.B2F, F, 0))
            .mul(Float.float16ToFloat(w.get(SHORT, block)));
        a1 = v.fma(FloatVector.fromArray(F, x, e), a1);
      }
      k += LANES;
    }
    if (k + LANES <= cols) {
      {
        int e = k;
        long block = at + (e >> 5) * 18L;
        ByteVector q = ByteVector.fromMemorySegment(B, w, block + 2 + (e & 15), LE);
        q = (e & 31) < 16 ? q.and((byte) 0x0f) : q.lanewise(VectorOperators.LSHR, 4);
        FloatVector v = ((FloatVector) q.sub((byte) 8).convertShape(VectorOperators.B2F, F, 0))
            .mul(Float.float16ToFloat(w.get(SHORT, block)));
        a2 = v.fma(FloatVector.fromArray(F, x, e), a2);
      }
      k += LANES;
    }
    a0.add(a1).add(a2.add(a3)).intoArray(lanes, 0);
    return MatVec.laneSum(lanes, 0);
  }

  private static float dotQ4_K(MemorySegment w, long at, int cols, float[] x, float[] lanes) {
    FloatVector a0 = FloatVector.zero(F);
    FloatVector a1 = a0;
    FloatVector a2 = a0;
    FloatVector a3 = a0;
    int k = 0;
    for (; k < cols; k += 256) {
      long block = at + (k >> 8) * 144L;
      float d = Float.float16ToFloat(w.get(SHORT, block));
      float dmin = Float.float16ToFloat(w.get(SHORT, block + 2));
      // the 12 packed scale bytes in two registers, each sub-block's scale and min taken out by
      // shifts, and the nibbles split on 32-bit lanes after widening the bytes (x86 has no byte
      // shifts; C2 emulates them): 0.16 → 0.12 ns per weight in a one-thread timing loop, same values
      long s0 = w.get(LONG, block + 4);
      int s1 = w.get(INT, block + 12);
      for (int g = 0; g < 4; g++) {
        int sm1 = scaleMin(s0, s1, 2 * g);
        int sm2 = scaleMin(s0, s1, 2 * g + 1);
        float d1 = d * (sm1 & 0xff);
        float m1 = dmin * (sm1 >> 8);
        float d2 = d * (sm2 & 0xff);
        float m2 = dmin * (sm2 >> 8);
        long q = block + 16 + 32L * g;
        int e = k + 64 * g;
        IntVector i0 = (IntVector) ByteVector.fromMemorySegment(B, w, q, LE).convertShape(VectorOperators.B2I, I, 0);
        IntVector i1 = (IntVector) ByteVector.fromMemorySegment(B, w, q + 16, LE).convertShape(VectorOperators.B2I, I, 0);
        a0 = ((FloatVector) i0.and(0x0f).convert(VectorOperators.I2F, 0)).mul(d1).sub(m1)
            .fma(FloatVector.fromArray(F, x, e), a0);
        a1 = ((FloatVector) i1.and(0x0f).convert(VectorOperators.I2F, 0)).mul(d1).sub(m1)
            .fma(FloatVector.fromArray(F, x, e + 16), a1);
        a2 = ((FloatVector) i0.lanewise(VectorOperators.ASHR, 4).and(0x0f).convert(VectorOperators.I2F, 0)).mul(d2)
            .sub(m2).fma(FloatVector.fromArray(F, x, e + 32), a2);
        a3 = ((FloatVector) i1.lanewise(VectorOperators.ASHR, 4).and(0x0f).convert(VectorOperators.I2F, 0)).mul(d2)
            .sub(m2).fma(FloatVector.fromArray(F, x, e + 48), a3);
      }
    }
    a0.add(a1).add(a2.add(a3)).intoArray(lanes, 0);
    return MatVec.laneSum(lanes, 0);
  }

  /**
   * Q6_K, one round per two quarters (64 values): the bits are put together on 32-bit lanes after
   * widening the bytes, where x86 has shifts (byte-lane shifts are emulated and were the cost here).
   */
  private static float dotQ6_K(MemorySegment w, long at, int cols, float[] x, float[] lanes) {
    FloatVector a0 = FloatVector.zero(F);
    FloatVector a1 = a0;
    FloatVector a2 = a0;
    FloatVector a3 = a0;
    for (int k = 0; k < cols; k += 64) {
      long block = at + (k >> 8) * 210L;
      int half = (k >> 7) & 1;
      int pair = (k >> 6) & 1; // quarters 0-1 or 2-3 of the half: low or high nibbles of ql
      float d = Float.float16ToFloat(w.get(SHORT, block + 208));
      long ql = block + 64L * half;
      long qh = block + 128 + 32L * half;
      long sc = block + 192 + 8L * half + 4 * pair;
      int lowShift = 4 * pair;
      int highShift = 4 * pair;
      IntVector h0 = (IntVector) ByteVector.fromMemorySegment(B, w, qh, LE).convertShape(VectorOperators.B2I, I, 0);
      IntVector h1 = (IntVector) ByteVector.fromMemorySegment(B, w, qh + 16, LE).convertShape(VectorOperators.B2I, I, 0);
      // quarter 2·pair: ql[0..32), qh bits highShift..+1; quarter 2·pair + 1: ql[32..64), bits +2..+3
      IntVector q0 = ((IntVector) ByteVector.fromMemorySegment(B, w, ql, LE).convertShape(VectorOperators.B2I, I, 0))
          .lanewise(VectorOperators.LSHR, lowShift).and(0x0f)
          .or(h0.lanewise(VectorOperators.LSHR, highShift).and(3).lanewise(VectorOperators.LSHL, 4)).sub(32);
      IntVector q1 = ((IntVector) ByteVector.fromMemorySegment(B, w, ql + 16, LE).convertShape(VectorOperators.B2I, I, 0))
          .lanewise(VectorOperators.LSHR, lowShift).and(0x0f)
          .or(h1.lanewise(VectorOperators.LSHR, highShift).and(3).lanewise(VectorOperators.LSHL, 4)).sub(32);
      IntVector q2 = ((IntVector) ByteVector.fromMemorySegment(B, w, ql + 32, LE).convertShape(VectorOperators.B2I, I, 0))
          .lanewise(VectorOperators.LSHR, lowShift).and(0x0f)
          .or(h0.lanewise(VectorOperators.LSHR, highShift + 2).and(3).lanewise(VectorOperators.LSHL, 4)).sub(32);
      IntVector q3 = ((IntVector) ByteVector.fromMemorySegment(B, w, ql + 48, LE).convertShape(VectorOperators.B2I, I, 0))
          .lanewise(VectorOperators.LSHR, lowShift).and(0x0f)
          .or(h1.lanewise(VectorOperators.LSHR, highShift + 2).and(3).lanewise(VectorOperators.LSHL, 4)).sub(32);
      a0 = ((FloatVector) q0.convert(VectorOperators.I2F, 0)).mul(d * w.get(ValueLayout.JAVA_BYTE, sc))
          .fma(FloatVector.fromArray(F, x, k), a0);
      a1 = ((FloatVector) q1.convert(VectorOperators.I2F, 0)).mul(d * w.get(ValueLayout.JAVA_BYTE, sc + 1))
          .fma(FloatVector.fromArray(F, x, k + 16), a1);
      a2 = ((FloatVector) q2.convert(VectorOperators.I2F, 0)).mul(d * w.get(ValueLayout.JAVA_BYTE, sc + 2))
          .fma(FloatVector.fromArray(F, x, k + 32), a2);
      a3 = ((FloatVector) q3.convert(VectorOperators.I2F, 0)).mul(d * w.get(ValueLayout.JAVA_BYTE, sc + 3))
          .fma(FloatVector.fromArray(F, x, k + 48), a3);
    }
    a0.add(a1).add(a2.add(a3)).intoArray(lanes, 0);
    return MatVec.laneSum(lanes, 0);
  }

  /**
   * F16 as {@link #f16} widens it; vector i meets accumulator i mod 4. Finite halves take the short
   * way (sign, exponent and mantissa shifted into place by one shift and one mask, then scaled by
   * 2^112: 5 operations per vector instead of 13, about 0.085 instead of 0.16 ns per weight); a row
   * holding an infinity or NaN, seen by the largest magnitude, is done again the exact long way,
   * so both give the same floats as {@link Float#float16ToFloat}.
   */
  private static float dotF16(MemorySegment w, long at, int cols, float[] x, float[] lanes) {
    FloatVector a0 = FloatVector.zero(F);
    FloatVector a1 = a0;
    FloatVector a2 = a0;
    FloatVector a3 = a0;
    IntVector top = IntVector.zero(I);
    int k = 0;
    for (; k + 4 * LANES <= cols; k += 4 * LANES) {
      IntVector b0 = halfBits(w, at, k);
      IntVector b1 = halfBits(w, at, k + LANES);
      IntVector b2 = halfBits(w, at, k + 2 * LANES);
      IntVector b3 = halfBits(w, at, k + 3 * LANES);
      top = top.max(b0.and(0x0fffe000).max(b1.and(0x0fffe000))).max(b2.and(0x0fffe000).max(b3.and(0x0fffe000)));
      a0 = b0.reinterpretAsFloats().mul(0x1p112f).fma(FloatVector.fromArray(F, x, k), a0);
      a1 = b1.reinterpretAsFloats().mul(0x1p112f).fma(FloatVector.fromArray(F, x, k + LANES), a1);
      a2 = b2.reinterpretAsFloats().mul(0x1p112f).fma(FloatVector.fromArray(F, x, k + 2 * LANES), a2);
      a3 = b3.reinterpretAsFloats().mul(0x1p112f).fma(FloatVector.fromArray(F, x, k + 3 * LANES), a3);
    }
    if (k + LANES <= cols) {
      IntVector b = halfBits(w, at, k);
      top = top.max(b.and(0x0fffe000));
      a0 = b.reinterpretAsFloats().mul(0x1p112f).fma(FloatVector.fromArray(F, x, k), a0);
      k += LANES;
    }
    if (k + LANES <= cols) {
      IntVector b = halfBits(w, at, k);
      top = top.max(b.and(0x0fffe000));
      a1 = b.reinterpretAsFloats().mul(0x1p112f).fma(FloatVector.fromArray(F, x, k), a1);
      k += LANES;
    }
    if (k + LANES <= cols) {
      IntVector b = halfBits(w, at, k);
      top = top.max(b.and(0x0fffe000));
      a2 = b.reinterpretAsFloats().mul(0x1p112f).fma(FloatVector.fromArray(F, x, k), a2);
      k += LANES;
    }
    if (top.reduceLanes(VectorOperators.MAX) >= HALF_EXPONENT_ALL_ONES) {
      return dotF16Exact(w, at, cols, x, lanes);
    }
    a0.add(a1).add(a2.add(a3)).intoArray(lanes, 0);
    float s = MatVec.laneSum(lanes, 0);
    for (; k < cols; k++) {
      s += Float.float16ToFloat(w.get(SHORT, at + 2L * k)) * x[k];
    }
    return s;
  }

  /**
   * Halves [k, k + LANES) with sign, exponent and mantissa in float position (times 2^-112 for a
   * finite half). S2I sign-extends, so after the shift bits 28-31 all hold the sign: the mask keeps
   * bit 31 and the 15 bits below the half's sign.
   */
  private static IntVector halfBits(MemorySegment w, long at, int k) {
    IntVector h = (IntVector) ShortVector.fromMemorySegment(S, w, at + 2L * k, LE).convertShape(VectorOperators.S2I, I, 0);
    return h.lanewise(VectorOperators.LSHL, 13).and(0x8fffe000);
  }

  /** A half's all-ones exponent (infinity or NaN) after the shift of {@link #dotF16}. */
  private static final int HALF_EXPONENT_ALL_ONES = 0x7c00 << 13;

  /** {@link #dotF16} for a row with an infinity or NaN: every special value handled in the vector. */
  private static float dotF16Exact(MemorySegment w, long at, int cols, float[] x, float[] lanes) {
    FloatVector a0 = FloatVector.zero(F);
    FloatVector a1 = a0;
    FloatVector a2 = a0;
    FloatVector a3 = a0;
    int k = 0;
    for (int i = 0; k + LANES <= cols; k += LANES, i++) {
      FloatVector v = halfExact(w, at, k);
      FloatVector xv = FloatVector.fromArray(F, x, k);
      switch (i & 3) {
        case 0 -> a0 = v.fma(xv, a0);
        case 1 -> a1 = v.fma(xv, a1);
        case 2 -> a2 = v.fma(xv, a2);
        default -> a3 = v.fma(xv, a3);
      }
    }
    a0.add(a1).add(a2.add(a3)).intoArray(lanes, 0);
    float s = MatVec.laneSum(lanes, 0);
    for (; k < cols; k++) {
      s += Float.float16ToFloat(w.get(SHORT, at + 2L * k)) * x[k];
    }
    return s;
  }

  private static float dotBf16(MemorySegment w, long at, int cols, float[] x, float[] lanes) {
    FloatVector a0 = FloatVector.zero(F);
    FloatVector a1 = a0;
    FloatVector a2 = a0;
    FloatVector a3 = a0;
    int k = 0;
    for (; k + 4 * LANES <= cols; k += 4 * LANES) {
      a0 = bf16(w, at, k).fma(FloatVector.fromArray(F, x, k), a0);
      a1 = bf16(w, at, k + LANES).fma(FloatVector.fromArray(F, x, k + LANES), a1);
      a2 = bf16(w, at, k + 2 * LANES).fma(FloatVector.fromArray(F, x, k + 2 * LANES), a2);
      a3 = bf16(w, at, k + 3 * LANES).fma(FloatVector.fromArray(F, x, k + 3 * LANES), a3);
    }
    if (k + LANES <= cols) {
      a0 = bf16(w, at, k).fma(FloatVector.fromArray(F, x, k), a0);
      k += LANES;
    }
    if (k + LANES <= cols) {
      a1 = bf16(w, at, k).fma(FloatVector.fromArray(F, x, k), a1);
      k += LANES;
    }
    if (k + LANES <= cols) {
      a2 = bf16(w, at, k).fma(FloatVector.fromArray(F, x, k), a2);
      k += LANES;
    }
    a0.add(a1).add(a2.add(a3)).intoArray(lanes, 0);
    float s = MatVec.laneSum(lanes, 0);
    for (; k < cols; k++) {
      s += Float.intBitsToFloat((w.get(SHORT, at + 2L * k) & 0xffff) << 16) * x[k];
    }
    return s;
  }

  /** BF16 values [k, k + LANES) of the row at {@code at}. */
  private static FloatVector bf16(MemorySegment w, long at, int k) {
    IntVector i = (IntVector) ShortVector.fromMemorySegment(S, w, at + 2L * k, LE).convertShape(VectorOperators.S2I, I, 0);
    return i.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
  }

  /** One row of {@code cols} values starting at byte {@code at} of {@code w}, dequantized into out[o..]. */
  static void decodeRow(GgmlType type, MemorySegment w, long at, int cols, float[] out, int o) {
    if (!VECTOR_BLOCKS && type.quantized()) {
      var buffer = w.asSlice(at, type.bytes(cols)).asByteBuffer().order(LE);
      dev.opsmind.inference.gguf.Dequantize.toFloat(type, buffer, out, o, cols);
      return;
    }
    switch (type) {
      case F32 -> MemorySegment.copy(w, FLOAT, at, out, o, cols);
      case BF16 -> bf16(w, at, cols, out, o);
      case F16 -> f16(w, at, cols, out, o);
      case Q8_0 -> q8_0(w, at, cols / 32, out, o);
      case Q4_0 -> q4_0(w, at, cols / 32, out, o);
      case Q4_K -> q4_k(w, at, cols / 256, out, o);
      case Q6_K -> q6_k(w, at, cols / 256, out, o);
      default -> throw new IllegalArgumentException("no kernel for tensor type " + type);
    }
  }

  /** bfloat16 is the upper half of a float32. */
  private static void bf16(MemorySegment w, long at, int n, float[] out, int o) {
    int k = 0;
    for (int bound = F.loopBound(n); k < bound; k += LANES) {
      IntVector i = (IntVector) ShortVector.fromMemorySegment(S, w, at + 2L * k, LE).convertShape(VectorOperators.S2I, I, 0);
      i.lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats().intoArray(out, o + k);
    }
    for (; k < n; k++) {
      out[o + k] = Float.intBitsToFloat((w.get(SHORT, at + 2L * k) & 0xffff) << 16);
    }
  }

  /**
   * IEEE half to float, exact for every value ({@link #halfBits}, or {@link #halfExact} for a row
   * holding an infinity or NaN).
   */
  private static void f16(MemorySegment w, long at, int n, float[] out, int o) {
    // the short way of dotF16 first; a row holding an infinity or NaN is widened again, exactly
    IntVector top = IntVector.zero(I);
    int bound = F.loopBound(n);
    for (int k = 0; k < bound; k += LANES) {
      IntVector bits = halfBits(w, at, k);
      top = top.max(bits.and(0x0fffe000));
      bits.reinterpretAsFloats().mul(0x1p112f).intoArray(out, o + k);
    }
    if (top.reduceLanes(VectorOperators.MAX) >= HALF_EXPONENT_ALL_ONES) {
      for (int k = 0; k < bound; k += LANES) {
        halfExact(w, at, k).intoArray(out, o + k);
      }
    }
    for (int k = bound; k < n; k++) {
      out[o + k] = Float.float16ToFloat(w.get(SHORT, at + 2L * k));
    }
  }

  /**
   * Halves [k, k + LANES) widened exactly for every value: exponent and mantissa moved into float
   * position and scaled by 2^112 (which also turns half subnormals into the right normal floats),
   * infinities and NaNs given float's all-ones exponent (NaNs quiet, as {@link Float#float16ToFloat}
   * gives them), the sign put back.
   */
  private static FloatVector halfExact(MemorySegment w, long at, int k) {
    IntVector h = (IntVector) ShortVector.fromMemorySegment(S, w, at + 2L * k, LE).convertShape(VectorOperators.S2I, I, 0);
    IntVector em = h.and(0x7fff).lanewise(VectorOperators.LSHL, 13);
    IntVector magnitude = em.reinterpretAsFloats().mul(0x1p112f).reinterpretAsInts();
    VectorMask<Integer> special = h.and(0x7c00).compare(VectorOperators.EQ, 0x7c00);
    magnitude = magnitude.blend(em.or(0x7f800000), special);
    magnitude = magnitude.blend(magnitude.or(0x400000), special.and(h.and(0x3ff).compare(VectorOperators.NE, 0)));
    return magnitude.or(h.and(0x8000).lanewise(VectorOperators.LSHL, 16)).reinterpretAsFloats();
  }


  /** x = d · q for 32 int8 q per block. */
  private static void q8_0(MemorySegment w, long at, int blocks, float[] out, int o) {
    for (int b = 0; b < blocks; b++, at += 34, o += 32) {
      float d = Float.float16ToFloat(w.get(SHORT, at));
      for (int v = 0; v < 32; v += LANES) {
        FloatVector q = (FloatVector) ByteVector.fromMemorySegment(B, w, at + 2 + v, LE)
            .convertShape(VectorOperators.B2F, F, 0);
        q.mul(d).intoArray(out, o + v);
      }
    }
  }

  /** x = d · (q − 8); low nibbles are the block's first 16 values, high nibbles the last 16. */
  private static void q4_0(MemorySegment w, long at, int blocks, float[] out, int o) {
    for (int b = 0; b < blocks; b++, at += 18, o += 32) {
      float d = Float.float16ToFloat(w.get(SHORT, at));
      for (int v = 0; v < 32; v += LANES) {
        ByteVector q = ByteVector.fromMemorySegment(B, w, at + 2 + (v & 15), LE);
        q = v < 16 ? q.and((byte) 0x0f) : q.lanewise(VectorOperators.LSHR, 4);
        FloatVector f = (FloatVector) q.sub((byte) 8).convertShape(VectorOperators.B2F, F, 0);
        f.mul(d).intoArray(out, o + v);
      }
    }
  }

  /**
   * Scale (low 8 bits) and min (next 8 bits) number j of a Q4_K block's 12 packed bytes, given as
   * bytes 0-7 ({@code s0}) and 8-11 ({@code s1}), read little-endian.
   */
  private static int scaleMin(long s0, int s1, int j) {
    int sc;
    int m;
    if (j < 4) {
      sc = scaleByte(s0, s1, j) & 63;
      m = scaleByte(s0, s1, j + 4) & 63;
    } else {
      int qj4 = scaleByte(s0, s1, j + 4);
      sc = (qj4 & 0x0f) | ((scaleByte(s0, s1, j - 4) >> 6) << 4);
      m = (qj4 >> 4) | ((scaleByte(s0, s1, j) >> 6) << 4);
    }
    return sc | m << 8;
  }

  private static int scaleByte(long s0, int s1, int i) {
    return (int) ((i < 8 ? s0 >>> (8 * i) : s1 >>> (8 * (i - 8))) & 0xff);
  }

  /** 256 values: four groups of 64, each 32 low then 32 high nibbles, x = d·sc·q − dmin·m per 32. */
  private static void q4_k(MemorySegment w, long at, int blocks, float[] out, int o) {
    for (int b = 0; b < blocks; b++, at += 144, o += 256) {
      float d = Float.float16ToFloat(w.get(SHORT, at));
      float dmin = Float.float16ToFloat(w.get(SHORT, at + 2));
      for (int g = 0; g < 4; g++) {
        int sm1 = scaleMin(w.get(LONG, at + 4), w.get(INT, at + 12), 2 * g);
        int sm2 = scaleMin(w.get(LONG, at + 4), w.get(INT, at + 12), 2 * g + 1);
        float d1 = d * (sm1 & 0xff);
        float m1 = dmin * (sm1 >> 8);
        float d2 = d * (sm2 & 0xff);
        float m2 = dmin * (sm2 >> 8);
        long q = at + 16 + 32L * g;
        int og = o + 64 * g;
        for (int v = 0; v < 32; v += LANES) {
          ByteVector bytes = ByteVector.fromMemorySegment(B, w, q + v, LE);
          FloatVector lo = (FloatVector) bytes.and((byte) 0x0f).convertShape(VectorOperators.B2F, F, 0);
          lo.mul(d1).sub(m1).intoArray(out, og + v);
          FloatVector hi = (FloatVector) bytes.lanewise(VectorOperators.LSHR, 4).convertShape(VectorOperators.B2F, F, 0);
          hi.mul(d2).sub(m2).intoArray(out, og + 32 + v);
        }
      }
    }
  }

  /**
   * 256 values in two halves of 128: low 4 bits from ql, high 2 bits from qh, x = d·sc·(q − 32)
   * with an int8 scale per 16 values.
   */
  private static void q6_k(MemorySegment w, long at, int blocks, float[] out, int o) {
    for (int b = 0; b < blocks; b++, at += 210, o += 256) {
      float d = Float.float16ToFloat(w.get(SHORT, at + 208));
      for (int half = 0; half < 2; half++) {
        long ql = at + 64L * half;
        long qh = at + 128 + 32L * half;
        long sc = at + 192 + 8L * half;
        int oh = o + 128 * half;
        for (int quarter = 0; quarter < 4; quarter++) {
          for (int l = 0; l < 32; l += LANES) {
            ByteVector low = ByteVector.fromMemorySegment(B, w, ql + l + 32 * (quarter & 1), LE);
            low = quarter < 2 ? low.and((byte) 0x0f) : low.lanewise(VectorOperators.LSHR, 4);
            ByteVector high = ByteVector.fromMemorySegment(B, w, qh + l, LE)
                .lanewise(VectorOperators.LSHR, 2 * quarter).and((byte) 3).lanewise(VectorOperators.LSHL, 4);
            float scale = d * w.get(ValueLayout.JAVA_BYTE, sc + l / 16 + 2 * quarter);
            FloatVector f = (FloatVector) low.or(high).sub((byte) 32).convertShape(VectorOperators.B2F, F, 0);
            f.mul(scale).intoArray(out, oh + 32 * quarter + l);
          }
        }
      }
    }
  }
}
