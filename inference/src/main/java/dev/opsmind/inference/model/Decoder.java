package dev.opsmind.inference.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * A Llama-family decoder (Llama 2/3, Qwen2, Mistral) on DJL's PyTorch engine: loads a checkpoint,
 * validates each forward pass, and picks who runs it. {@link LibtorchForward} is the NDArray
 * forward pass (any pass, any device; its Javadoc says how sequences are batched);
 * {@link VectorDecode} runs decode passes and short passes (at most {@link #VECTOR_PASS_TOKENS}
 * new tokens) on the CPU in Java Vector API kernels over the same weights and caches. Both give a
 * sequence the same result whatever it is batched with. Not thread-safe: one thread owns it.
 */
public final class Decoder implements AutoCloseable {
  public static final String ENGINE = "PyTorch";

  private final DecoderConfig config;
  private final DecoderOptions options;
  private final NDManager manager;
  private final int contextLength;
  /** Runs every pass the vector path does not take. */
  private final LibtorchForward libtorch;
  /** Runs single-token steps when the vector decode path is on; null = libtorch runs them. */
  private final VectorDecode vectorDecode;
  private final String decodePathNote;
  private final boolean storedWeights;

  private Decoder(DecoderConfig config, DecoderOptions options, NDManager manager, Weights weights) {
    this.config = config;
    this.storedWeights = weights.stored();
    this.options = options;
    this.manager = manager;
    Rope rope = new Rope(config);
    this.libtorch = new LibtorchForward(config, manager, weights, rope, options.prefillChunk());
    this.contextLength = options.contextLength() == 0 ? config.maxPositionEmbeddings() : options.contextLength();
    VectorDecode vector = null;
    String note;
    if (options.decodePath().equals("libtorch")) {
      note = "libtorch (decodePath libtorch)";
    } else if (manager.getDevice().isGpu()) {
      if (options.decodePath().equals("vector")) {
        throw new IllegalArgumentException("decodePath vector runs on the CPU only; this decoder is on "
            + manager.getDevice() + " (use decodePath auto or libtorch)");
      }
      note = "libtorch (on " + manager.getDevice() + ")";
    } else {
      try {
        vector = VectorDecode.load(config, weights, rope, options.effectiveThreads());
        note = "vector (Java Vector API, " + options.effectiveThreads() + " threads)";
      } catch (UnsupportedOperationException e) {
        if (options.decodePath().equals("vector")) {
          throw new IllegalArgumentException("decodePath vector is not available: " + e.getMessage(), e);
        }
        note = "libtorch (" + e.getMessage() + ")";
      }
    }
    this.vectorDecode = vector;
    this.decodePathNote = note;
  }

  /**
   * Loads a checkpoint directory or a {@code .gguf} file; bad ones fail with a
   * {@link ModelFormatException}. Matrices stay in their stored type where {@link #keepStored}.
   */
  public static Decoder load(Path modelDir, DecoderOptions options) {
    if (GgufCheckpoint.isGguf(modelDir)) {
      try (GgufCheckpoint gguf = GgufCheckpoint.open(modelDir)) {
        return load(gguf, options);
      }
    }
    try (ModelDirectory dir = ModelDirectory.open(modelDir)) {
      return load(dir, options);
    }
  }

  private static Decoder load(WeightSource dir, DecoderOptions options) {
    {
      Weights.checkShapes(dir, dir.config());
      Engine engine = Engine.getEngine(ENGINE);
      Device device = device(engine, options.device());
      JniUtils.setNumThreads(options.effectiveThreads());
      NDManager manager = NDManager.newBaseManager(device, ENGINE);
      try {
        Weights weights = Weights.load(dir, manager, keepStored(options, device));
        return new Decoder(dir.config(), options, manager, weights);
      } catch (RuntimeException e) {
        manager.close();
        throw e;
      }
    }
  }

  /**
   * Whether matrices stay in their stored type: on the CPU with the vector kernels (which decode
   * them). On a GPU, with decodePath libtorch or without the kernels they are dequantized to F32 at
   * load, as every decode step would otherwise dequantize the whole model.
   */
  static boolean keepStored(DecoderOptions options, Device device) {
    return !device.isGpu() && !options.decodePath().equals("libtorch") && VectorDecode.unavailable() == null;
  }

  /**
   * Bytes a checkpoint's weights take once loaded with these options on the CPU: matrices as
   * stored, or as F32 when they are widened (see {@link #keepStored}); the KV cache comes on top.
   */
  public static long memoryBytes(Path model, DecoderOptions options) {
    boolean keep = keepStored(options, Device.cpu());
    if (GgufCheckpoint.isGguf(model)) {
      try (GgufCheckpoint gguf = GgufCheckpoint.open(model)) {
        return Weights.memoryBytes(gguf, keep);
      }
    }
    try (ModelDirectory dir = ModelDirectory.open(model)) {
      return Weights.memoryBytes(dir, keep);
    }
  }

  /** True when this decoder keeps its matrices in their stored types (not widened to F32). */
  public boolean storedWeights() {
    return storedWeights;
  }

  private static Device device(Engine engine, String wanted) {
    boolean gpu = engine.getGpuCount() > 0;
    return switch (wanted) {
      case "gpu" -> {
        if (!gpu) {
          throw new IllegalArgumentException("device gpu requested but DJL's PyTorch engine sees no GPU"
              + " (build with -Pcuda on a CUDA host, or use device cpu)");
        }
        yield Device.gpu();
      }
      case "auto" -> gpu ? Device.gpu() : Device.cpu();
      default -> Device.cpu();
    };
  }

  public DecoderConfig config() {
    return config;
  }

  public DecoderOptions options() {
    return options;
  }

  /** Longest sequence (cache + new tokens) this decoder accepts. */
  public int contextLength() {
    return contextLength;
  }

  public Device device() {
    return manager.getDevice();
  }

  /** Who runs decode steps, and why: "vector (...)" or "libtorch (reason)". */
  public String decodePath() {
    return decodePathNote;
  }

  /** True when single-token steps run on the vector decode path. */
  public boolean vectorDecode() {
    return vectorDecode != null;
  }

  NDManager manager() {
    return manager;
  }

  /** An empty cache for one sequence. */
  public KvCache newCache() {
    return new TensorKvCache(this, manager, config.numLayers());
  }

  /**
   * One forward pass over several sequences: each step's tokens are appended to its cache; returns
   * for each step the logits (float[vocabSize]) at its last new token.
   *
   * @throws IllegalArgumentException for a foreign or closed cache, a cache used twice, a token id
   *     outside the vocabulary, or a sequence longer than {@link #contextLength()}; such calls
   *     change no cache. A failure inside the engine (e.g. out of memory) leaves each cache as
   *     it was before the failing chunk (earlier chunks of a long prompt stay appended).
   */
  public float[][] forward(List<DecodeStep> steps) {
    validate(steps);
    if (vectorDecode != null && onVectorPath(steps)) {
      return runOnVectorPath(steps);
    }
    return libtorch.forward(steps);
  }

  /**
   * Passes of at most this many new tokens go to the vector path. Few tokens make a pass bound by
   * streaming the weights, which the vector kernels do once, where libtorch's matrix products
   * also pack each weight matrix (measured, random Qwen2.5-0.5B on 2 cores: a 14-token prompt
   * 165–175 ms on the vector path against 350 ms on libtorch; 4 × 8 tokens 341 against 386 ms).
   * Many tokens make a pass compute-bound, where libtorch's blocked products win (8 × 8 tokens
   * about even, 8 × 12 tokens 690 against 614 ms, a lone 64-token prompt 479 against 423 ms).
   */
  static final int VECTOR_PASS_TOKENS = 48;

  /** Decode tokens alone (any number of sequences), or a short pass of prompt chunks and decode tokens. */
  private static boolean onVectorPath(List<DecodeStep> steps) {
    int total = 0;
    for (DecodeStep step : steps) {
      total += step.tokens().length;
    }
    return total == steps.size() || total <= VECTOR_PASS_TOKENS;
  }

  private float[][] runOnVectorPath(List<DecodeStep> steps) {
    List<int[]> runs = new ArrayList<>(steps.size());
    List<TensorKvCache> caches = new ArrayList<>(steps.size());
    for (DecodeStep step : steps) {
      runs.add(step.tokens());
      caches.add((TensorKvCache) step.cache());
    }
    float[][] logits = vectorDecode.forward(runs, caches);
    for (int i = 0; i < steps.size(); i++) {
      caches.get(i).commit(runs.get(i).length);
    }
    return logits;
  }

  private void validate(List<DecodeStep> steps) {
    if (steps == null || steps.isEmpty()) {
      throw new IllegalArgumentException("forward needs at least one decode step");
    }
    Set<KvCache> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (DecodeStep step : steps) {
      if (!(step.cache() instanceof TensorKvCache cache) || cache.owner() != this) {
        throw new IllegalArgumentException("a decode step's cache was not created by this decoder");
      }
      if (cache.isClosed()) {
        throw new IllegalArgumentException("a decode step's cache is closed");
      }
      if (!seen.add(cache)) {
        throw new IllegalArgumentException("the same cache appears in two decode steps of one forward pass");
      }
      for (int t : step.tokens()) {
        if (t < 0 || t >= config.vocabSize()) {
          throw new IllegalArgumentException("token id " + t + " is outside the vocabulary [0, " + config.vocabSize() + ")");
        }
      }
      long total = (long) cache.length() + step.tokens().length;
      if (total > contextLength) {
        throw new IllegalArgumentException("sequence of " + total + " tokens (" + cache.length() + " cached + "
            + step.tokens().length + " new) exceeds the context length of " + contextLength + " tokens");
      }
    }
  }

  @Override
  public void close() {
    if (vectorDecode != null) {
      vectorDecode.close();
    }
    manager.close();
  }
}
