package dev.opsmind.inference.generate.sampling;

import java.util.Arrays;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * The sampler's steps, each a small function over a logits or probability array, applied in the
 * order logit bias → penalties → temperature → softmax → top-k → top-p → min-p → draw (as
 * llama3.java composes them). Filtering steps zero the probabilities they remove; draw renormalises implicitly.
 */
public final class SamplerSteps {
  private SamplerSteps() {}

  /** Adds each biased token's bias to its logit; ids past the logits are ignored. */
  public static void applyLogitBias(float[] logits, Map<Integer, Float> bias) {
    for (var e : bias.entrySet()) {
      if (e.getKey() < logits.length) {
        logits[e.getKey()] += e.getValue();
      }
    }
  }

  /**
   * Penalises tokens already seen. Repetition (CTRL/HF style, over prompt and output): a positive
   * logit is divided by {@code repetition}, a negative one multiplied. Frequency and presence
   * (OpenAI style, over output only): subtract {@code frequency × count} and {@code presence} once.
   */
  public static void applyPenalties(float[] logits, TokenCounts seen, double repetition, double frequency,
      double presence) {
    if (repetition != 1.0) {
      for (int id : seen.promptAndOutputIds()) {
        float l = logits[id];
        logits[id] = (float) (l > 0 ? l / repetition : l * repetition);
      }
    }
    if (frequency != 0.0 || presence != 0.0) {
      for (int id : seen.outputIds()) {
        int count = seen.outputCount(id);
        logits[id] -= (float) (frequency * count + (count > 0 ? presence : 0));
      }
    }
  }

  public static void applyTemperature(float[] logits, double temperature) {
    float inv = (float) (1.0 / temperature);
    for (int i = 0; i < logits.length; i++) {
      logits[i] *= inv;
    }
  }

  /** Softmax in place (max-subtracted, so large logits do not overflow). */
  public static void softmax(float[] x) {
    float max = Float.NEGATIVE_INFINITY;
    for (float v : x) {
      max = Math.max(max, v);
    }
    double sum = 0;
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) Math.exp(x[i] - max);
      sum += x[i];
    }
    float inv = (float) (1.0 / sum);
    for (int i = 0; i < x.length; i++) {
      x[i] *= inv;
    }
  }

  /** Keeps the k most probable tokens (ties at the k-th value are all kept). */
  public static void topK(float[] probs, int k) {
    if (k <= 0 || k >= probs.length) {
      return;
    }
    int[] top = topIndices(probs, k);
    float kth = probs[top[k - 1]];
    for (int i = 0; i < probs.length; i++) {
      if (probs[i] < kth) {
        probs[i] = 0;
      }
    }
  }

  /**
   * Indices of the k largest values, largest first: a size-k min-heap, O(n log k), so a 150k
   * vocabulary is not sorted for every token.
   */
  public static int[] topIndices(float[] x, int k) {
    k = Math.min(k, x.length);
    if (k <= 0) {
      return new int[0]; // logprobs without alternatives
    }
    int[] heap = new int[k]; // min-heap of indices by value
    int size = 0;
    for (int i = 0; i < x.length; i++) {
      if (size < k) {
        heap[size] = i;
        siftUp(heap, size++, x);
      } else if (x[i] > x[heap[0]]) {
        heap[0] = i;
        siftDown(heap, size, x);
      }
    }
    int[] out = new int[size];
    for (int j = size - 1; j >= 0; j--) { // pop smallest first into the back
      out[j] = heap[0];
      heap[0] = heap[--size];
      siftDown(heap, size, x);
    }
    return out;
  }

  private static void siftUp(int[] h, int i, float[] x) {
    while (i > 0) {
      int parent = (i - 1) / 2;
      if (x[h[i]] >= x[h[parent]]) {
        return;
      }
      int t = h[i];
      h[i] = h[parent];
      h[parent] = t;
      i = parent;
    }
  }

  private static void siftDown(int[] h, int size, float[] x) {
    int i = 0;
    while (true) {
      int l = 2 * i + 1;
      int r = l + 1;
      int min = i;
      if (l < size && x[h[l]] < x[h[min]]) {
        min = l;
      }
      if (r < size && x[h[r]] < x[h[min]]) {
        min = r;
      }
      if (min == i) {
        return;
      }
      int t = h[i];
      h[i] = h[min];
      h[min] = t;
      i = min;
    }
  }

  /** Keeps the smallest set of most probable tokens whose mass reaches {@code p}. */
  public static void topP(float[] probs, double p) {
    if (p >= 1.0) {
      return;
    }
    // Only tokens above (1-p)/(n-1) can be in the nucleus (llama3.java's trick): sort just those.
    float cutoff = (float) ((1.0 - p) / Math.max(1, probs.length - 1));
    int n = 0;
    long[] keys = new long[probs.length];
    for (int i = 0; i < probs.length; i++) {
      if (probs[i] >= cutoff && probs[i] > 0) {
        // Non-negative floats order like their bits: (bits << 32 | id) sorts by probability.
        keys[n++] = ((long) Float.floatToRawIntBits(probs[i]) << 32) | i;
      }
    }
    Arrays.sort(keys, 0, n);
    double total = 0;
    for (float v : probs) {
      total += v;
    }
    double mass = 0;
    int last = 0;
    for (int j = n - 1; j >= 0; j--) {
      mass += probs[(int) keys[j]];
      if (mass >= p * total * (1 - 1e-6)) { // float sums carry rounding: 0.5 must reach p=0.5
        last = j;
        break;
      }
    }
    boolean[] keep = new boolean[probs.length];
    for (int j = n - 1; j >= last; j--) {
      keep[(int) keys[j]] = true;
    }
    for (int i = 0; i < probs.length; i++) {
      if (!keep[i]) {
        probs[i] = 0;
      }
    }
  }

  /** Drops tokens less probable than {@code minP} times the most probable one. */
  public static void minP(float[] probs, double minP) {
    if (minP <= 0) {
      return;
    }
    float max = 0;
    for (float v : probs) {
      max = Math.max(max, v);
    }
    float threshold = (float) (minP * max);
    for (int i = 0; i < probs.length; i++) {
      if (probs[i] < threshold) {
        probs[i] = 0;
      }
    }
  }

  /** Draws an index with probability proportional to {@code weights} (need not sum to 1). */
  public static int draw(float[] weights, RandomGenerator random) {
    double total = 0;
    for (float w : weights) {
      total += w;
    }
    double r = random.nextDouble() * total;
    double acc = 0;
    int lastPositive = -1;
    for (int i = 0; i < weights.length; i++) {
      if (weights[i] > 0) {
        acc += weights[i];
        lastPositive = i;
        if (r < acc) {
          return i;
        }
      }
    }
    return lastPositive; // rounding left r just past the end
  }

  public static int argmax(float[] x) {
    int best = 0;
    for (int i = 1; i < x.length; i++) {
      if (x[i] > x[best]) {
        best = i;
      }
    }
    return best;
  }

  /** log-softmax of {@code logits} into a new array. */
  public static float[] logSoftmax(float[] logits) {
    float max = Float.NEGATIVE_INFINITY;
    for (float v : logits) {
      max = Math.max(max, v);
    }
    double sum = 0;
    for (float v : logits) {
      sum += Math.exp(v - max);
    }
    float logZ = (float) (max + Math.log(sum));
    float[] out = new float[logits.length];
    for (int i = 0; i < logits.length; i++) {
      out[i] = logits[i] - logZ;
    }
    return out;
  }
}
