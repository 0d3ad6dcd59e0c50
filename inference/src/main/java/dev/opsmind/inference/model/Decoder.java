package dev.opsmind.inference.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.pytorch.jni.JniUtils;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * A Llama-family decoder (Llama 2/3, Qwen2, Mistral) running on DJL's PyTorch engine: embeddings,
 * RMSNorm, rotary positions, grouped-query causal attention over a KV cache, SwiGLU MLP, final
 * norm, LM head.
 *
 * <p>One {@link #forward} runs several sequences at once: the matrix products see all new tokens
 * of all sequences as one batch; prompt chunks attend one sequence at a time, decode tokens of all
 * sequences together over their caches stacked and padded, the padding masked out (so a
 * sequence's result does not depend on its neighbours, up to float rounding). Long prompts go through in
 * chunks of {@link DecoderOptions#prefillChunk()} tokens. Not thread-safe: one thread owns it.
 */
public final class Decoder implements AutoCloseable {
  public static final String ENGINE = "PyTorch";

  private final DecoderConfig config;
  private final DecoderOptions options;
  private final NDManager manager;
  private final Weights weights;
  private final Rope rope;
  private final int contextLength;
  /** Runs single-token steps when the vector decode path is on; null = libtorch runs them. */
  private final VectorDecode vectorDecode;
  private final String decodePathNote;

  private Decoder(DecoderConfig config, DecoderOptions options, NDManager manager, Weights weights) {
    this.config = config;
    this.options = options;
    this.manager = manager;
    this.weights = weights;
    this.rope = new Rope(config);
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
   * Loads a checkpoint directory or a {@code .gguf} file (dequantized to F32); bad ones fail with a
   * {@link ModelFormatException}.
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
        Weights weights = Weights.load(dir, manager);
        return new Decoder(dir.config(), options, manager, weights);
      } catch (RuntimeException e) {
        manager.close();
        throw e;
      }
    }
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
    return runOnLibtorch(steps);
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

  /** Runs the steps through the NDArray forward pass, long prompts chunk by chunk. */
  private float[][] runOnLibtorch(List<DecodeStep> steps) {
    float[][] logits = new float[steps.size()][];
    int[] done = new int[steps.size()];
    int chunk = options.prefillChunk();
    while (true) {
      List<Integer> active = new ArrayList<>();
      List<int[]> parts = new ArrayList<>();
      for (int s = 0; s < steps.size(); s++) {
        int[] tokens = steps.get(s).tokens();
        if (done[s] < tokens.length) {
          int n = Math.min(chunk, tokens.length - done[s]);
          int[] part = new int[n];
          System.arraycopy(tokens, done[s], part, 0, n);
          done[s] += n;
          active.add(s);
          parts.add(part);
        }
      }
      if (active.isEmpty()) {
        return logits;
      }
      List<TensorKvCache> caches = new ArrayList<>();
      List<Boolean> wantLogits = new ArrayList<>();
      for (int a = 0; a < active.size(); a++) {
        int s = active.get(a);
        caches.add((TensorKvCache) steps.get(s).cache());
        wantLogits.add(done[s] == steps.get(s).tokens().length);
      }
      float[][] out = run(caches, parts, wantLogits);
      for (int a = 0; a < active.size(); a++) {
        if (out[a] != null) {
          logits[active.get(a)] = out[a];
        }
      }
    }
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

  /** One pass through all layers for the given token runs; logits only where asked. */
  private float[][] run(List<TensorKvCache> caches, List<int[]> parts, List<Boolean> wantLogits) {
    int total = 0;
    for (int[] p : parts) {
      total += p.length;
    }
    long[] ids = new long[total];
    int[] positions = new int[total];
    int n = 0;
    for (int s = 0; s < parts.size(); s++) {
      int start = caches.get(s).length();
      for (int i = 0; i < parts.get(s).length; i++) {
        ids[n] = parts.get(s)[i];
        positions[n++] = start + i;
      }
    }
    try (NDManager step = manager.newSubManager()) {
      NDArray x = weights.embed().get(new NDIndex("{}", step.create(ids)));
      x.attach(step);
      float[][] cosSin = rope.cosSin(positions);
      NDArray cos = step.create(cosSin[0], new Shape(total, 1, config.headDim()));
      NDArray sin = step.create(cosSin[1], new Shape(total, 1, config.headDim()));
      for (int l = 0; l < config.numLayers(); l++) {
        x = layer(step, l, weights.layers().get(l), x, cos, sin, caches, parts);
      }
      float[][] out = logits(step, x, parts, wantLogits);
      for (int s = 0; s < caches.size(); s++) {
        caches.get(s).commit(parts.get(s).length);
      }
      return out;
    } catch (RuntimeException e) {
      // e.g. out of memory inside libtorch: leave every cache as it was before this pass
      caches.forEach(TensorKvCache::rollback);
      throw e;
    }
  }

  /**
   * One transformer block. Its temporaries live in a manager of their own (results of an
   * operation belong to its first operand's manager, so moving x there moves them all), freed
   * when the block ends: prefill memory stays at one block's worth instead of all blocks'.
   */
  private NDArray layer(NDManager step, int index, LayerWeights w, NDArray input, NDArray cos, NDArray sin,
      List<TensorKvCache> caches, List<int[]> parts) {
    try (NDManager scope = step.newSubManager()) {
      input.attach(scope);
      NDArray out = block(scope, index, w, input, cos, sin, caches, parts);
      out.attach(step);
      return out;
    }
  }

  private NDArray block(NDManager scope, int index, LayerWeights w, NDArray x, NDArray cos, NDArray sin,
      List<TensorKvCache> caches, List<int[]> parts) {
    int total = (int) x.getShape().get(0);
    NDArray h = rmsNorm(x, w.inputNorm());
    NDArray qkv = linear(h, w.qkv(), w.qkvBias());
    NDList split = qkv.split(new long[] {config.queryDim(), config.queryDim() + config.kvDim()}, 1);
    NDArray q = rotate(split.get(0).reshape(total, config.numHeads(), config.headDim()), cos, sin);
    NDArray k = rotate(split.get(1).reshape(total, config.numKvHeads(), config.headDim()), cos, sin);
    NDArray v = split.get(2).reshape(total, config.numKvHeads(), config.headDim());
    NDArray attn = attention(scope, index, q, k, v, caches, parts);
    NDArray o = linear(attn, w.o(), w.oBias());
    NDArray x2 = x.add(o);
    NDArray gateUp = linear(rmsNorm(x2, w.postNorm()), w.gateUp(), null);
    NDList gu = gateUp.split(2, 1);
    NDArray mlp = linear(Activation.sigmoid(gu.get(0)).muli(gu.get(0)).muli(gu.get(1)), w.down(), null);
    return x2.addi(mlp);
  }

  /**
   * Appends each sequence's new keys and values to its cache and attends over it. Sequences with
   * one new token (decode) go through {@link Attention#attendDecode} together; prompt chunks go
   * one by one. Rows come back in the order of {@code parts}.
   */
  private NDArray attention(NDManager scope, int index, NDArray q, NDArray k, NDArray v, List<TensorKvCache> caches,
      List<int[]> parts) {
    int n = parts.size();
    NDList qs;
    NDList ks;
    NDList vs;
    NDArray keysByHead = k.transpose(1, 0, 2); // [kvHeads, tokens, headDim]
    NDArray valuesByHead = v.transpose(1, 0, 2);
    if (n == 1) {
      qs = new NDList(q);
      ks = new NDList(keysByHead);
      vs = new NDList(valuesByHead);
    } else {
      long[] cuts = new long[n - 1];
      long offset = 0;
      for (int s = 0; s < n - 1; s++) {
        offset += parts.get(s).length;
        cuts[s] = offset;
      }
      qs = q.split(cuts, 0);
      ks = keysByHead.split(cuts, 1);
      vs = valuesByHead.split(cuts, 1);
    }
    List<Integer> decode = new ArrayList<>();
    List<NDArray> decodeKeys = new ArrayList<>();
    List<NDArray> decodeValues = new ArrayList<>();
    NDArray[] outs = new NDArray[n];
    List<Integer> chunks = new ArrayList<>();
    List<NDArray> chunkQ = new ArrayList<>();
    List<NDArray> chunkKeys = new ArrayList<>();
    List<NDArray> chunkValues = new ArrayList<>();
    for (int s = 0; s < n; s++) {
      NDArray[] kv = caches.get(s).append(scope, index, ks.get(s), vs.get(s));
      int length = (int) kv[0].getShape().get(1);
      boolean windowed = config.slidingWindow() > 0 && length > config.slidingWindow();
      if (parts.get(s).length == 1 && !windowed) {
        decode.add(s);
        decodeKeys.add(kv[0]);
        decodeValues.add(kv[1]);
      } else {
        chunks.add(s);
        chunkQ.add(qs.get(s));
        chunkKeys.add(kv[0]);
        chunkValues.add(kv[1]);
      }
    }
    if (chunks.size() == 1) {
      outs[chunks.get(0)] = Attention.attend(scope, chunkQ.get(0), chunkKeys.get(0), chunkValues.get(0),
          config.numHeads(), config.numKvHeads(), config.headDim(), config.slidingWindow());
    } else if (chunks.size() > 1) {
      // several prompts in one pass (a burst of requests): one batched product per layer
      List<NDArray> out = Attention.attendChunks(scope, chunkQ, chunkKeys, chunkValues, config.numHeads(),
          config.numKvHeads(), config.headDim(), config.slidingWindow());
      for (int c = 0; c < chunks.size(); c++) {
        outs[chunks.get(c)] = out.get(c);
      }
    }
    if (decode.size() == 1) {
      int s = decode.get(0);
      outs[s] = Attention.attend(scope, qs.get(s), decodeKeys.get(0), decodeValues.get(0), config.numHeads(),
          config.numKvHeads(), config.headDim(), config.slidingWindow());
    } else if (decode.size() > 1) {
      NDArray decodeQ;
      if (decode.size() == n) {
        decodeQ = q; // every part is one token: q's rows are the sequences, in order
      } else {
        long[] rows = new long[decode.size()];
        int offset = 0;
        int d = 0;
        for (int s = 0; s < n; s++) {
          if (d < decode.size() && decode.get(d) == s) {
            rows[d++] = offset;
          }
          offset += parts.get(s).length;
        }
        decodeQ = q.get(new NDIndex("{}", scope.create(rows)));
      }
      NDArray batched = Attention.attendDecode(scope, decodeQ, decodeKeys, decodeValues, config.numHeads(),
          config.numKvHeads(), config.headDim());
      if (decode.size() == n) {
        return batched;
      }
      NDList rows = batched.split(decode.size(), 0);
      for (int d = 0; d < decode.size(); d++) {
        outs[decode.get(d)] = rows.get(d);
      }
    }
    return n == 1 ? outs[0] : NDArrays.concat(new NDList(outs), 0);
  }

  /** x · weightᵀ (+ bias): weights stay in the checkpoint's [out, in] layout. */
  private static NDArray linear(NDArray x, NDArray weight, NDArray bias) {
    return (bias == null ? Linear.linear(x, weight) : Linear.linear(x, weight, bias)).singletonOrThrow();
  }

  /** x * cos + rotate_half(x) * sin with rotate_half(x) = cat(-x[d/2:], x[:d/2]). */
  private NDArray rotate(NDArray x, NDArray cos, NDArray sin) {
    NDList halves = x.split(2, 2);
    NDArray rotated = halves.get(1).neg().concat(halves.get(0), 2);
    return x.mul(cos).addi(rotated.muli(sin));
  }

  private NDArray rmsNorm(NDArray x, NDArray weight) {
    NDArray rms = x.square().mean(new int[] {-1}, true).addi(config.rmsNormEps()).sqrt();
    return x.div(rms).muli(weight);
  }

  private float[][] logits(NDManager step, NDArray x, List<int[]> parts, List<Boolean> wantLogits) {
    List<Long> rows = new ArrayList<>();
    int offset = 0;
    for (int s = 0; s < parts.size(); s++) {
      offset += parts.get(s).length;
      if (wantLogits.get(s)) {
        rows.add((long) offset - 1);
      }
    }
    float[][] out = new float[parts.size()][];
    if (rows.isEmpty()) {
      return out;
    }
    long[] idx = rows.stream().mapToLong(Long::longValue).toArray();
    NDArray last = x.get(new NDIndex("{}", step.create(idx)));
    float[] flat = linear(rmsNorm(last, weights.norm()), weights.lmHead(), null).toFloatArray();
    int vocab = config.vocabSize();
    int r = 0;
    for (int s = 0; s < parts.size(); s++) {
      if (wantLogits.get(s)) {
        out[s] = new float[vocab];
        System.arraycopy(flat, r++ * vocab, out[s], 0, vocab);
      }
    }
    return out;
  }

  @Override
  public void close() {
    if (vectorDecode != null) {
      vectorDecode.close();
    }
    manager.close();
  }
}
