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
