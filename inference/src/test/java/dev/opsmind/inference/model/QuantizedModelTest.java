package dev.opsmind.inference.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.opsmind.inference.checkpoint.RandomGguf;
import dev.opsmind.inference.gguf.GgmlType;
import dev.opsmind.inference.gguf.GgufFile;
import dev.opsmind.inference.gguf.GgufQuantizer;
import dev.opsmind.inference.gguf.GgufQuantizer.Scheme;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Whole models in reduced precision against the F32 model they were quantized from (a random
 * Llama with rows of 256 values, so every scheme writes its own types): next-token logits within
 * a relative RMS error per scheme (printed), weights kept as stored, a sequence's logits
 * bit-identical alone or batched, and a long prompt on libtorch's tiled product equal to the
 * same prompt on the vector kernels.
 */
class QuantizedModelTest {
  @TempDir static Path tmp;
  static Path f32;
  static final DecoderConfig CONFIG = new DecoderConfig("llama", 512, 256, 2, 4, 2, 64, 512, 10000.0, null, 1e-5, 256,
      false, false, 0);
  static final int[] TOKENS = {1, 300, 301, 17, 400, 5, 260, 511, 42, 280, 290, 3, 99, 100};

  @BeforeAll
  static void write() {
    f32 = tmp.resolve("random.gguf");
    RandomGguf.write(f32, CONFIG, 5, 0.02); // the std every random checkpoint here uses (HF's initializer_range)
  }

  static Path quantized(Scheme scheme) throws IOException {
    Path out = tmp.resolve("random-" + scheme.label() + ".gguf");
    if (!out.toFile().exists()) {
      try (GgufFile in = GgufFile.open(f32)) {
        GgufQuantizer.quantize(in, out, scheme, (done, total) -> { });
      }
    }
    return out;
  }

  static Decoder load(Path file) {
    return Decoder.load(file, DecoderOptions.defaults().withDevice("cpu").withThreads(2));
  }

  /** Logits after each token of {@link #TOKENS}: a 4-token prompt, then one token at a time. */
  static List<float[]> logits(Decoder d) {
    List<float[]> out = new ArrayList<>();
    try (KvCache cache = d.newCache()) {
      out.add(d.forward(List.of(new DecodeStep(cache, java.util.Arrays.copyOf(TOKENS, 4))))[0]);
      for (int i = 4; i < TOKENS.length; i++) {
        out.add(d.forward(List.of(new DecodeStep(cache, new int[] {TOKENS[i]})))[0]);
      }
    }
    return out;
  }

  static double relativeRms(List<float[]> got, List<float[]> reference) {
    double err = 0;
    double ref = 0;
    for (int i = 0; i < got.size(); i++) {
      for (int v = 0; v < got.get(i).length; v++) {
        double diff = got.get(i)[v] - reference.get(i)[v];
        err += diff * diff;
        ref += (double) reference.get(i)[v] * reference.get(i)[v];
      }
    }
    return Math.sqrt(err / ref);
  }

  @ParameterizedTest
  @EnumSource(Scheme.class)
  void logitsStayCloseToF32AndWeightsStayStored(Scheme scheme) throws IOException {
    List<float[]> reference;
    long f32Memory = Decoder.memoryBytes(f32, DecoderOptions.defaults());
    try (Decoder d = load(f32)) {
      assertTrue(!d.storedWeights(), "an all-F32 model keeps libtorch's F32 tensors");
      reference = logits(d);
    }
    Path file = quantized(scheme);
    try (Decoder d = load(file)) {
      assumeTrue(d.vectorDecode(), "vector kernels unavailable: " + d.decodePath());
      assertTrue(d.storedWeights(), scheme + " weights should stay in their stored types");
      double rms = relativeRms(logits(d), reference);
      long memory = Decoder.memoryBytes(file, DecoderOptions.defaults());
      System.out.printf(java.util.Locale.ROOT, "%s: next-token logits relative RMS error vs F32 %.4f%%, weights %d"
          + " bytes in memory (F32 %d, %.2fx smaller)%n", scheme, 100 * rms, memory, f32Memory,
          f32Memory / (double) memory);
      // Measured on this checkpoint: F16 0.05%, BF16 0.41%, Q8_0 0.99% (embeddings and LM head F16;
      // all-Q8_0 1.29%, see below), Q4_0 and Q4_K_M in the table of inference/README.md.
      double bound = switch (scheme) {
        case F16, BF16 -> 0.01;
        case Q8_0 -> 0.01;
        case Q4_K_M -> 0.16;
        case Q4_0 -> 0.25;
      };
      assertTrue(rms <= bound, scheme + ": relative RMS error " + rms + " above " + bound);
      assertTrue(memory < f32Memory * (scheme == Scheme.F16 || scheme == Scheme.BF16 ? 0.55 : 0.35),
          scheme + " takes " + memory + " bytes, F32 " + f32Memory);
    }
  }

