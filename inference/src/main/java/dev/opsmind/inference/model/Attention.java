package dev.opsmind.inference.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;

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
