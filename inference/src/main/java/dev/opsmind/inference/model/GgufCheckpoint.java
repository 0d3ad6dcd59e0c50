package dev.opsmind.inference.model;

import dev.opsmind.inference.gguf.GgmlType;
import dev.opsmind.inference.gguf.GgufFile;
import dev.opsmind.inference.gguf.GgufFormatException;
import dev.opsmind.inference.gguf.GgufTensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * A GGUF checkpoint seen as a {@link WeightSource}: llama.cpp's metadata mapped onto a
 * {@link DecoderConfig} and its tensor names onto Hugging Face's. llama.cpp's converter permutes
 * the rows of a Llama's q and k projections so that rotary pairs are adjacent (its rope pairs
 * (2i, 2i+1) where Hugging Face's pairs (i, i + d/2)); they are permuted back here so that the
 * runtime's rotate-half rope applies unchanged. Qwen2 files are not permuted (NeoX-style rope).
 */
public final class GgufCheckpoint implements WeightSource, AutoCloseable {
  public static final List<String> ARCHITECTURES = List.of("llama", "qwen2", "mistral");

  private final GgufFile file;
  private final DecoderConfig config;
  private final boolean permuted;

  private GgufCheckpoint(GgufFile file, DecoderConfig config, boolean permuted) {
    this.file = file;
    this.config = config;
    this.permuted = permuted;
  }

