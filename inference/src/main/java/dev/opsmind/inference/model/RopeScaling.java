package dev.opsmind.inference.model;

/**
 * config.json's rope_scaling. Supported types: "linear" (positions divided by factor) and
 * "llama3" (Llama 3.1+: low frequencies divided by factor, high ones kept, a smooth band between).
 */
public record RopeScaling(String type, double factor, double lowFreqFactor, double highFreqFactor,
    int originalMaxPositionEmbeddings) {
  public RopeScaling {
    if (!type.equals("linear") && !type.equals("llama3")) {
      throw new ModelFormatException("rope_scaling type '" + type + "' is not supported (supported: linear, llama3)");
    }
    if (!(factor > 0)) {
      throw new ModelFormatException("rope_scaling.factor must be > 0, got " + factor);
    }
    if (type.equals("llama3") && !(highFreqFactor > lowFreqFactor && lowFreqFactor > 0
        && originalMaxPositionEmbeddings > 0)) {
      throw new ModelFormatException("rope_scaling llama3 needs high_freq_factor > low_freq_factor > 0 and"
          + " original_max_position_embeddings > 0, got " + this);
    }
  }

  public static RopeScaling linear(double factor) {
    return new RopeScaling("linear", factor, 0, 0, 0);
  }

  public static RopeScaling llama3(double factor, double low, double high, int originalMax) {
    return new RopeScaling("llama3", factor, low, high, originalMax);
  }
}
