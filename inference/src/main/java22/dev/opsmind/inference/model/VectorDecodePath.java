package dev.opsmind.inference.model;

import dev.opsmind.inference.gguf.GgmlType;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import jdk.incubator.vector.FloatVector;

/**
 * The {@link VectorDecode} implementation: the same block as {@link LibtorchForward}'s NDArray forward
 * pass (RMSNorm, fused q/k/v, rotate-half RoPE, grouped-query attention over the cache, SwiGLU,
 * tied or separate LM head), for decode tokens and short prompt chunks, on plain float arrays with
 * the weight matrices read in place: F32 tensors by {@link MatVec}, weights kept in their stored
 * type (BF16, F16, Q8_0, Q4_0, Q4_K, Q6_K) by {@link BlockKernels}. Matrix rows and attention heads are split over
 * {@link ParallelRanges}. One thread (the decoder's owner) calls it at a time.
 */
final class VectorDecodePath implements VectorDecode {
  private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED;

  private record Layer(float[] inputNorm, Mat qkv, float[] qkvBias, Mat o, float[] oBias,
      float[] postNorm, Mat gateUp, Mat down) {}

  /** One stored part of a matrix: its type, first row within the matrix, rows and memory. */
  private record Part(GgmlType type, int start, int rows, MemorySegment data) {}

  /**
   * A weight matrix as the kernels read it: one F32 tensor's memory (read in place by
   * {@link MatVec}), or stored parts stacked by rows ({@link BlockKernels}).
   */
  private record Mat(MemorySegment f32, Part[] parts) {
    static Mat of(Matrix m) {
      if (m.f32() != null) {
        return new Mat(NativeTensor.of(m.f32()), null);
      }
      Part[] parts = new Part[m.parts().size()];
      int start = 0;
      for (int i = 0; i < parts.length; i++) {
        StoredMatrix p = m.parts().get(i);
        parts[i] = new Part(p.type(), start, p.rows(), MemorySegment.ofBuffer(p.data()));
        start += p.rows();
      }
      return new Mat(null, parts);
    }

    /** Row r dequantized into out[o..] (an embedding lookup). */
    void row(int r, int cols, float[] out, int o) {
      if (f32 != null) {
        MemorySegment.copy(f32, FLOAT, (long) r * cols * Float.BYTES, out, o, cols);
        return;
      }
      for (Part p : parts) {
        if (r < p.start() + p.rows()) {
          BlockKernels.decodeRow(p.type(), p.data(), (r - p.start()) * p.type().bytes(cols), cols, out, o);
          return;
        }
      }
    }

    /** Rows [from, to) of the product, as {@link MatVec#multiply}. */
    void multiply(int cols, float[] x, int batch, float[] out, int outStride, int from, int to) {
      if (f32 != null) {
        MatVec.multiply(f32, cols, x, batch, out, outStride, from, to);
        return;
      }
      for (Part p : parts) {
        int lo = Math.max(from, p.start());
        int hi = Math.min(to, p.start() + p.rows());
        if (lo < hi) {
          BlockKernels.multiply(p.type(), p.data(), p.rows(), cols, x, batch, out, outStride, p.start(),
              lo - p.start(), hi - p.start());
        }
      }
    }
  }

  /** One cache's buffers as segments, valid while the cache's generation is unchanged. */
  private record CacheViews(int generation, int capacity, MemorySegment[] keys, MemorySegment[] values) {}

  private final DecoderConfig c;
  private final Rope rope;
  private final ParallelRanges parallel;
  private final Mat embed;
  private final Mat lmHead;
  private final float[] norm;
  private final Layer[] layers;
  private final int qkvDim;
  private final Map<TensorKvCache, CacheViews> views = new WeakHashMap<>();

  VectorDecodePath(DecoderConfig config, Weights weights, Rope rope, int threads) {
    if (FloatVector.SPECIES_PREFERRED.length() < 4) {
      throw new UnsupportedOperationException("the vector decode path needs SIMD registers of 128 bits or more; "
          + "this CPU gives " + FloatVector.SPECIES_PREFERRED);
    }
    this.c = config;
    this.rope = rope;
    this.qkvDim = config.queryDim() + 2 * config.kvDim();
    this.embed = Mat.of(weights.embed());
    this.lmHead = weights.lmHead() == weights.embed() ? embed : Mat.of(weights.lmHead());
    this.norm = NativeTensor.copy(weights.norm());
    this.layers = new Layer[config.numLayers()];
    for (int l = 0; l < layers.length; l++) {
      LayerWeights w = weights.layers().get(l);
      layers[l] = new Layer(NativeTensor.copy(w.inputNorm()), Mat.of(w.qkv()), NativeTensor.copy(w.qkvBias()),
          Mat.of(w.o()), NativeTensor.copy(w.oBias()), NativeTensor.copy(w.postNorm()),
          Mat.of(w.gateUp()), Mat.of(w.down()));
    }
    this.parallel = new ParallelRanges(threads);
    MatVec.warmUp();
  }