  public static boolean isGguf(Path path) {
    return path.getFileName() != null && path.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".gguf");
  }

  public static GgufCheckpoint open(Path path) {
    GgufFile file;
    try {
      file = GgufFile.open(path);
    } catch (GgufFormatException e) {
      throw new ModelFormatException(e.getMessage(), e);
    }
    try {
      String arch = file.string("general.architecture", "");
      if (!ARCHITECTURES.contains(arch)) {
        throw new ModelFormatException(path + ": architecture '" + arch + "' is not supported; supported GGUF"
            + " architectures: " + String.join(", ", ARCHITECTURES));
      }
      for (GgufTensor t : file.tensors().values()) {
        if (!t.type().supported()) {
          throw new ModelFormatException(path + ": tensor " + t.name() + " has type " + t.type()
              + ", which opsmind does not read; supported tensor types: " + dev.opsmind.inference.gguf.GgmlType
              .supportedTypes());
        }
      }
      DecoderConfig config = config(file, arch, path);
      return new GgufCheckpoint(file, config, !arch.equals("qwen2"));
    } catch (GgufFormatException e) {
      file.close();
      throw new ModelFormatException(e.getMessage(), e);
    } catch (RuntimeException e) {
      file.close();
      throw e;
    }
  }

  private static DecoderConfig config(GgufFile f, String arch, Path path) {
    int hidden = required(f, arch + ".embedding_length", path);
    int heads = required(f, arch + ".attention.head_count", path);
    int kvHeads = (int) f.integer(arch + ".attention.head_count_kv", heads);
    int headDim = (int) f.integer(arch + ".attention.key_length", heads > 0 ? hidden / heads : 0);
    long rotary = f.integer(arch + ".rope.dimension_count", headDim);
    if (rotary != headDim) {
      throw new ModelFormatException(path + ": rope.dimension_count " + rotary + " differs from the head size " + headDim
          + " (partial rotary embeddings are not supported)");
    }
    if (f.tensors().containsKey("rope_freqs.weight")) {
      throw new ModelFormatException(path + ": rope_freqs.weight (Llama 3.1-style rope scaling factors) is not"
          + " supported yet");
    }
    RopeScaling scaling = null;
    String scalingType = f.string(arch + ".rope.scaling.type", "none");
    if (scalingType.equals("linear")) {
      scaling = new RopeScaling("linear", f.number(arch + ".rope.scaling.factor", 1), 0, 0, 0);
    } else if (!scalingType.equals("none")) {
      throw new ModelFormatException(path + ": rope.scaling.type '" + scalingType + "' is not supported");
    }
    GgufTensor embed = f.tensors().get("token_embd.weight");
    if (embed == null) {
      throw new ModelFormatException(path + " has no tensor token_embd.weight");
    }
    int vocab = (int) embed.shape()[0];
    boolean tied = !f.tensors().containsKey("output.weight");
    boolean bias = f.tensors().containsKey("blk.0.attn_q.bias");
    String type = arch.equals("qwen2") ? "qwen2" : arch;
    return new DecoderConfig(type, vocab, hidden, required(f, arch + ".block_count", path), heads, kvHeads, headDim,
        required(f, arch + ".feed_forward_length", path), f.number(arch + ".rope.freq_base", 10000.0), scaling,
        f.number(arch + ".attention.layer_norm_rms_epsilon", 1e-5), required(f, arch + ".context_length", path), tied,
        bias, (int) f.integer(arch + ".attention.sliding_window", 0));
  }

  private static int required(GgufFile f, String key, Path path) {
    long v = f.integer(key, -1);
    if (v <= 0 || v > Integer.MAX_VALUE) {
      throw new ModelFormatException(path + ": metadata " + key + " is missing or out of range (" + v + ")");
    }
    return (int) v;
  }

  public GgufFile file() {
    return file;
  }

  @Override
  public DecoderConfig config() {
    return config;
  }

  /** Elements over all tensors (for {@code models list}). */
  public long parameterCount() {
    return file.tensors().values().stream().mapToLong(GgufTensor::elements).sum();
  }

  /** Bytes of tensor data as stored in the file. */
  public long weightBytes() {
    return file.tensors().values().stream().mapToLong(GgufTensor::bytes).sum();
  }

  /** The ggml tensor types the file stores, by name (e.g. Q8_0, F32). */
  public java.util.Set<String> typeNames() {
    java.util.Set<String> out = new java.util.TreeSet<>();
    file.tensors().values().forEach(t -> out.add(t.type().name()));
    return out;
  }

  /** The GGUF name of a Hugging Face tensor name. */
  static String ggufName(String hf) {
    if (hf.equals("model.embed_tokens.weight")) {
      return "token_embd.weight";
    }
    if (hf.equals("model.norm.weight")) {
      return "output_norm.weight";
    }
    if (hf.equals("lm_head.weight")) {
      return "output.weight";
    }
    String p = "model.layers.";
    if (hf.startsWith(p)) {
      int dot = hf.indexOf('.', p.length());
      String layer = hf.substring(p.length(), dot);
      String rest = hf.substring(dot + 1);
      String mapped = switch (rest) {
        case "input_layernorm.weight" -> "attn_norm.weight";
        case "post_attention_layernorm.weight" -> "ffn_norm.weight";
        case "self_attn.q_proj.weight" -> "attn_q.weight";
        case "self_attn.k_proj.weight" -> "attn_k.weight";
        case "self_attn.v_proj.weight" -> "attn_v.weight";
        case "self_attn.o_proj.weight" -> "attn_output.weight";
        case "self_attn.q_proj.bias" -> "attn_q.bias";
        case "self_attn.k_proj.bias" -> "attn_k.bias";
        case "self_attn.v_proj.bias" -> "attn_v.bias";
        case "self_attn.o_proj.bias" -> "attn_output.bias";
        case "mlp.gate_proj.weight" -> "ffn_gate.weight";
        case "mlp.up_proj.weight" -> "ffn_up.weight";
        case "mlp.down_proj.weight" -> "ffn_down.weight";
        default -> null;
      };
      if (mapped != null) {
        return "blk." + layer + "." + mapped;
      }
    }
    return hf;
  }

  @Override
  public long check(String name, long... shape) {
    GgufTensor t = file.tensors().get(ggufName(name));
    if (t == null) {
      throw new ModelFormatException(file.path() + " is missing tensor " + ggufName(name) + " (" + name
          + ", expected shape " + Arrays.toString(shape) + ")");
    }
    if (!Arrays.equals(t.shape(), shape)) {
      throw new ModelFormatException("tensor " + t.name() + " in " + file.path() + " has shape "
          + Arrays.toString(t.shape()) + ", expected " + Arrays.toString(shape));
    }
    return t.bytes();
  }

  @Override
  public ByteBuffer readF32(String name) {
    GgufTensor t = file.tensor(ggufName(name));
    float[] values = file.dequantize(t);
    if (permuted && (name.endsWith("self_attn.q_proj.weight") || name.endsWith("self_attn.k_proj.weight")
        || name.endsWith("self_attn.q_proj.bias") || name.endsWith("self_attn.k_proj.bias"))) {
      values = unpermute(values, (int) (t.shape()[0] / config.headDim()), config.headDim(), (int) t.cols() == t.elements()
          ? 1 : (int) t.cols());
    }
    ByteBuffer out = ByteBuffer.allocateDirect(values.length * Float.BYTES).order(ByteOrder.nativeOrder());
    out.asFloatBuffer().put(values);
    return out;
  }

  @Override
  public GgmlType storedType(String name) {
    return file.tensor(ggufName(name)).type();
  }

  @Override
  public long[] shape(String name) {
    return file.tensor(ggufName(name)).shape();
  }

  /**
   * The matrix as the file stores it, mapped; a Llama's q and k are copied with their rows put
   * back in Hugging Face's order (rows are whole blocks, so the copy moves bytes, it does not
   * requantize).
   */
  @Override
  public StoredMatrix stored(String name, int rows, int cols) {
    GgufTensor t = file.tensor(ggufName(name));
    ByteBuffer data = file.map(t);
    if (permuted && (name.endsWith("self_attn.q_proj.weight") || name.endsWith("self_attn.k_proj.weight"))) {
      int rowBytes = (int) t.type().bytes(cols);
      ByteBuffer out = ByteBuffer.allocateDirect(data.capacity()).order(ByteOrder.LITTLE_ENDIAN);
      int d = config.headDim();
      int half = d / 2;
      for (int h = 0; h < rows / d; h++) {
        for (int i = 0; i < half; i++) {
          for (int j = 0; j < 2; j++) {
            int from = h * d + 2 * i + j;
            int to = h * d + j * half + i;
            out.put(to * rowBytes, data, from * rowBytes, rowBytes);
          }
        }
      }
      data = out;
    }
    return new StoredMatrix(t.name(), t.type(), rows, cols, data);
  }

  /**
   * Undoes llama.cpp's q/k permutation: within each head, GGUF row 2i + j holds Hugging Face row
   * j·d/2 + i (rows of {@code cols} values; a bias is one value per row).
   */
  static float[] unpermute(float[] w, int heads, int headDim, int cols) {
    float[] out = new float[w.length];
    int half = headDim / 2;
    for (int h = 0; h < heads; h++) {
      for (int i = 0; i < half; i++) {
        for (int j = 0; j < 2; j++) {
          int from = h * headDim + 2 * i + j;
          int to = h * headDim + j * half + i;
          System.arraycopy(w, from * cols, out, to * cols, cols);
        }
      }
    }
    return out;
  }

  @Override
  public void close() {
    file.close();
  }
}