  @Test
  void q8_0KeepsEmbeddingsAndLmHeadInF16BecauseAllQ8_0MissesOnePercent() throws IOException {
    try (GgufFile f = GgufFile.open(quantized(Scheme.Q8_0))) {
      assertEquals(GgmlType.F16, f.tensor("token_embd.weight").type());
      assertEquals(GgmlType.F16, f.tensor("output.weight").type());
      assertEquals(GgmlType.Q8_0, f.tensor("blk.0.attn_v.weight").type());
    }
    List<float[]> reference;
    try (Decoder d = load(f32)) {
      reference = logits(d);
    }
    // llama.cpp's default Q8_0 (every matrix Q8_0), written through the override options
    Path pure = tmp.resolve("random-q8_0-pure.gguf");
    try (GgufFile in = GgufFile.open(f32)) {
      GgufQuantizer.quantize(in, pure, new GgufQuantizer.Plan(Scheme.Q8_0, GgmlType.Q8_0, GgmlType.Q8_0), (a, b) -> { });
    }
    try (GgufFile f = GgufFile.open(pure)) {
      assertEquals(GgmlType.Q8_0, f.tensor("token_embd.weight").type());
      assertEquals(GgmlType.Q8_0, f.tensor("output.weight").type());
    }
    double pureRms;
    double keptRms;
    try (Decoder d = load(pure)) {
      pureRms = relativeRms(logits(d), reference);
    }
    try (Decoder d = load(quantized(Scheme.Q8_0))) {
      keptRms = relativeRms(logits(d), reference);
    }
    System.out.printf(java.util.Locale.ROOT, "Q8_0 everywhere %.4f%%, embeddings and LM head F16 %.4f%%%n",
        100 * pureRms, 100 * keptRms);
    assertTrue(pureRms > 0.01 && keptRms <= 0.01, "all-Q8_0 " + pureRms + ", kept F16 " + keptRms);
  }

  @Test
  void q4_0WritesTheLmHeadInQ6KAsLlamaCppDoes() throws IOException {
    try (GgufFile f = GgufFile.open(quantized(Scheme.Q4_0))) {
      assertEquals(GgmlType.Q6_K, f.tensor("output.weight").type());
      assertEquals(GgmlType.Q4_0, f.tensor("token_embd.weight").type());
      assertEquals(GgmlType.Q4_0, f.tensor("blk.1.ffn_down.weight").type());
    }
  }

