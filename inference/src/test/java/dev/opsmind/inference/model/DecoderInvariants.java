package dev.opsmind.inference.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.opsmind.inference.checkpoint.RandomCheckpoint;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * KV cache and batching invariants on a random Qwen2 checkpoint (q/k/v biases, tied embeddings),
 * run once per forward pass implementation: {@link LibtorchDecoderInvariantsTest} (the NDArray
 * pass for everything) and {@link VectorDecoderInvariantsTest} (decode and short passes on the
 * vector path, long prompts on libtorch, and passes mixing both).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DecoderInvariants {
  Path tmp;
  Path dir;
  Decoder decoder;

  /** The {@link DecoderOptions#decodePath()} under test. */
  abstract String decodePath();

  private DecoderOptions options() {
    return DecoderOptions.defaults().withThreads(1).withDecodePath(decodePath());
  }

  @BeforeAll
  void load(@TempDir Path tempDir) {
    tmp = tempDir;
    dir = TestCheckpoints.write(tmp, "tiny-qwen2");
    decoder = Decoder.load(dir, options());
  }

  @AfterAll
  void close() {
    decoder.close();
  }

  private float[] forward(KvCache cache, int... tokens) {
    return decoder.forward(List.of(new DecodeStep(cache, tokens)))[0];
  }

  @Test
  void incrementalDecodeEqualsFullRecompute() {
    int[] seq = TestCheckpoints.prompts(512, 40)[0];
    float maxDiff = 0;
    try (KvCache incremental = decoder.newCache()) {
      forward(incremental, Arrays.copyOf(seq, 10));
      for (int i = 10; i < seq.length; i++) {
        float[] step = forward(incremental, seq[i]);
        try (KvCache full = decoder.newCache()) {
          float[] recomputed = forward(full, Arrays.copyOf(seq, i + 1));
          maxDiff = Math.max(maxDiff, TestCheckpoints.maxAbsDiff(step, recomputed));
        }
      }
      assertEquals(seq.length, incremental.length());
    }
    assertTrue(maxDiff < 1e-4, "incremental vs recomputed logits differ by " + maxDiff);
  }

  @Test
  void cacheGrownPastItsFirstBufferEqualsFullRecompute() {
    // 125 cached tokens, then single tokens across the cache's first buffer size (128 positions)
    // and a 3-token chunk: regrowing must keep every earlier key and value.
    int[] seq = TestCheckpoints.prompts(512, 140)[0];
    try (KvCache incremental = decoder.newCache()) {
      forward(incremental, Arrays.copyOf(seq, 125));
      float[] last = null;
      for (int i = 125; i < 137; i++) {
        last = forward(incremental, seq[i]);
      }
      last = forward(incremental, Arrays.copyOfRange(seq, 137, 140));
      try (KvCache full = decoder.newCache(); KvCache copy = incremental.copy()) {
        float diff = TestCheckpoints.maxAbsDiff(last, forward(full, seq));
        assertTrue(diff < 1e-4, "grown cache vs recomputed logits differ by " + diff);
        assertEquals(140, copy.length());
      }
      assertEquals(140, incremental.length());
    }
  }

  @Test
  void chunkedPrefillEqualsOnePass() {
    int[] prompt = TestCheckpoints.prompts(512, 50)[0];
    try (Decoder chunked = Decoder.load(dir, options().withPrefillChunk(7));
        KvCache a = chunked.newCache();
        KvCache b = decoder.newCache()) {
      float[] viaChunks = chunked.forward(List.of(new DecodeStep(a, prompt)))[0];
      float[] onePass = forward(b, prompt);
      assertEquals(prompt.length, a.length());
      assertTrue(TestCheckpoints.maxAbsDiff(viaChunks, onePass) < 1e-4);
    }
  }

  @Test
  void batchedForwardEqualsOneByOne() {
    int[][] prompts = TestCheckpoints.prompts(512, 3, 17, 9, 1);
    int steps = 6;
    int[][] alone = new int[prompts.length][steps];
    float[][] aloneLast = new float[prompts.length][];
    for (int p = 0; p < prompts.length; p++) {
      try (KvCache cache = decoder.newCache()) {
        float[] logits = forward(cache, prompts[p]);
        for (int s = 0; s < steps; s++) {
          alone[p][s] = TestCheckpoints.argmax(logits);
          aloneLast[p] = logits;
          logits = forward(cache, alone[p][s]);
        }
      }
    }
    List<KvCache> caches = new ArrayList<>();
    for (int p = 0; p < prompts.length; p++) {
      caches.add(decoder.newCache());
    }
    try {
      int[][] batched = new int[prompts.length][steps];
      List<DecodeStep> first = new ArrayList<>();
      for (int p = 0; p < prompts.length; p++) {
        first.add(new DecodeStep(caches.get(p), prompts[p]));
      }
      float[][] logits = decoder.forward(first);
      float maxDiff = 0;
      for (int s = 0; s < steps; s++) {
        List<DecodeStep> next = new ArrayList<>();
        for (int p = 0; p < prompts.length; p++) {
          batched[p][s] = TestCheckpoints.argmax(logits[p]);
          if (s == steps - 1) {
            maxDiff = Math.max(maxDiff, TestCheckpoints.maxAbsDiff(logits[p], aloneLast[p]));
          }
          next.add(new DecodeStep(caches.get(p), new int[] {batched[p][s]}));
        }
        logits = decoder.forward(next);
      }
      for (int p = 0; p < prompts.length; p++) {
        assertArrayEquals(alone[p], batched[p], "sequence " + p + " greedy tokens alone vs in a batch");
      }
      assertTrue(maxDiff < 1e-4, "batched vs alone logits differ by " + maxDiff);
    } finally {
      caches.forEach(KvCache::close);
    }
  }

  @Test
  void batchedDecodeOfUnequalCachesBesideAPrefill() {
    // Two decodes (caches of 11 and 4 tokens, so one is padded in the batched attention), a
    // prompt chunk between them: each must match its sequence computed alone.
    int[][] p = TestCheckpoints.prompts(512, 12, 5, 20);
    try (KvCache ca = decoder.newCache(); KvCache cb = decoder.newCache(); KvCache cc = decoder.newCache()) {
      forward(ca, Arrays.copyOf(p[0], 11));
      forward(cc, Arrays.copyOf(p[1], 4));
      float[][] all = decoder.forward(List.of(new DecodeStep(ca, new int[] {p[0][11]}), new DecodeStep(cb, p[2]),
          new DecodeStep(cc, new int[] {p[1][4]})));
      int[][] whole = {p[0], p[2], p[1]};
      for (int s = 0; s < 3; s++) {
        try (KvCache alone = decoder.newCache()) {
          float diff = TestCheckpoints.maxAbsDiff(all[s], forward(alone, whole[s]));
          assertTrue(diff < 1e-4, "step " + s + " batched vs alone logits differ by " + diff);
        }
      }
      assertEquals(12, ca.length());
      assertEquals(20, cb.length());
      assertEquals(5, cc.length());
    }
  }

  @Test
  void promptsPrefilledTogetherUnderASlidingWindowEqualOneByOne() {
    // Mistral with a 6-position window: chunks longer and shorter than it, with and without a cache
    Path windowed = tmp.resolve("windowed-mistral");
    RandomCheckpoint.write(windowed, new DecoderConfig("mistral", 512, 64, 2, 4, 1, 16, 128, 10000.0, null, 1e-5, 256,
        false, false, 6), RandomCheckpoint.Options.defaults(9), line -> {});
    try (Decoder d = Decoder.load(windowed, options())) {
      int[][] prompts = TestCheckpoints.prompts(512, 9, 3, 14, 2);
      int[] cached = TestCheckpoints.prompts(512, 5)[0];
      List<KvCache> together = new ArrayList<>();
      List<DecodeStep> steps = new ArrayList<>();
      float[][] alone = new float[prompts.length][];
      for (int p = 0; p < prompts.length; p++) {
        KvCache a = d.newCache();
        KvCache b = d.newCache();
        if (p % 2 == 1) { // half of them continue a cache
          d.forward(List.of(new DecodeStep(a, cached)));
          d.forward(List.of(new DecodeStep(b, cached)));
        }
        alone[p] = d.forward(List.of(new DecodeStep(a, prompts[p])))[0];
        a.close();
        together.add(b);
        steps.add(new DecodeStep(b, prompts[p]));
      }
      float[][] batched = d.forward(steps);
      for (int p = 0; p < prompts.length; p++) {
        float diff = TestCheckpoints.maxAbsDiff(alone[p], batched[p]);
        assertTrue(diff < 1e-4, "prompt " + p + ": together vs alone logits differ by " + diff);
      }
      together.forEach(KvCache::close);
    }
  }

  @Test
  void mixedPrefillAndDecodeInOneStep() {
    int[] a = TestCheckpoints.prompts(512, 12)[0];
    int[] b = TestCheckpoints.prompts(512, 5, 30)[1];
    try (KvCache ca = decoder.newCache(); KvCache cb = decoder.newCache(); KvCache ref = decoder.newCache()) {
      forward(ca, Arrays.copyOf(a, 11));
      float[][] both = decoder.forward(List.of(new DecodeStep(ca, new int[] {a[11]}), new DecodeStep(cb, b)));
      float[] aFull = forward(ref, a);
      assertTrue(TestCheckpoints.maxAbsDiff(both[0], aFull) < 1e-4);
      try (KvCache bAlone = decoder.newCache()) {
        assertTrue(TestCheckpoints.maxAbsDiff(both[1], forward(bAlone, b)) < 1e-4);
      }
    }
  }

  @Test
  void copiedCacheContinuesIndependently() {
    int[] prefix = TestCheckpoints.prompts(512, 20)[0];
    try (KvCache shared = decoder.newCache()) {
      forward(shared, prefix);
      try (KvCache one = shared.copy(); KvCache two = shared.copy(); KvCache fresh = decoder.newCache()) {
        float[] viaCopy = forward(one, 5, 6, 7);
        forward(two, 100);
        int[] whole = Arrays.copyOf(prefix, prefix.length + 3);
        whole[prefix.length] = 5;
        whole[prefix.length + 1] = 6;
        whole[prefix.length + 2] = 7;
        assertTrue(TestCheckpoints.maxAbsDiff(viaCopy, forward(fresh, whole)) < 1e-4);
        assertEquals(prefix.length, shared.length());
        assertEquals(prefix.length + 3, one.length());
        assertEquals(prefix.length + 1, two.length());
      }
    }
  }
}
