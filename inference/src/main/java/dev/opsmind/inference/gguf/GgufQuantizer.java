package dev.opsmind.inference.gguf;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites a GGUF file with its matrices in a smaller type, metadata kept. As llama.cpp's quantize
 * does: 1-D tensors (norms, biases) stay F32, and a matrix whose rows are not a whole number of
 * the target's blocks falls back (Q8_0 where its 32-value blocks fit, else F16). A file that
 * already holds block-quantized tensors is refused (quantizing twice only loses precision).
 */
public final class GgufQuantizer {
  private GgufQuantizer() {}

  /** What {@code models quantize --type} writes; {@code ftype} is llama.cpp's llama_ftype number. */
  public enum Scheme {
    F16(1), BF16(32), Q8_0(7), Q4_0(2),
    /**
     * llama.cpp's Q4_K_M mixture: Q4_K, with Q6_K for the output matrix (the embeddings when they
     * are tied) and for attn_v and ffn_down of the first and last eighth of the layers and every
     * third layer between ({@code use_more_bits}).
     */
    Q4_K_M(15);

    private final int ftype;

    Scheme(int ftype) {
      this.ftype = ftype;
    }

    public static Scheme parse(String name) {
      for (Scheme s : values()) {
        if (s.name().equalsIgnoreCase(name)) {
          return s;
        }
      }
      throw new IllegalArgumentException("--type " + name + " is not supported: use f16, bf16, q8_0, q4_0 or q4_k_m");
    }

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * @param progress called after each tensor with (tensors done, tensors total)
   */
  public static void quantize(GgufFile in, Path out, Scheme scheme, BiConsumer<Integer, Integer> progress)
      throws IOException {
    for (GgufTensor t : in.tensors().values()) {
      if (t.type().quantized()) {
        throw new IllegalArgumentException(in.path() + " is already quantized (tensor " + t.name() + " is " + t.type()
            + "); quantize from an F32, F16 or BF16 checkpoint");
      }
    }
    GgufWriter w = new GgufWriter(in.alignment()).putAll(in.metadata());
    w.put("general.file_type", GgufValue.uint32(scheme.ftype));
    int layers = (int) in.integer(in.string("general.architecture", "") + ".block_count", 0);
    boolean tied = !in.tensors().containsKey("output.weight");
    int total = in.tensors().size();
    int[] done = {0};
    for (GgufTensor t : in.tensors().values()) {
      GgmlType target = targetType(t, scheme, layers, tied);
      w.tensor(t.name(), target, t.shape(), () -> {
        float[] values = in.dequantize(t);
        var bytes = Quantize.encode(target, values, 0, values.length);
        progress.accept(++done[0], total);
        return bytes;
      });
    }
    w.write(out);
  }

  private static final Pattern LAYER = Pattern.compile("blk\\.(\\d+)\\.(.*)");

  /** The type a tensor is written in under {@code scheme} ({@code layers}: the block count). */
  static GgmlType targetType(GgufTensor t, Scheme scheme, int layers, boolean tiedEmbeddings) {
    if (t.dims().length < 2) {
      return GgmlType.F32;
    }
    GgmlType wanted = switch (scheme) {
      case F16 -> GgmlType.F16;
      case BF16 -> GgmlType.BF16;
      case Q8_0 -> GgmlType.Q8_0;
      case Q4_0 -> GgmlType.Q4_0;
      case Q4_K_M -> kMixture(t.name(), layers, tiedEmbeddings);
    };
    if (t.cols() % wanted.blockSize() == 0) {
      return wanted;
    }
    // llama.cpp falls back to Q5_0/Q5_1/Q8_0 for K-quants; opsmind does not write Q5 types
    return t.cols() % 32 == 0 ? GgmlType.Q8_0 : GgmlType.F16;
  }

  private static GgmlType kMixture(String name, int layers, boolean tiedEmbeddings) {
    if (name.equals("output.weight") || (tiedEmbeddings && name.equals("token_embd.weight"))) {
      return GgmlType.Q6_K;
    }
    Matcher m = LAYER.matcher(name);
    if (m.matches() && (m.group(2).equals("attn_v.weight") || m.group(2).equals("ffn_down.weight"))
        && moreBits(Integer.parseInt(m.group(1)), layers)) {
      return GgmlType.Q6_K;
    }
    return GgmlType.Q4_K;
  }

  /** llama.cpp's use_more_bits: the first and last eighth of the layers, and every third between. */
  static boolean moreBits(int layer, int layers) {
    return layer < layers / 8 || layer >= 7 * layers / 8 || (layer - layers / 8) % 3 == 2;
  }
}
