package dev.opsmind.inference.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import java.util.ArrayList;
import java.util.List;

/**
 * The NDArray forward pass on libtorch: embeddings, then per layer RMSNorm, fused q/k/v, rotary
 * positions, grouped-query causal attention over each sequence's cache, SwiGLU MLP, and the final
 * norm and LM head at each step's last token.
 *
 * <p>The matrix products see all new tokens of all sequences as one batch. Attention runs as one
 * batched product for the prompt chunks of all sequences ({@link Attention#attendChunks}: queries
 * and caches padded, a mask keeping each token to its own sequence's keys) and another for the
 * decode tokens of all sequences ({@link Attention#attendDecode}: caches stacked and padded, the
 * padding masked out), so a sequence's result does not depend on its neighbours, up to float
 * rounding. Long prompts go through in chunks of {@code prefillChunk} tokens, which bounds the
 * memory of prefill temporaries. Weights kept in a reduced-precision type are multiplied a
 * dequantized tile at a time ({@link Matrix#linear}). {@link Decoder} validates the steps before they reach this class;
 * one thread (the decoder's owner) calls it.
 */
final class LibtorchForward {
  private final DecoderConfig config;
  private final NDManager manager;
  private final Weights weights;
  private final Rope rope;
  private final int prefillChunk;
  /** Dequantizes stored weights' tiles (null: the scalar reference code does). */
  private final StoredKernels kernels;

  LibtorchForward(DecoderConfig config, NDManager manager, Weights weights, Rope rope, int prefillChunk) {
    this.kernels = weights.stored() ? StoredKernels.load() : null;
    this.config = config;
    this.manager = manager;
    this.weights = weights;
    this.rope = rope;
    this.prefillChunk = prefillChunk;
  }

  /** Runs the steps through the NDArray forward pass, long prompts chunk by chunk. */
  float[][] forward(List<DecodeStep> steps) {
    float[][] logits = new float[steps.size()][];
    int[] done = new int[steps.size()];
    int chunk = prefillChunk;
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
      NDArray x = weights.embed().rows(ids, step);
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
    NDArray qkv = w.qkv().linear(h, w.qkvBias(), kernels);
    NDList split = qkv.split(new long[] {config.queryDim(), config.queryDim() + config.kvDim()}, 1);
    NDArray q = rotate(split.get(0).reshape(total, config.numHeads(), config.headDim()), cos, sin);
    NDArray k = rotate(split.get(1).reshape(total, config.numKvHeads(), config.headDim()), cos, sin);
    NDArray v = split.get(2).reshape(total, config.numKvHeads(), config.headDim());
    NDArray attn = attention(scope, index, q, k, v, caches, parts);
    NDArray o = w.o().linear(attn, w.oBias(), kernels);
    NDArray x2 = x.add(o);
    NDArray gateUp = w.gateUp().linear(rmsNorm(x2, w.postNorm()), null, kernels);
    NDList gu = gateUp.split(2, 1);
    NDArray mlp = w.down().linear(Activation.sigmoid(gu.get(0)).muli(gu.get(0)).muli(gu.get(1)), null, kernels);
    return x2.addi(mlp);
  }

  /**
   * Appends each sequence's new keys and values to its cache and attends over it. Sequences with
   * one new token (decode) go through {@link Attention#attendDecode} together; prompt chunks (and
   * decode tokens past a sliding window) go through {@link Attention#attendChunks} together, or
   * {@link Attention#attend} when there is one. Rows come back in the order of {@code parts}.
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
    float[] flat = weights.lmHead().linear(rmsNorm(last, weights.norm()), null, kernels).toFloatArray();
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
}
