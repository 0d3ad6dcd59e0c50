package dev.opsmind.inference.model;

/**
 * How to run a decoder.
 *
 * @param device "cpu", "gpu" (fails when DJL sees none) or "auto" (gpu when DJL sees one)
 * @param threads libtorch intra-op threads; 0 = the number of available processors
 * @param contextLength longest sequence accepted; 0 = the model's max_position_embeddings
 * @param prefillChunk a long prompt is run through the layers this many tokens at a time, which
 *     bounds the memory of prefill temporaries
 */
public record DecoderOptions(String device, int threads, int contextLength, int prefillChunk) {
  public DecoderOptions {
    if (device == null || !(device.equals("cpu") || device.equals("gpu") || device.equals("auto"))) {
      throw new IllegalArgumentException("device must be cpu, gpu or auto, got: " + device);
    }
    if (threads < 0) {
      throw new IllegalArgumentException("threads must be >= 0 (0 = all processors), got: " + threads);
    }
    if (contextLength < 0) {
      throw new IllegalArgumentException("contextLength must be >= 0 (0 = the model's), got: " + contextLength);
    }
    if (prefillChunk < 1) {
      throw new IllegalArgumentException("prefillChunk must be >= 1, got: " + prefillChunk);
    }
  }

  /** GPU when DJL sees one (else CPU), all processors, the model's context, prefill in chunks of 256 tokens. */
  public static DecoderOptions defaults() {
    return new DecoderOptions("auto", 0, 0, 256);
  }

  public DecoderOptions withDevice(String newDevice) {
    return new DecoderOptions(newDevice, threads, contextLength, prefillChunk);
  }

  public DecoderOptions withThreads(int newThreads) {
    return new DecoderOptions(device, newThreads, contextLength, prefillChunk);
  }

  public DecoderOptions withContextLength(int newContextLength) {
    return new DecoderOptions(device, threads, newContextLength, prefillChunk);
  }

  public DecoderOptions withPrefillChunk(int newPrefillChunk) {
    return new DecoderOptions(device, threads, contextLength, newPrefillChunk);
  }
}
