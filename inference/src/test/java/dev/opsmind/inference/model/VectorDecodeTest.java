package dev.opsmind.inference.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.opsmind.inference.checkpoint.RandomCheckpoint;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The vector decode path against libtorch's forward pass on the same checkpoint: same logits (to
 * float rounding) and greedy tokens over many steps, for every architecture feature it re-implements
 * (q/k/v biases, llama3 rope scaling, tied and separate heads, grouped-query heads, a sliding
 * window, sizes that are no multiple of the SIMD width); short prompt passes as well; a sequence's
 * logits bit-identical whatever it is batched with; a cache grown while decoding.
 */
class VectorDecodeTest {
  @TempDir static Path tmp;
  static Path odd;
  static Path llamaBias;

  @BeforeAll
  static void checkpoints() {
    // Sizes off every SIMD width and row block: hidden 72, head_dim 18, 515-token vocabulary,
    // and a 6-position sliding window the decode steps cross.
    DecoderConfig config = new DecoderConfig("mistral", 515, 72, 2, 4, 2, 18, 100, 10000.0, null, 1e-5, 256, false,
        false, 6);
    odd = tmp.resolve("odd-mistral");
    RandomCheckpoint.write(odd, config, RandomCheckpoint.Options.defaults(11), line -> {});
    // Llama with attention_bias: biases on q/k/v and on o_proj
    llamaBias = tmp.resolve("llama-bias");
    RandomCheckpoint.write(llamaBias, new DecoderConfig("llama", 512, 64, 2, 4, 2, 16, 176, 500000.0, null, 1e-5, 256,
        false, true, 0), RandomCheckpoint.Options.defaults(13), line -> {});
  }

  private static Decoder load(Path dir, String path) {
    return Decoder.load(dir, DecoderOptions.defaults().withDevice("cpu").withThreads(2).withDecodePath(path));
  }

  private static Decoder vector(Path dir) {
    Decoder d = load(dir, "auto");
    if (!d.vectorDecode()) {
      String why = d.decodePath();
      d.close();
      assumeTrue(false, "vector decode path unavailable on this JVM/build: " + why);
    }
    return d;
  }

  @ParameterizedTest
  @ValueSource(strings = {"tiny-llama", "tiny-llama3", "tiny-qwen2", "tiny-mistral", "odd", "llama-bias"})
  void greedyDecodeMatchesLibtorch(String shape) {
    Path dir = switch (shape) {
      case "odd" -> odd;
      case "llama-bias" -> llamaBias;
      default -> TestCheckpoints.write(tmp, shape);
    };
    try (Decoder fast = vector(dir); Decoder torch = load(dir, "libtorch");
        KvCache a = fast.newCache(); KvCache b = torch.newCache()) {
      assertTrue(torch.decodePath().startsWith("libtorch"), torch.decodePath());
      int[] prompt = TestCheckpoints.prompts(fast.config().vocabSize(), 9)[0];
      float[] x = fast.forward(List.of(new DecodeStep(a, prompt)))[0];
      float[] y = torch.forward(List.of(new DecodeStep(b, prompt)))[0];
      float maxDiff = 0;
      for (int step = 0; step < 24; step++) {
        int next = TestCheckpoints.argmax(y);
        assertEquals(next, TestCheckpoints.argmax(x), "greedy token differs at step " + step);
        x = fast.forward(List.of(new DecodeStep(a, new int[] {next})))[0];
        y = torch.forward(List.of(new DecodeStep(b, new int[] {next})))[0];
        maxDiff = Math.max(maxDiff, TestCheckpoints.maxAbsDiff(x, y));
      }
      assertTrue(maxDiff < 1e-4, shape + ": vector vs libtorch logits differ by " + maxDiff);
      assertEquals(prompt.length + 24, a.length());
    }
  }

  @Test
  void sequenceLogitsDoNotDependOnItsBatch() {
    try (Decoder fast = vector(odd)) {
      // seven sequences: the kernels' four-, two- and one-input blocks all see a sequence
      int[][] prompts = TestCheckpoints.prompts(515, 3, 11, 7, 5, 9, 2, 13);
      List<KvCache> alone = new ArrayList<>();
      List<KvCache> batched = new ArrayList<>();
      for (int[] p : prompts) {
        alone.add(fast.newCache());
        batched.add(fast.newCache());
        fast.forward(List.of(new DecodeStep(alone.getLast(), p)));
        fast.forward(List.of(new DecodeStep(batched.getLast(), p)));
      }
      for (int step = 0; step < 5; step++) {
        List<DecodeStep> steps = new ArrayList<>();
        for (int s = 0; s < prompts.length; s++) {
          steps.add(new DecodeStep(batched.get(s), new int[] {100 + step * 7 + s}));
        }
        float[][] together = fast.forward(steps);
        for (int s = 0; s < prompts.length; s++) {
          float[] one = fast.forward(List.of(new DecodeStep(alone.get(s), new int[] {100 + step * 7 + s})))[0];
          assertArrayEquals(one, together[s], "sequence " + s + " at step " + step);
        }
      }
      alone.forEach(KvCache::close);
      batched.forEach(KvCache::close);
    }
  }

