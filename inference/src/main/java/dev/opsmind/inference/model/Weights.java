package dev.opsmind.inference.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * All weights of a Llama-family decoder. Matrices are {@link Matrix}es: on the CPU, when any of the
 * checkpoint's matrices is not F32 and the vector kernels can run, every matrix is kept in its
 * stored type ({@link StoredMatrix}, file-mapped where it can be; no F32 copy of the model);
 * otherwise (an all-F32 checkpoint, a GPU, no vector kernels) matrices are F32 tensors owned by
 * libtorch, q/k/v and gate/up fused. Norms and biases are small F32 tensors either way. Every
 * expected tensor's presence and shape is checked before any data is read, so a broken checkpoint
 * fails fast with the tensor, expected and actual shape named.
 */
record Weights(Matrix embed, List<LayerWeights> layers, NDArray norm, Matrix lmHead, boolean stored) {

  static Weights load(WeightSource dir, NDManager manager, boolean keepStored) {
    DecoderConfig c = dir.config();
    checkShapes(dir, c);
    boolean stored = keepStored && !allF32(dir, c);
    Loader l = new Loader(dir, manager);
    Matrix embed = l.matrix(stored, "model.embed_tokens.weight", c.vocabSize(), c.hiddenSize());
    List<LayerWeights> layers = new ArrayList<>();
    for (int i = 0; i < c.numLayers(); i++) {
      String p = "model.layers." + i + ".";
      Matrix qkv = l.matrix(stored, new String[] {p + "self_attn.q_proj.weight", p + "self_attn.k_proj.weight",
          p + "self_attn.v_proj.weight"}, new int[] {c.queryDim(), c.kvDim(), c.kvDim()}, c.hiddenSize());
      NDArray qkvBias = c.attentionBias()
          ? l.fused(0, l.load(p + "self_attn.q_proj.bias", c.queryDim()), l.load(p + "self_attn.k_proj.bias", c.kvDim()),
              l.load(p + "self_attn.v_proj.bias", c.kvDim()))
          : null;
      Matrix o = l.matrix(stored, p + "self_attn.o_proj.weight", c.hiddenSize(), c.queryDim());
      NDArray oBias = hasOutputBias(c) ? l.load(p + "self_attn.o_proj.bias", c.hiddenSize()) : null;
      Matrix gateUp = l.matrix(stored, new String[] {p + "mlp.gate_proj.weight", p + "mlp.up_proj.weight"},
          new int[] {c.intermediateSize(), c.intermediateSize()}, c.hiddenSize());
      Matrix down = l.matrix(stored, p + "mlp.down_proj.weight", c.hiddenSize(), c.intermediateSize());
      layers.add(new LayerWeights(l.load(p + "input_layernorm.weight", c.hiddenSize()), qkv, qkvBias, o, oBias,
          l.load(p + "post_attention_layernorm.weight", c.hiddenSize()), gateUp, down));
    }
    NDArray norm = l.load("model.norm.weight", c.hiddenSize());
    Matrix lmHead = c.tieWordEmbeddings() ? embed
        : l.matrix(stored, "lm_head.weight", c.vocabSize(), c.hiddenSize());
    l.releaseMappings();
    return new Weights(embed, List.copyOf(layers), norm, lmHead, stored);
  }

  /** Names of every matrix (2-D weight) the architecture reads. */
  static List<String> matrixNames(DecoderConfig c) {
    List<String> out = new ArrayList<>();
    out.add("model.embed_tokens.weight");
    for (int i = 0; i < c.numLayers(); i++) {
      String p = "model.layers." + i + ".";
      for (String m : List.of("self_attn.q_proj", "self_attn.k_proj", "self_attn.v_proj", "self_attn.o_proj",
          "mlp.gate_proj", "mlp.up_proj", "mlp.down_proj")) {
        out.add(p + m + ".weight");
      }
    }
    if (!c.tieWordEmbeddings()) {
      out.add("lm_head.weight");
    }
    return out;
  }

  private static boolean allF32(WeightSource dir, DecoderConfig c) {
    return matrixNames(c).stream().allMatch(n -> dir.storedType(n) == dev.opsmind.inference.gguf.GgmlType.F32);
  }

  /**
   * Bytes the weights take in memory once loaded: matrices as stored (or as F32 when every matrix
   * is F32 or {@code keepStored} is false), norms and biases as F32. The KV cache comes on top.
   */
  static long memoryBytes(WeightSource dir, boolean keepStored) {
    DecoderConfig c = dir.config();
    boolean stored = keepStored && !allF32(dir, c);
    long total = 0;
    for (String n : matrixNames(c)) {
      long[] shape = dir.shape(n);
      total += stored ? dir.storedType(n).bytes(shape[1]) * shape[0] : shape[0] * shape[1] * Float.BYTES;
    }
    long h = c.hiddenSize();
    long vectors = h + (long) c.numLayers() * (2 * h + (c.attentionBias() ? c.queryDim() + 2L * c.kvDim() : 0)
        + (hasOutputBias(c) ? h : 0));
    return total + vectors * Float.BYTES;
  }

