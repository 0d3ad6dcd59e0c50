package dev.opsmind.inference.model;

import java.util.List;

/**
 * Decode passes (one new token for every sequence of the pass), and passes of few new tokens
 * (a short prompt, maybe beside decode tokens), run on the CPU by Java Vector API kernels that
 * read the weights (libtorch's F32 tensors, or matrices kept in their stored type, see
 * {@link StoredMatrix}) and the KV-cache buffers in place: no copy of the model, and the cache is
 * the one libtorch writes for long prompts.
 *
 * <p>Why: such a pass is a matrix times a few vectors per weight matrix, bound by how fast the
 * weights stream from memory. libtorch's F32 mat-vec streamed about 13 GB/s here, a plain Vector
 * API loop over four rows at a time about 20 GB/s; with several tokens per pass each weight
 * row is read once for all of them, where libtorch's matrix product first packs the whole matrix
 * (bench/README.md has the numbers).
 *
 * <p>The kernels need java.lang.foreign, final since Java 22, while opsmind builds for Java 21:
 * they live in {@code src/main/java22}, compiled only when the build's JDK is 22 or newer, and
 * are loaded only on such a JVM; {@link #load} says why when they cannot run.
 */
interface VectorDecode extends AutoCloseable {
  String IMPLEMENTATION = "dev.opsmind.inference.model.VectorDecodePath";

  /**
   * Appends each run of tokens to its cache (written past the cache's length, not committed) and
   * returns the logits at each run's last token, float[vocabSize] per run.
   */
  float[][] forward(List<int[]> runs, List<TensorKvCache> caches);

  @Override
  void close();

  /** Why this JVM or build cannot run the vector kernels, or null when it can. */
  static String unavailable() {
    int feature = Runtime.version().feature();
    if (feature < 22) {
      return "the vector decode path needs Java 22 or newer; this JVM is " + feature;
    }
    if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
      return "the vector decode path needs the JVM flag --add-modules jdk.incubator.vector (./opsmind passes it)";
    }
    try {
      Class.forName(IMPLEMENTATION, false, VectorDecode.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      return "the vector decode path was not built: opsmind was compiled by a JDK older than 22, which skips"
          + " src/main/java22 (" + e + ")";
    }
    return null;
  }

  /**
   * The vector decode path over these weights.
   *
   * @throws UnsupportedOperationException saying why this JVM or build cannot run it
   */
  static VectorDecode load(DecoderConfig config, Weights weights, Rope rope, int threads) {
    String why = unavailable();
    if (why != null) {
      throw new UnsupportedOperationException(why);
    }
    Class<?> type;
    try {
      type = Class.forName(IMPLEMENTATION);
    } catch (ClassNotFoundException | LinkageError e) {
      throw new UnsupportedOperationException("the vector decode path failed to load: " + e);
    }
    try {
      return (VectorDecode) type.getDeclaredConstructor(DecoderConfig.class, Weights.class, Rope.class, int.class)
          .newInstance(config, weights, rope, threads);
    } catch (ReflectiveOperationException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      throw new UnsupportedOperationException("the vector decode path failed to start: " + cause, cause);
    }
  }
}
