package dev.opsmind.inference.gguf;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.BiConsumer;

/**
 * Rewrites a GGUF file with its matrices in a block-quantized type (Q8_0 or Q4_0), metadata kept.
 * As llama.cpp's quantize does: 1-D tensors (norms, biases) stay F32, and a matrix whose rows are
 * not a whole number of blocks (e.g. 172 columns for 32-value blocks) falls back to F16. A file
 * that already holds quantized tensors is refused (quantizing twice only loses precision).
 */
public final class GgufQuantizer {
  private GgufQuantizer() {}

  /**
   * @param progress called after each tensor with (tensors done, tensors total)
   */
  public static void quantize(GgufFile in, Path out, GgmlType type, BiConsumer<Integer, Integer> progress)
      throws IOException {
    if (type != GgmlType.Q8_0 && type != GgmlType.Q4_0) {
      throw new IllegalArgumentException("quantize writes q8_0 or q4_0, not " + type);
    }
    for (GgufTensor t : in.tensors().values()) {
      if (t.type().quantized()) {
        throw new IllegalArgumentException(in.path() + " is already quantized (tensor " + t.name() + " is " + t.type()
            + "); quantize from an F32, F16 or BF16 checkpoint");
      }
    }
    GgufWriter w = new GgufWriter(in.alignment()).putAll(in.metadata());
    w.put("general.file_type", GgufValue.uint32(type == GgmlType.Q8_0 ? 7 : 2)); // llama_ftype MOSTLY_Q8_0 / Q4_0
    int total = in.tensors().size();
    int[] done = {0};
    for (GgufTensor t : in.tensors().values()) {
      GgmlType target = targetType(t, type);
      w.tensor(t.name(), target, t.shape(), () -> {
        float[] values = in.dequantize(t);
        var bytes = Quantize.encode(target, values, 0, values.length);
        progress.accept(++done[0], total);
        return bytes;
      });
    }
    w.write(out);
  }

  static GgmlType targetType(GgufTensor t, GgmlType type) {
    if (t.dims().length < 2) {
      return GgmlType.F32;
    }
    return t.cols() % type.blockSize() == 0 ? type : GgmlType.F16;
  }
}