  /** Llama's attention_bias also adds a bias to o_proj; Qwen2 has biases on q/k/v only. */
  private static boolean hasOutputBias(DecoderConfig c) {
    return c.attentionBias() && !c.modelType().equals("qwen2");
  }

  /** Checks names and shapes of every tensor the architecture needs (header only, no data). */
  static void checkShapes(WeightSource dir, DecoderConfig c) {
    long h = c.hiddenSize();
    dir.check("model.embed_tokens.weight", c.vocabSize(), h);
    for (int i = 0; i < c.numLayers(); i++) {
      String p = "model.layers." + i + ".";
      dir.check(p + "input_layernorm.weight", h);
      dir.check(p + "self_attn.q_proj.weight", c.queryDim(), h);
      dir.check(p + "self_attn.k_proj.weight", c.kvDim(), h);
      dir.check(p + "self_attn.v_proj.weight", c.kvDim(), h);
      if (c.attentionBias()) {
        dir.check(p + "self_attn.q_proj.bias", c.queryDim());
        dir.check(p + "self_attn.k_proj.bias", c.kvDim());
        dir.check(p + "self_attn.v_proj.bias", c.kvDim());
      }
      dir.check(p + "self_attn.o_proj.weight", h, c.queryDim());
      if (hasOutputBias(c)) {
        dir.check(p + "self_attn.o_proj.bias", h);
      }
      dir.check(p + "post_attention_layernorm.weight", h);
      dir.check(p + "mlp.gate_proj.weight", c.intermediateSize(), h);
      dir.check(p + "mlp.up_proj.weight", c.intermediateSize(), h);
      dir.check(p + "mlp.down_proj.weight", h, c.intermediateSize());
    }
    dir.check("model.norm.weight", h);
    if (!c.tieWordEmbeddings()) {
      dir.check("lm_head.weight", c.vocabSize(), h);
    }
  }

  /**
   * Copies tensors out of the mapped files into arrays the manager owns. Java 21 cannot unmap a
   * MappedByteBuffer explicitly: it is unmapped when collected, and until then its pages count
   * in the resident set. A collection every {@link #RELEASE_EVERY} mapped bytes keeps the
   * resident set near the size of the copies instead of twice the checkpoint.
   */
  private static final class Loader {
    private static final long RELEASE_EVERY = 256L << 20;
    private final WeightSource dir;
    private final NDManager manager;
    private long mappedSinceRelease;

    Loader(WeightSource dir, NDManager manager) {
      this.dir = dir;
      this.manager = manager;
    }

    NDArray load(String name, long... shape) {
      long stored = dir.check(name, shape);
      NDArray owned;
      try (NDArray view = manager.create(dir.readF32(name), new Shape(shape), DataType.FLOAT32)) {
        // On CPU the view points into the file mapping or a temporary buffer; the copy is owned
        // by libtorch, so the mapping can go away.
        owned = view.duplicate();
      }
      mappedSinceRelease += stored;
      if (mappedSinceRelease >= RELEASE_EVERY) {
        releaseMappings();
      }
      return owned;
    }

    /** One matrix: stored as it is (mapped), or read as F32 into libtorch. */
    Matrix matrix(boolean stored, String name, int rows, int cols) {
      return matrix(stored, new String[] {name}, new int[] {rows}, cols);
    }

    /** Matrices stacked by rows: stored parts side by side, or one fused F32 tensor. */
    Matrix matrix(boolean stored, String[] names, int[] rows, int cols) {
      if (stored) {
        StoredMatrix[] parts = new StoredMatrix[names.length];
        for (int i = 0; i < names.length; i++) {
          dir.check(names[i], rows[i], cols);
          parts[i] = dir.stored(names[i], rows[i], cols);
        }
        return Matrix.of(parts);
      }
      if (names.length == 1) {
        return Matrix.of(load(names[0], rows[0], cols));
      }
      NDArray[] parts = new NDArray[names.length];
      for (int i = 0; i < names.length; i++) {
        parts[i] = load(names[i], rows[i], cols);
      }
      return Matrix.of(fused(0, parts));
    }

    void releaseMappings() {
      mappedSinceRelease = 0;
      System.gc();
    }

    NDArray fused(int axis, NDArray... parts) {
      NDArray out = NDArrays.concat(new NDList(parts), axis);
      for (NDArray p : parts) {
        p.close();
      }
      return out;
    }
  }
}
