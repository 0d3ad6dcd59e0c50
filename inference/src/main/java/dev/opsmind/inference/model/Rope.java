package dev.opsmind.inference.model;

/**
 * Rotary position embeddings in Hugging Face's rotate-half convention: for head dimension d the
 * pair (x[i], x[i + d/2]) is rotated by angle position * invFreq[i]. Angles are computed in double
 * precision for the positions of each step, so no table of max_position_embeddings rows is kept.
 */
final class Rope {
  private final double[] invFreq;
  private final int headDim;

  Rope(DecoderConfig config) {
    this.headDim = config.headDim();
    this.invFreq = inverseFrequencies(config);
  }

  /** rope_theta^(-2i/d), adjusted by the config's rope_scaling. */
  static double[] inverseFrequencies(DecoderConfig c) {
    int half = c.headDim() / 2;
    double[] inv = new double[half];
    for (int i = 0; i < half; i++) {
      inv[i] = 1.0 / Math.pow(c.ropeTheta(), (2.0 * i) / c.headDim());
    }
    RopeScaling s = c.ropeScaling();
    if (s == null) {
      return inv;
    }
    if (s.type().equals("linear")) {
      for (int i = 0; i < half; i++) {
        inv[i] /= s.factor();
      }
      return inv;
    }
    // llama3: wavelengths longer than original_max / low_freq_factor are scaled by 1/factor, those
    // shorter than original_max / high_freq_factor are kept, and the band between interpolates.
    double lowWavelen = s.originalMaxPositionEmbeddings() / s.lowFreqFactor();
    double highWavelen = s.originalMaxPositionEmbeddings() / s.highFreqFactor();
    for (int i = 0; i < half; i++) {
      double wavelen = 2 * Math.PI / inv[i];
      if (wavelen > lowWavelen) {
        inv[i] = inv[i] / s.factor();
      } else if (wavelen >= highWavelen) {
        double smooth = (s.originalMaxPositionEmbeddings() / wavelen - s.lowFreqFactor())
            / (s.highFreqFactor() - s.lowFreqFactor());
        inv[i] = (1 - smooth) * inv[i] / s.factor() + smooth * inv[i];
      }
    }
    return inv;
  }

  /**
   * cos and sin tables for the given positions, each laid out [positions.length, headDim] with
   * the half-dimension angles repeated (cat(freqs, freqs), as Hugging Face does).
   */
  float[][] cosSin(int[] positions) {
    int half = headDim / 2;
    float[] cos = new float[positions.length * headDim];
    float[] sin = new float[positions.length * headDim];
    for (int n = 0; n < positions.length; n++) {
      int base = n * headDim;
      for (int i = 0; i < half; i++) {
        double angle = positions[n] * invFreq[i];
        float c = (float) Math.cos(angle);
        float s = (float) Math.sin(angle);
        cos[base + i] = c;
        cos[base + half + i] = c;
        sin[base + i] = s;
        sin[base + half + i] = s;
      }
    }
    return new float[][] {cos, sin};
  }
}
