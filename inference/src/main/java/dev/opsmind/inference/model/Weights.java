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
 * All weights of a Llama-family decoder as F32 NDArrays owned by one manager. Every expected
 * tensor's presence and shape is checked before any data is read, so a broken checkpoint fails
 * fast with the tensor, expected and actual shape named.
 */
record Weights(NDArray embed, List<LayerWeights> layers, NDArray norm, NDArray lmHead) {

  static Weights load(WeightSource dir, NDManager manager) {
    DecoderConfig c = dir.config();
    checkShapes(dir, c);
    Loader l = new Loader(dir, manager);
    NDArray embed = l.load("model.embed_tokens.weight", c.vocabSize(), c.hiddenSize());
    List<LayerWeights> layers = new ArrayList<>();
    for (int i = 0; i < c.numLayers(); i++) {
      String p = "model.layers." + i + ".";
      NDArray qkv = l.fused(0, l.load(p + "self_attn.q_proj.weight", c.queryDim(), c.hiddenSize()),
          l.load(p + "self_attn.k_proj.weight", c.kvDim(), c.hiddenSize()),
          l.load(p + "self_attn.v_proj.weight", c.kvDim(), c.hiddenSize()));
      NDArray qkvBias = c.attentionBias()
          ? l.fused(0, l.load(p + "self_attn.q_proj.bias", c.queryDim()), l.load(p + "self_attn.k_proj.bias", c.kvDim()),
              l.load(p + "self_attn.v_proj.bias", c.kvDim()))
          : null;
      NDArray o = l.load(p + "self_attn.o_proj.weight", c.hiddenSize(), c.queryDim());
      NDArray oBias = hasOutputBias(c) ? l.load(p + "self_attn.o_proj.bias", c.hiddenSize()) : null;
      NDArray gateUp = l.fused(0, l.load(p + "mlp.gate_proj.weight", c.intermediateSize(), c.hiddenSize()),
          l.load(p + "mlp.up_proj.weight", c.intermediateSize(), c.hiddenSize()));
      NDArray down = l.load(p + "mlp.down_proj.weight", c.hiddenSize(), c.intermediateSize());
      layers.add(new LayerWeights(l.load(p + "input_layernorm.weight", c.hiddenSize()), qkv, qkvBias, o, oBias,
          l.load(p + "post_attention_layernorm.weight", c.hiddenSize()), gateUp, down));
    }
    NDArray norm = l.load("model.norm.weight", c.hiddenSize());
    NDArray lmHead = c.tieWordEmbeddings() ? embed : l.load("lm_head.weight", c.vocabSize(), c.hiddenSize());
    l.releaseMappings();
    return new Weights(embed, List.copyOf(layers), norm, lmHead);
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