  @Test
  void shortPromptPassesMatchLibtorch() {
    // Prompt chunks of several sequences in one short pass, on the vector path: fresh caches,
    // one continuing a cached prefix, chunks longer than the 6-position sliding window, and a
    // decode token beside them.
    try (Decoder fast = vector(odd); Decoder torch = load(odd, "libtorch")) {
      int[][] p = TestCheckpoints.prompts(515, 9, 3, 12, 5, 1);
      List<KvCache> fc = new ArrayList<>();
      List<KvCache> tc = new ArrayList<>();
      for (int s = 0; s < p.length; s++) {
        fc.add(fast.newCache());
        tc.add(torch.newCache());
      }
      // sequence 1 has 7 tokens cached and sequence 4 is decoding when the pass comes
      int[] before = TestCheckpoints.prompts(515, 7)[0];
      fast.forward(List.of(new DecodeStep(fc.get(1), before), new DecodeStep(fc.get(4), before)));
      torch.forward(List.of(new DecodeStep(tc.get(1), before), new DecodeStep(tc.get(4), before)));
      List<DecodeStep> fs = new ArrayList<>();
      List<DecodeStep> ts = new ArrayList<>();
      for (int s = 0; s < p.length; s++) {
        fs.add(new DecodeStep(fc.get(s), p[s]));
        ts.add(new DecodeStep(tc.get(s), p[s]));
      }
      float[][] f = fast.forward(fs);
      float[][] t = torch.forward(ts);
      for (int s = 0; s < p.length; s++) {
        assertTrue(TestCheckpoints.maxAbsDiff(f[s], t[s]) < 1e-4, "sequence " + s + ": vector vs libtorch logits differ by "
            + TestCheckpoints.maxAbsDiff(f[s], t[s]));
        assertEquals(TestCheckpoints.argmax(t[s]), TestCheckpoints.argmax(f[s]));
      }
      assertEquals(List.of(9, 10, 12, 5, 8), fc.stream().map(KvCache::length).toList());
      // the keys and values the vector path wrote serve later steps on either path
      for (int s = 0; s < p.length; s++) {
        float[] a = fast.forward(List.of(new DecodeStep(fc.get(s), new int[] {42})))[0];
        float[] b = torch.forward(List.of(new DecodeStep(tc.get(s), new int[] {42})))[0];
        assertTrue(TestCheckpoints.maxAbsDiff(a, b) < 1e-4, "decode after the pass, sequence " + s);
      }
      fc.forEach(KvCache::close);
      tc.forEach(KvCache::close);
    }
  }

  @Test
  void promptLogitsDoNotDependOnTheirPass() {
    try (Decoder fast = vector(odd)) {
      int[][] p = TestCheckpoints.prompts(515, 11, 4, 7, 2);
      float[][] alone = new float[p.length][];
      for (int s = 0; s < p.length; s++) {
        try (KvCache c = fast.newCache()) {
          alone[s] = fast.forward(List.of(new DecodeStep(c, p[s])))[0];
        }
      }
      List<KvCache> caches = new ArrayList<>();
      List<DecodeStep> steps = new ArrayList<>();
      for (int[] prompt : p) {
        caches.add(fast.newCache());
        steps.add(new DecodeStep(caches.getLast(), prompt));
      }
      float[][] together = fast.forward(steps);
      for (int s = 0; s < p.length; s++) {
        assertArrayEquals(alone[s], together[s], "prompt " + s);
      }
      caches.forEach(KvCache::close);
    }
  }

  @Test
  void mixedPassAndCacheGrowthMatchLibtorch() {
    // decode steps next to a prompt chunk in one forward call, decoding past the cache's first
    // 128-position buffer
    Path dir = TestCheckpoints.write(tmp, "tiny-qwen2");
    try (Decoder fast = vector(dir); Decoder torch = load(dir, "libtorch")) {
      int[][] p = TestCheckpoints.prompts(512, 120, 5);
      KvCache fa = fast.newCache();
      KvCache fb = fast.newCache();
      KvCache ta = torch.newCache();
      KvCache tb = torch.newCache();
      fast.forward(List.of(new DecodeStep(fa, p[0])));
      torch.forward(List.of(new DecodeStep(ta, p[0])));
      float maxDiff = 0;
      for (int i = 0; i < 14; i++) {
        int token = 30 + i;
        List<DecodeStep> fs = new ArrayList<>(List.of(new DecodeStep(fa, new int[] {token})));
        List<DecodeStep> ts = new ArrayList<>(List.of(new DecodeStep(ta, new int[] {token})));
        fs.add(new DecodeStep(fb, i == 0 ? p[1] : new int[] {token}));
        ts.add(new DecodeStep(tb, i == 0 ? p[1] : new int[] {token}));
        float[][] f = fast.forward(fs);
        float[][] t = torch.forward(ts);
        maxDiff = Math.max(maxDiff, Math.max(TestCheckpoints.maxAbsDiff(f[0], t[0]), TestCheckpoints.maxAbsDiff(f[1], t[1])));
      }
      assertEquals(134, fa.length());
      assertEquals(18, fb.length());
      assertTrue(maxDiff < 1e-4, "vector vs libtorch logits differ by " + maxDiff);
      // the prefix-cache copy of a cache the vector path wrote carries its keys and values
      try (KvCache copy = fa.copy(); KvCache tcopy = ta.copy()) {
        float[] f = fast.forward(List.of(new DecodeStep(copy, new int[] {7})))[0];
        float[] t = torch.forward(List.of(new DecodeStep(tcopy, new int[] {7})))[0];
        assertTrue(TestCheckpoints.maxAbsDiff(f, t) < 1e-4);
      }
      for (KvCache c : List.of(fa, fb, ta, tb)) {
        c.close();
      }
    }
  }

  @Test
  void explicitVectorPathLoadsOrSaysWhyNot() {
    boolean available;
    try (Decoder d = load(odd, "auto")) {
      available = d.vectorDecode();
    }
    if (available) {
      try (Decoder d = load(odd, "vector")) {
        assertTrue(d.decodePath().startsWith("vector"), d.decodePath());
      }
    } else {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> load(odd, "vector").close());
      assertTrue(e.getMessage().contains("decodePath vector is not available"), e.getMessage());
    }
  }
}
