package dev.opsmind.inference.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.List;

/** Grouped-query causal attention of one sequence's new tokens over its cached keys and values. */
final class Attention {
  private Attention() {}

  /**
   * @param q [tokens, heads, headDim] queries of the new tokens (already rotated)
   * @param keys [kvHeads, length, headDim] all keys including the new tokens'
   * @param values [kvHeads, length, headDim]
   * @param slidingWindow 0, or how many positions back a token may look
   * @return [tokens, heads * headDim]
   */
  static NDArray attend(NDManager step, NDArray q, NDArray keys, NDArray values, int numHeads, int numKvHeads,
      int headDim, int slidingWindow) {
    int tokens = (int) q.getShape().get(0);
    int length = (int) keys.getShape().get(1);
    int group = numHeads / numKvHeads;
    // Head h reads kv head h / group, so heads grouped by kv head share one batched product.
    NDArray grouped = q.transpose(1, 0, 2).reshape(numKvHeads, (long) group * tokens, headDim);
    NDArray scores = grouped.matMul(keys.transpose(0, 2, 1)).muli(1.0 / Math.sqrt(headDim));
    NDArray mask = mask(step, tokens, length, slidingWindow);
    if (mask != null) {
      scores = scores.reshape(numKvHeads, group, tokens, length).addi(mask).reshape(numKvHeads, (long) group * tokens,
          length);
    }
    NDArray out = scores.softmax(-1).matMul(values);
    return out.reshape(numHeads, tokens, headDim).transpose(1, 0, 2).reshape(tokens, (long) numHeads * headDim);
  }

  /**
   * One decode token for each of several sequences at once: their caches are stacked (shorter ones
   * padded with zeros that a -inf mask hides), so a step costs a handful of engine calls instead
   * of a dozen per sequence. Each sequence sees only its own keys, as in {@link #attend}.
   *
   * @param q [sequences, heads, headDim] one rotated query per sequence
   * @param keys per sequence [kvHeads, length, headDim], new token included
   * @param values per sequence, same shapes as keys
   * @return [sequences, heads * headDim]
   */
  static NDArray attendDecode(NDManager step, NDArray q, List<NDArray> keys, List<NDArray> values, int numHeads,
      int numKvHeads, int headDim) {
    int n = keys.size();
    int longest = 0;
    for (NDArray k : keys) {
      longest = Math.max(longest, (int) k.getShape().get(1));
    }
    NDList paddedKeys = new NDList(n);
    NDList paddedValues = new NDList(n);
    float[] m = null;
    for (int s = 0; s < n; s++) {
      int length = (int) keys.get(s).getShape().get(1);
      if (length == longest) {
        paddedKeys.add(keys.get(s));
        paddedValues.add(values.get(s));
        continue;
      }
      NDArray zeros = step.zeros(new Shape(numKvHeads, longest - length, headDim), keys.get(s).getDataType());
      paddedKeys.add(keys.get(s).concat(zeros, 1));
      paddedValues.add(values.get(s).concat(zeros, 1));
      if (m == null) {
        m = new float[n * longest];
      }
      Arrays.fill(m, s * longest + length, (s + 1) * longest, Float.NEGATIVE_INFINITY);
    }
    NDArray k = NDArrays.stack(paddedKeys); // [n, kvHeads, longest, headDim]
    NDArray v = NDArrays.stack(paddedValues);
    int group = numHeads / numKvHeads;
    // Head h reads kv head h / group: [n, kvHeads, group, headDim] · [n, kvHeads, headDim, longest]
    NDArray grouped = q.reshape(n, numKvHeads, group, headDim);
    NDArray scores = grouped.matMul(k.transpose(0, 1, 3, 2)).muli(1.0 / Math.sqrt(headDim));
    if (m != null) {
      scores = scores.addi(step.create(m, new Shape(n, 1, 1, longest)));
    }
    return scores.softmax(-1).matMul(v).reshape(n, (long) numHeads * headDim);
  }

