package dev.opsmind.inference.gguf;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites a GGUF file with its matrices in a smaller type, metadata kept. As llama.cpp's quantize
 * does: 1-D tensors (norms, biases) stay F32, and a matrix whose rows are not a whole number of
 * the target's blocks falls back (Q8_0 where its 32-value blocks fit, else F16). A file that
 * already holds block-quantized tensors is refused (quantizing twice only loses precision).
 *
 * <p>The token embeddings and the LM head get their own type per scheme ({@link
 * Scheme#embeddingsType}, {@link Scheme#outputType}), overridable like llama.cpp's
 * {@code --token-embedding-type} / {@code --output-tensor-type}: Q4_0 and Q4_K_M write the LM head
 * in Q6_K as llama.cpp does; Q8_0 keeps both in F16, because measurement says so (a random Llama's
 * logits: all-Q8_0 1.29% relative RMS error against F32, these two in F16 0.99%; inference/README.md).
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

    /**
     * The token embeddings' type when the LM head is a separate matrix (a tied matrix is the LM
     * head and takes {@link #outputType}). Q8_0: F16, its rounding error (0.5% of a weight) enters
     * every layer's input; measured 0.64% of the logits' 1.29% on a random Llama (rms of parts).
     */
    public GgmlType embeddingsType() {
      return switch (this) {
        case F16, Q8_0 -> GgmlType.F16;
        case BF16 -> GgmlType.BF16;
        case Q4_0 -> GgmlType.Q4_0;
        case Q4_K_M -> GgmlType.Q4_K;
      };
    }

    /**
     * The LM head's type. Q8_0: F16 (measured 0.52% of the logits' 1.29%); Q4_0 and Q4_K_M: Q6_K,
     * llama.cpp's rule for every type below Q8_0.
     */
    public GgmlType outputType() {
      return switch (this) {
        case F16, Q8_0 -> GgmlType.F16;
        case BF16 -> GgmlType.BF16;
        case Q4_0, Q4_K_M -> GgmlType.Q6_K;
      };
    }
  }

  /**
   * What to write: the scheme, and the types of the token embeddings and of the LM head (null:
   * the scheme's own, {@link Scheme#embeddingsType()} / {@link Scheme#outputType()}).
   */
  public record Plan(Scheme scheme, GgmlType embeddings, GgmlType output) {
    public Plan {
      for (GgmlType t : new GgmlType[] {embeddings, output}) {
        if (t != null && !Quantize.writable(t)) {
          throw new IllegalArgumentException(t + " is not a type opsmind writes; use one of F32, F16, BF16, Q8_0,"
              + " Q4_0, Q4_K, Q6_K");
        }
      }
    }

    public static Plan of(Scheme scheme) {
      return new Plan(scheme, null, null);
    }

    public GgmlType embeddingsType() {
      return embeddings != null ? embeddings : scheme.embeddingsType();
    }

    public GgmlType outputType() {
      return output != null ? output : scheme.outputType();
    }
  }

  /** A type by its ggml name (case-insensitive), for {@code --embeddings-type} / {@code --output-type}. */
  public static GgmlType parseType(String name) {
    for (GgmlType t : GgmlType.values()) {
      if (t.name().equalsIgnoreCase(name) && Quantize.writable(t)) {
        return t;
      }
    }
    throw new IllegalArgumentException("type " + name + " is not supported: use f32, f16, bf16, q8_0, q4_0, q4_k or"
        + " q6_k");
  }

  /**
   * @param progress called after each tensor with (tensors done, tensors total)
   */
  public static void quantize(GgufFile in, Path out, Scheme scheme, BiConsumer<Integer, Integer> progress)
      throws IOException {
    quantize(in, out, Plan.of(scheme), progress);
  }

  /**
   * @param progress called after each tensor with (tensors done, tensors total)
   */
  public static void quantize(GgufFile in, Path out, Plan plan, BiConsumer<Integer, Integer> progress)
      throws IOException {
    for (GgufTensor t : in.tensors().values()) {
      if (t.type().quantized()) {
        throw new IllegalArgumentException(in.path() + " is already quantized (tensor " + t.name() + " is " + t.type()
            + "); quantize from an F32, F16 or BF16 checkpoint");
      }
    }
    List<Source> tensors = new ArrayList<>();
    for (GgufTensor t : in.tensors().values()) {
      tensors.add(new Source(t.name(), t.shape(), () -> in.dequantize(t)));
    }
    write(in.metadata(), in.alignment(), tensors, out, plan, progress);
  }

  /**
   * A tensor to write: its GGUF name, PyTorch-order shape (rows first) and its F32 values, read
   * only when the tensor is written (one tensor in memory at a time).
   */
  public record Source(String name, long[] shape, Supplier<float[]> values) {}

  /**
   * Writes {@code tensors} (GGUF names) with {@code metadata} (which names the architecture and its
   * block count) as a GGUF file in the types {@code plan} gives them; a safetensors checkpoint's
   * export ({@code model.GgufExport}) comes through here as a GGUF file does.
   */
  public static void write(Map<String, GgufValue> metadata, int alignment, List<Source> tensors, Path out, Plan plan,
      BiConsumer<Integer, Integer> progress) throws IOException {
    GgufWriter w = new GgufWriter(alignment).putAll(metadata);
    w.put("general.file_type", GgufValue.uint32(plan.scheme().ftype));
    GgufValue arch = metadata.get("general.architecture");
    GgufValue blocks = arch == null ? null : metadata.get(arch.value() + ".block_count");
    int layers = blocks == null ? 0 : ((Number) blocks.value()).intValue();
    boolean tied = tensors.stream().noneMatch(t -> t.name().equals("output.weight"));
    int total = tensors.size();
    int[] done = {0};
    for (Source t : tensors) {
      GgmlType target = targetType(t.name(), t.shape(), plan, layers, tied);
      w.tensor(t.name(), target, t.shape(), () -> {
        float[] values = t.values().get();
        var bytes = Quantize.encode(target, values, 0, values.length);
        progress.accept(++done[0], total);
        return bytes;
      });
    }
    w.write(out);
  }

  private static final Pattern LAYER = Pattern.compile("blk\\.(\\d+)\\.(.*)");

  /** The type a tensor is written in under {@code plan} ({@code layers}: the block count). */
  static GgmlType targetType(String name, long[] shape, Plan plan, int layers, boolean tiedEmbeddings) {
    if (shape.length < 2) {
      return GgmlType.F32;
    }
    long cols = shape[shape.length - 1];
    boolean output = name.equals("output.weight") || (tiedEmbeddings && name.equals("token_embd.weight"));
    GgmlType wanted = output ? plan.outputType()
        : name.equals("token_embd.weight") ? plan.embeddingsType()
        : switch (plan.scheme()) {
          case F16 -> GgmlType.F16;
          case BF16 -> GgmlType.BF16;
          case Q8_0 -> GgmlType.Q8_0;
          case Q4_0 -> GgmlType.Q4_0;
          case Q4_K_M -> kMixture(name, layers);
        };
    if (cols % wanted.blockSize() == 0) {
      return wanted;
    }
    // llama.cpp falls back to Q5_0/Q5_1/Q8_0 for K-quants; opsmind does not write Q5 types
    return cols % 32 == 0 ? GgmlType.Q8_0 : GgmlType.F16;
  }

  private static GgmlType kMixture(String name, int layers) {
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