  @Override
  public float[][] forward(List<int[]> runs, List<TensorKvCache> caches) {
    // One row per new token: a run of several tokens (a prompt chunk) is rows at consecutive
    // positions of one cache. Every row's key and value are stored before any row attends, and
    // a row attends up to its own position, so the rows of a run see each other causally.
    int n = 0;
    for (int[] run : runs) {
      n += run.length;
    }
    int hidden = c.hiddenSize();
    int inter = c.intermediateSize();
    float[] x = new float[n * hidden];
    int[] positions = new int[n];
    CacheViews[] cv = new CacheViews[n];
    int[] lastRows = new int[runs.size()];
    int row = 0;
    for (int s = 0; s < runs.size(); s++) {
      TensorKvCache cache = caches.get(s);
      int[] run = runs.get(s);
      cache.reserve(cache.length() + run.length);
      CacheViews view = views(cache);
      for (int i = 0; i < run.length; i++, row++) {
        embed.row(run[i], hidden, x, row * hidden);
        positions[row] = cache.length() + i;
        cv[row] = view;
      }
      lastRows[s] = row - 1;
    }
    float[][] cosSin = rope.cosSin(positions);
    float[] h = new float[n * hidden];
    float[] qkv = new float[n * qkvDim];
    float[] attn = new float[n * c.queryDim()];
    float[] proj = new float[n * hidden];
    float[] gateUp = new float[n * 2 * inter];
    float[] act = new float[n * inter];
    for (int l = 0; l < layers.length; l++) {
      Layer w = layers[l];
      rmsNorm(x, w.inputNorm(), h, n);
      multiply(w.qkv(), hidden, h, n, qkv, qkvDim, w.qkvBias());
      for (int b = 0; b < n; b++) {
        rotate(qkv, b * qkvDim, c.numHeads(), cosSin, b);
        rotate(qkv, b * qkvDim + c.queryDim(), c.numKvHeads(), cosSin, b);
        store(qkv, b, cv[b], l, positions[b]);
      }
      attend(l, qkv, positions, cv, attn, n);
      multiply(w.o(), c.queryDim(), attn, n, proj, hidden, w.oBias());
      addInPlace(x, proj);
      rmsNorm(x, w.postNorm(), h, n);
      multiply(w.gateUp(), hidden, h, n, gateUp, 2 * inter, null);
      for (int b = 0; b < n; b++) {
        int g = b * 2 * inter;
        for (int i = 0; i < inter; i++) {
          float gate = gateUp[g + i];
          act[b * inter + i] = gate / (1f + (float) Math.exp(-gate)) * gateUp[g + inter + i];
        }
      }
      multiply(w.down(), inter, act, n, proj, hidden, null);
      addInPlace(x, proj);
    }
    // Logits at each run's last token only: the LM head is the largest matrix.
    int m = runs.size();
    float[] last = x;
    if (m < n) {
      last = new float[m * hidden];
      for (int s = 0; s < m; s++) {
        System.arraycopy(x, lastRows[s] * hidden, last, s * hidden, hidden);
      }
    }
    float[] normed = new float[m * hidden];
    rmsNorm(last, norm, normed, m);
    int vocab = c.vocabSize();
    float[] logits = new float[m * vocab];
    multiply(lmHead, hidden, normed, m, logits, vocab, null);
    if (m == 1) {
      return new float[][] {logits}; // no copy: logits are most of a step's garbage
    }
    float[][] out = new float[m][vocab];
    for (int s = 0; s < m; s++) {
      System.arraycopy(logits, s * vocab, out[s], 0, vocab);
    }
    return out;
  }

  private CacheViews views(TensorKvCache cache) {
    CacheViews v = views.get(cache);
    if (v == null || v.generation() != cache.generation()) {
      MemorySegment[] keys = new MemorySegment[layers.length];
      MemorySegment[] values = new MemorySegment[layers.length];
      for (int l = 0; l < layers.length; l++) {
        keys[l] = NativeTensor.of(cache.keyBuffer(l));
        values[l] = NativeTensor.of(cache.valueBuffer(l));
      }
      v = new CacheViews(cache.generation(), cache.capacity(), keys, values);
      views.put(cache, v);
    }
    return v;
  }