  @Test
  void q4KMKeepsQ6KWhereLlamaCppDoes() throws IOException {
    try (GgufFile f = GgufFile.open(quantized(Scheme.Q4_K_M))) {
      assertEquals(GgmlType.Q6_K, f.tensor("output.weight").type());
      assertEquals(GgmlType.Q4_K, f.tensor("token_embd.weight").type());
      // 2 layers: layer 1 is the last eighth (use_more_bits), layer 0 is not
      assertEquals(GgmlType.Q4_K, f.tensor("blk.0.attn_v.weight").type());
      assertEquals(GgmlType.Q6_K, f.tensor("blk.1.attn_v.weight").type());
      assertEquals(GgmlType.Q4_K, f.tensor("blk.0.ffn_down.weight").type());
      assertEquals(GgmlType.Q6_K, f.tensor("blk.1.ffn_down.weight").type());
      assertEquals(GgmlType.Q4_K, f.tensor("blk.0.attn_q.weight").type());
      assertEquals(GgmlType.Q4_K, f.tensor("blk.1.ffn_up.weight").type());
      assertEquals(GgmlType.F32, f.tensor("blk.0.attn_norm.weight").type());
    }
    // llama.cpp's use_more_bits over 24 layers
    List<Integer> more = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      if (dev.opsmind.inference.gguf.GgufQuantizerAccess.moreBits(i, 24)) {
        more.add(i);
      }
    }
    assertEquals(List.of(0, 1, 2, 5, 8, 11, 14, 17, 20, 21, 22, 23), more);
  }

  @ParameterizedTest
  @EnumSource(value = Scheme.class, names = {"BF16", "Q8_0", "Q4_0", "Q4_K_M"})
  void aSequenceGetsTheSameLogitsAloneOrBatched(Scheme scheme) throws IOException {
    try (Decoder d = load(quantized(scheme))) {
      assumeTrue(d.vectorDecode(), "vector kernels unavailable: " + d.decodePath());
      // five sequences: the batched kernel takes two rows by three inputs, then two (BlockKernels.dot2x3, dot2x2)
      int[][] prompts = {{1, 300, 301}, {1, 17, 400, 5, 260}, {1, 42}, {1, 99, 100}, {1, 7}};
      List<KvCache> alone = new ArrayList<>();
      List<KvCache> batched = new ArrayList<>();
      for (int[] p : prompts) {
        KvCache a = d.newCache();
        KvCache b = d.newCache();
        d.forward(List.of(new DecodeStep(a, p)));
        d.forward(List.of(new DecodeStep(b, p)));
        alone.add(a);
        batched.add(b);
      }
      for (int step = 0; step < 3; step++) {
        List<DecodeStep> steps = new ArrayList<>();
        for (int s = 0; s < prompts.length; s++) {
          steps.add(new DecodeStep(batched.get(s), new int[] {280 + step + s}));
        }
        float[][] together = d.forward(steps);
        for (int s = 0; s < prompts.length; s++) {
          float[] one = d.forward(List.of(new DecodeStep(alone.get(s), new int[] {280 + step + s})))[0];
          assertArrayEquals(one, together[s], scheme + ": sequence " + s + " step " + step);
        }
      }
      alone.forEach(KvCache::close);
      batched.forEach(KvCache::close);
    }
  }

  @ParameterizedTest
  @EnumSource(value = Scheme.class, names = {"BF16", "Q4_K_M"})
  void aLongPromptOnLibtorchTilesEqualsTheVectorKernels(Scheme scheme) throws IOException {
    int[] prompt = new int[60];
    for (int i = 0; i < prompt.length; i++) {
      prompt[i] = 1 + (i * 37) % 500;
    }
    try (Decoder d = load(quantized(scheme))) {
      assumeTrue(d.vectorDecode(), "vector kernels unavailable: " + d.decodePath());
      float[] longPass;
      try (KvCache cache = d.newCache()) {
        longPass = d.forward(List.of(new DecodeStep(cache, prompt)))[0]; // > 48 tokens: libtorch, tiled
      }
      float[] shortPasses;
      try (KvCache cache = d.newCache()) {
        d.forward(List.of(new DecodeStep(cache, java.util.Arrays.copyOf(prompt, 30))));
        shortPasses = d.forward(List.of(new DecodeStep(cache, java.util.Arrays.copyOfRange(prompt, 30, 60))))[0];
      }
      double rms = relativeRms(List.of(longPass), List.of(shortPasses));
      assertTrue(rms < 1e-5, scheme + ": libtorch tiles vs vector kernels relative RMS " + rms);
    }
  }
}
