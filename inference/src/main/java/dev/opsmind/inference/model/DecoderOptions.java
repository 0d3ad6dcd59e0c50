package dev.opsmind.inference.model;

/**
 * How to run a decoder.
 *
 * @param device "cpu", "gpu" (fails when DJL sees none) or "auto" (gpu when DJL sees one)
 * @param threads libtorch intra-op threads, and the vector decode path's; 0 = the number of
 *     available processors
 * @param contextLength longest sequence accepted; 0 = the model's max_position_embeddings
 * @param prefillChunk a long prompt is run through the layers this many tokens at a time, which
 *     bounds the memory of prefill temporaries
 * @param decodePath who runs decode steps (one new token per sequence) and short passes (up to
 *     48 new tokens, prompt chunks included) on the CPU: "vector" (Java Vector API kernels reading
 *     libtorch's weights in place, see {@link VectorDecode}; fails at load when this JVM cannot run
 *     them), "libtorch" (the NDArray forward pass) or "auto" (vector where possible, else
 *     libtorch). Longer prompt passes always run on libtorch.
 */
public record DecoderOptions(String device, int threads, int contextLength, int prefillChunk, String decodePath) {
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
    if (decodePath == null
        || !(decodePath.equals("auto") || decodePath.equals("vector") || decodePath.equals("libtorch"))) {
      throw new IllegalArgumentException("decodePath must be auto, vector or libtorch, got: " + decodePath);
    }
  }

  /**
   * GPU when DJL sees one (else CPU), all processors, the model's context, prefill in chunks of
   * 256 tokens, decode on the vector path where this JVM can run it.
   */
  public static DecoderOptions defaults() {
    return new DecoderOptions("auto", 0, 0, 256, "auto");
  }

  public DecoderOptions withDevice(String newDevice) {
    return new DecoderOptions(newDevice, threads, contextLength, prefillChunk, decodePath);
  }

  public DecoderOptions withThreads(int newThreads) {
    return new DecoderOptions(device, newThreads, contextLength, prefillChunk, decodePath);
  }

  public DecoderOptions withContextLength(int newContextLength) {
    return new DecoderOptions(device, threads, newContextLength, prefillChunk, decodePath);
  }

  public DecoderOptions withPrefillChunk(int newPrefillChunk) {
    return new DecoderOptions(device, threads, contextLength, newPrefillChunk, decodePath);
  }

  public DecoderOptions withDecodePath(String newDecodePath) {
    return new DecoderOptions(device, threads, contextLength, prefillChunk, newDecodePath);
  }

  /** Threads to use: {@link #threads}, or all processors when it is 0. */
  public int effectiveThreads() {
    return threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
  }
}
