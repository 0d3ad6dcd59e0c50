package dev.opsmind.inference.checkpoint;

import dev.opsmind.inference.model.DecoderConfig;
import dev.opsmind.inference.model.RopeScaling;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Named shapes of real architectures for random-initialised checkpoints: tiny ones for tests
 * (intermediate sizes are multiples of 8 and head_dim = hidden / heads, so Jlama can load them
 * as a reference) and the real sizes of small public models for benchmarks.
 */
public final class ModelShapes {
  private static final Map<String, DecoderConfig> SHAPES = new LinkedHashMap<>();

  static {
    SHAPES.put("tiny-llama", new DecoderConfig("llama", 512, 64, 2, 4, 2, 16, 176, 500000.0, null, 1e-5, 256, false,
        false, 0));
    SHAPES.put("tiny-llama3", new DecoderConfig("llama", 512, 64, 2, 4, 2, 16, 176, 500000.0,
        RopeScaling.llama3(8.0, 1.0, 4.0, 64), 1e-5, 1024, true, false, 0));
    SHAPES.put("tiny-qwen2", new DecoderConfig("qwen2", 512, 64, 2, 4, 2, 16, 176, 1000000.0, null, 1e-6, 256, true,
        true, 0));
    SHAPES.put("tiny-mistral", new DecoderConfig("mistral", 512, 64, 2, 4, 1, 16, 128, 10000.0, null, 1e-5, 256,
        false, false, 0));
    SHAPES.put("qwen2.5-0.5b", new DecoderConfig("qwen2", 151936, 896, 24, 14, 2, 64, 4864, 1000000.0, null, 1e-6,
        32768, true, true, 0));
    // a Llama of ~155M parameters (0.62 GB F32): quantizing it to every scheme takes seconds, not minutes
    SHAPES.put("llama-150m", new DecoderConfig("llama", 32000, 1024, 8, 16, 4, 64, 2816, 10000.0, null, 1e-5, 2048,
        false, false, 0));
    SHAPES.put("llama-3.2-1b", new DecoderConfig("llama", 128256, 2048, 16, 32, 8, 64, 8192, 500000.0,
        RopeScaling.llama3(32.0, 1.0, 4.0, 8192), 1e-5, 131072, true, false, 0));
    // Qwen2.5-7B's real shape (7.6B parameters, 15.2 GB BF16): the memory target of issue 15
    SHAPES.put("qwen2.5-7b", new DecoderConfig("qwen2", 152064, 3584, 28, 28, 4, 128, 18944, 1000000.0, null, 1e-6,
        32768, false, true, 0));
  }

  private ModelShapes() {}

  public static Map<String, DecoderConfig> all() {
    return Map.copyOf(SHAPES);
  }

  public static Iterable<String> names() {
    return SHAPES.keySet();
  }

  public static DecoderConfig get(String name) {
    DecoderConfig c = SHAPES.get(name);
    if (c == null) {
      throw new IllegalArgumentException("unknown model shape '" + name + "'; known shapes: "
          + String.join(", ", SHAPES.keySet()));
    }
    return c;
  }
}