  /** out[b, :] = w · in[b, :] (+ bias), rows split over the threads. */
  private void multiply(Mat w, int cols, float[] in, int n, float[] out, int rows, float[] bias) {
    parallel.run(rows, MatVec.ROWS, (from, to) -> w.multiply(cols, in, n, out, rows, from, to));
    if (bias != null) {
      for (int b = 0; b < n; b++) {
        for (int r = 0; r < rows; r++) {
          out[b * rows + r] += bias[r];
        }
      }
    }
  }

  /** x / sqrt(mean(x²) + eps) · weight, per row of {@code hidden} values. */
  private void rmsNorm(float[] x, float[] weight, float[] out, int n) {
    int hidden = c.hiddenSize();
    for (int b = 0; b < n; b++) {
      int o = b * hidden;
      double squares = 0;
      for (int i = 0; i < hidden; i++) {
        squares += (double) x[o + i] * x[o + i];
      }
      float rms = (float) Math.sqrt((float) (squares / hidden) + c.rmsNormEps());
      for (int i = 0; i < hidden; i++) {
        out[o + i] = x[o + i] / rms * weight[i];
      }
    }
  }

  /** Rotate-half RoPE of {@code heads} consecutive heads starting at {@code offset}, in place. */
  private void rotate(float[] v, int offset, int heads, float[][] cosSin, int b) {
    int d = c.headDim();
    int half = d / 2;
    float[] cos = cosSin[0];
    float[] sin = cosSin[1];
    int t = b * d;
    for (int head = 0; head < heads; head++) {
      int o = offset + head * d;
      for (int i = 0; i < half; i++) {
        float x1 = v[o + i];
        float x2 = v[o + half + i];
        v[o + i] = x1 * cos[t + i] + -x2 * sin[t + i];
        v[o + half + i] = x2 * cos[t + half + i] + x1 * sin[t + half + i];
      }
    }
  }

  /** Writes sequence b's new key and value heads at {@code position} of layer l's buffers. */
  private void store(float[] qkv, int b, CacheViews cv, int l, int position) {
    int d = c.headDim();
    int keys = b * qkvDim + c.queryDim();
    int values = keys + c.kvDim();
    for (int head = 0; head < c.numKvHeads(); head++) {
      long at = ((long) head * cv.capacity() + position) * d * Float.BYTES;
      MemorySegment.copy(qkv, keys + head * d, cv.keys()[l], FLOAT, at, d);
      MemorySegment.copy(qkv, values + head * d, cv.values()[l], FLOAT, at, d);
    }
  }

  /** Causal (and sliding-window) attention of each new token up to its position, (row, head) pairs split over threads. */
  private void attend(int l, float[] qkv, int[] positions, CacheViews[] cv, float[] out, int n) {
    int heads = c.numHeads();
    int d = c.headDim();
    int group = heads / c.numKvHeads();
    float scale = (float) (1.0 / Math.sqrt(d));
    parallel.run(n * heads, 1, (from, to) -> {
      float[] scores = null;
      float[] lanes = new float[MatVec.LANES];
      for (int item = from; item < to; item++) {
        int b = item / heads;
        int head = item % heads;
        int position = positions[b];
        int start = c.slidingWindow() > 0 ? Math.max(0, position - c.slidingWindow() + 1) : 0;
        int length = position + 1 - start;
        if (scores == null || scores.length < length) {
          scores = new float[length];
        }
        MemorySegment keys = cv[b].keys()[l];
        MemorySegment values = cv[b].values()[l];
        long base = (long) (head / group) * cv[b].capacity() * d * Float.BYTES;
        int q = b * qkvDim + head * d;
        float max = Float.NEGATIVE_INFINITY;
        for (int t = 0; t < length; t++) {
          float s = MatVec.dot(qkv, q, keys, base + (long) (start + t) * d * Float.BYTES, d, lanes) * scale;
          scores[t] = s;
          max = Math.max(max, s);
        }
        float sum = 0;
        for (int t = 0; t < length; t++) {
          scores[t] = (float) Math.exp(scores[t] - max);
          sum += scores[t];
        }
        int o = b * heads * d + head * d;
        java.util.Arrays.fill(out, o, o + d, 0f);
        for (int t = 0; t < length; t++) {
          MatVec.addScaled(out, o, scores[t] / sum, values, base + (long) (start + t) * d * Float.BYTES, d);
        }
      }
    });
  }

  private static void addInPlace(float[] x, float[] y) {
    for (int i = 0; i < x.length; i++) {
      x[i] += y[i];
    }
  }

  @Override
  public void close() {
    parallel.close();
  }
}
