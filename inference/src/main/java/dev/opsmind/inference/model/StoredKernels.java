package dev.opsmind.inference.model;

/**
 * The vector path's kernels over {@link StoredMatrix} weights, reachable from Java 21 code (the
 * implementation lives in {@code src/main/java22}): libtorch's pass uses {@link #dequantize} for its
 * tiles, tests compare {@link #multiply} with the dequantized product.
 */
public interface StoredKernels {
  String IMPLEMENTATION = "dev.opsmind.inference.model.BlockKernels";

  /** {@code out[b * rows + r] = Σk w[r][k] · x[b * cols + k]} for every row, on the calling thread. */
  void multiply(StoredMatrix w, float[] x, int batch, float[] out);

  /** Rows [from, from + count) dequantized into {@code out[off..]}, exactly as {@link StoredMatrix#dequantize}. */
  void dequantize(StoredMatrix w, int from, int count, float[] out, int off);

  /** The kernels, or null when this JVM or build cannot run them ({@link VectorDecode#unavailable} says why). */
  static StoredKernels load() {
    if (VectorDecode.unavailable() != null) {
      return null;
    }
    try {
      return (StoredKernels) Class.forName(IMPLEMENTATION).getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException | LinkageError | UnsupportedOperationException e) {
      return null;
    }
  }
}