  /**
   * Prompt chunks of several sequences at once: queries padded to the longest chunk, caches to the
   * longest cache, stacked, and masked so each token sees its own sequence's keys up to itself
   * (within the sliding window); padded query rows are computed but not returned. One batched
   * product per layer instead of a dozen engine calls per sequence.
   *
   * @param qs per sequence [tokens, heads, headDim] rotated queries of its chunk
   * @param keys per sequence [kvHeads, length, headDim], the chunk's keys included
   * @param values per sequence, same shapes as keys
   * @return per sequence [tokens, heads * headDim], in order
   */
  static List<NDArray> attendChunks(NDManager step, List<NDArray> qs, List<NDArray> keys, List<NDArray> values,
      int numHeads, int numKvHeads, int headDim, int slidingWindow) {
    int n = qs.size();
    int[] tokens = new int[n];
    int[] lengths = new int[n];
    int maxTokens = 0;
    int maxLength = 0;
    for (int s = 0; s < n; s++) {
      tokens[s] = (int) qs.get(s).getShape().get(0);
      lengths[s] = (int) keys.get(s).getShape().get(1);
      maxTokens = Math.max(maxTokens, tokens[s]);
      maxLength = Math.max(maxLength, lengths[s]);
    }
    NDList paddedQ = new NDList(n);
    NDList paddedK = new NDList(n);
    NDList paddedV = new NDList(n);
    float[] m = new float[n * maxTokens * maxLength];
    for (int s = 0; s < n; s++) {
      NDArray q = qs.get(s);
      if (tokens[s] < maxTokens) {
        q = q.concat(step.zeros(new Shape(maxTokens - tokens[s], numHeads, headDim), q.getDataType()), 0);
      }
      paddedQ.add(q);
      NDArray k = keys.get(s);
      NDArray v = values.get(s);
      if (lengths[s] < maxLength) {
        NDArray zeros = step.zeros(new Shape(numKvHeads, maxLength - lengths[s], headDim), k.getDataType());
        k = k.concat(zeros, 1);
        v = v.concat(zeros, 1);
      }
      paddedK.add(k);
      paddedV.add(v);
      int first = lengths[s] - tokens[s];
      for (int i = 0; i < maxTokens; i++) {
        int row = (s * maxTokens + i) * maxLength;
        if (i >= tokens[s]) {
          // a padded query row: let it see key 0 (no all -inf softmax); its output is dropped
          Arrays.fill(m, row + 1, row + maxLength, Float.NEGATIVE_INFINITY);
          continue;
        }
        int pos = first + i;
        Arrays.fill(m, row + pos + 1, row + maxLength, Float.NEGATIVE_INFINITY);
        if (slidingWindow > 0 && pos - slidingWindow + 1 > 0) {
          Arrays.fill(m, row, row + pos - slidingWindow + 1, Float.NEGATIVE_INFINITY);
        }
      }
    }
    int group = numHeads / numKvHeads;
    // [n, T, heads, d] -> [n, heads, T, d] -> [n, kvHeads, group * T, d]: head h reads kv head h / group
    NDArray q = NDArrays.stack(paddedQ).transpose(0, 2, 1, 3).reshape(n, numKvHeads, (long) group * maxTokens, headDim);
    NDArray k = NDArrays.stack(paddedK); // [n, kvHeads, L, d]
    NDArray v = NDArrays.stack(paddedV);
    NDArray scores = q.matMul(k.transpose(0, 1, 3, 2)).muli(1.0 / Math.sqrt(headDim))
        .reshape(n, numKvHeads, group, maxTokens, maxLength)
        .addi(step.create(m, new Shape(n, 1, 1, maxTokens, maxLength)))
        .reshape(n, numKvHeads, (long) group * maxTokens, maxLength);
    NDArray out = scores.softmax(-1).matMul(v) // [n, kvHeads, group * T, d]
        .reshape(n, numHeads, maxTokens, headDim).transpose(0, 2, 1, 3).reshape(n, maxTokens, (long) numHeads * headDim);
    List<NDArray> result = new java.util.ArrayList<>(n);
    for (int s = 0; s < n; s++) {
      result.add(out.get(new ai.djl.ndarray.index.NDIndex("{}, :{}", s, tokens[s])));
    }
    return result;
  }

  /** Additive mask [tokens, length]: token i (at position length - tokens + i) sees keys up to itself. */
  private static NDArray mask(NDManager step, int tokens, int length, int slidingWindow) {
    int first = length - tokens;
    boolean windowed = slidingWindow > 0 && length > slidingWindow;
    if (tokens == 1 && !windowed) {
      return null;
    }
    float[] m = new float[tokens * length];
    for (int i = 0; i < tokens; i++) {
      int pos = first + i;
      int row = i * length;
      Arrays.fill(m, row + pos + 1, row + length, Float.NEGATIVE_INFINITY);
      if (slidingWindow > 0 && pos - slidingWindow + 1 > 0) {
        Arrays.fill(m, row, row + pos - slidingWindow + 1, Float.NEGATIVE_INFINITY);
      }
    }
    return step.create(m, new Shape(tokens, length));
  }
}
