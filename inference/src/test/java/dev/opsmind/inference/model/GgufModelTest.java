package dev.opsmind.inference.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.opsmind.inference.generate.sampling.SamplerSteps;
import dev.opsmind.inference.gguf.TinyLlamas;
import dev.opsmind.inference.gguf.GgmlType;
import dev.opsmind.inference.gguf.GgufFile;
import dev.opsmind.inference.gguf.GgufQuantizer;
import dev.opsmind.inference.gguf.GgufValue;
import dev.opsmind.inference.gguf.GgufWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GGUF checkpoints in the runtime: the trained stories260K model must reproduce its published
 * greedy continuation of BOS token for token (which also proves the q/k un-permutation and the
 * metadata mapping), on the vector path and on libtorch, and after quantization to Q8_0.
 */
class GgufModelTest {

  @TempDir
  Path tmp;

  static int[] expectedIds() throws IOException {
    var json = new ObjectMapper().readTree(TinyLlamas.dir().resolve("stories260K-greedy.json").toFile());
    int[] ids = new int[json.get("greedy_ids").size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = json.get("greedy_ids").get(i).asInt();
    }
    return ids;
  }

  /** Greedy tokens after BOS, one decode step at a time. */
  static int[] greedy(Decoder decoder, int bos, int steps) {
    int[] out = new int[steps + 1];
    out[0] = bos;
    try (KvCache cache = decoder.newCache()) {
      int next = bos;
      for (int i = 1; i <= steps; i++) {
        float[] logits = decoder.forward(List.of(new DecodeStep(cache, new int[] {next})))[0];
        next = SamplerSteps.argmax(logits);
        out[i] = next;
      }
    }
    return out;
  }

  @Test
  void stories260KReproducesItsGreedyContinuationOnBothPaths() throws IOException {
    int[] expected = expectedIds();
    try (Decoder d = Decoder.load(TinyLlamas.dir().resolve("stories260K.gguf"), DecoderOptions.defaults().withThreads(2))) {
      assertEquals(512, d.config().vocabSize());
      assertEquals(8, d.config().headDim());
      assertArrayEquals(expected, greedy(d, 1, expected.length - 1), d.decodePath());
    }
    try (Decoder d = Decoder.load(TinyLlamas.dir().resolve("stories260K.gguf"),
        DecoderOptions.defaults().withThreads(2).withDecodePath("libtorch"))) {
      int[] first = java.util.Arrays.copyOf(expected, 65);
      assertArrayEquals(first, greedy(d, 1, 64), d.decodePath());
    }
  }

  @Test
  void stories260KAfterQ8_0QuantizationKeepsTheFirst32Tokens() throws IOException {
    Path q8 = tmp.resolve("stories260K-q8_0.gguf");
    try (GgufFile in = GgufFile.open(TinyLlamas.dir().resolve("stories260K.gguf"))) {
      GgufQuantizer.quantize(in, q8, GgufQuantizer.Scheme.Q8_0, (done, total) -> { });
    }
    try (GgufFile f = GgufFile.open(q8)) {
      assertEquals(GgmlType.Q8_0, f.tensor("blk.0.attn_q.weight").type());
      assertEquals(GgmlType.F16, f.tensor("blk.0.ffn_down.weight").type()); // 172 columns: not whole blocks
      assertEquals(GgmlType.F32, f.tensor("blk.0.ffn_norm.weight").type());
      IllegalArgumentException again = assertThrows(IllegalArgumentException.class,
          () -> GgufQuantizer.quantize(f, tmp.resolve("again.gguf"), GgufQuantizer.Scheme.Q4_0, (done, total) -> { }));
      assertTrue(again.getMessage().contains("already quantized"), again.getMessage());
    }
    int[] expected = java.util.Arrays.copyOf(expectedIds(), 33);
    try (Decoder d = Decoder.load(q8, DecoderOptions.defaults().withThreads(2))) {
      assertArrayEquals(expected, greedy(d, 1, 32));
    }
  }

  @Test
  void llama2TinyRandomLoads() {
    try (Decoder d = Decoder.load(TinyLlamas.dir().resolve("llama-2-tiny-random.gguf"), DecoderOptions.defaults().withThreads(1))) {
      assertEquals(32000, d.config().vocabSize());
      assertEquals(4, d.config().headDim());
      assertEquals(1, greedy(d, 1, 3)[0]);
    }
  }

  @Test
  void unpermuteIsTheInverseOfLlamaCppsPermutation() {
    int heads = 2;
    int headDim = 4;
    int cols = 3;
    float[] hf = new float[heads * headDim * cols];
    for (int i = 0; i < hf.length; i++) {
      hf[i] = i;
    }
    // llama.cpp: w.reshape(heads, 2, headDim / 2, cols).swapaxes(1, 2): row (h, i, j) ← HF row (h, j, i)
    float[] gguf = new float[hf.length];
    for (int h = 0; h < heads; h++) {
      for (int i = 0; i < headDim / 2; i++) {
        for (int j = 0; j < 2; j++) {
          System.arraycopy(hf, (h * headDim + j * headDim / 2 + i) * cols, gguf, (h * headDim + 2 * i + j) * cols, cols);
        }
      }
    }
    assertArrayEquals(hf, GgufCheckpoint.unpermute(gguf, heads, headDim, cols));
  }

  @Test
  void unsupportedArchitectureIsRefusedByName() throws IOException {
    Path file = tmp.resolve("gpt2.gguf");
    new GgufWriter().put("general.architecture", GgufValue.string("gpt2"))
        .tensor("token_embd.weight", GgmlType.F32, new long[] {4, 4}, new float[16]).write(file);
    ModelFormatException e = assertThrows(ModelFormatException.class,
        () -> Decoder.load(file, DecoderOptions.defaults()));
    assertTrue(e.getMessage().contains("architecture 'gpt2' is not supported"), e.getMessage());
  }

  @Test
  void unsupportedTensorTypeIsRefusedByNameBeforeLoading() throws IOException {
    Path file = tmp.resolve("q5k.gguf");
    java.nio.file.Path random = tmp.resolve("random.gguf");
    dev.opsmind.inference.checkpoint.RandomGguf.write(random, dev.opsmind.inference.checkpoint.ModelShapes.get("tiny-llama"),
        1, 0.02);
    try (GgufFile in = GgufFile.open(random)) {
      GgufWriter w = new GgufWriter().putAll(in.metadata());
      for (var t : in.tensors().values()) {
        if (t.name().equals("blk.1.ffn_up.weight")) {
          // a Q5_K matrix (44 rows of one 256-value block, zero bytes): refused by type before any shape check
          w.tensor(t.name(), GgmlType.Q5_K, new long[] {44, 256}, () -> java.nio.ByteBuffer.allocate(44 * 176));
        } else {
          w.tensor(t.name(), t.type(), t.shape(), in.dequantize(t));
        }
      }
      w.write(file);
    }
    ModelFormatException e = assertThrows(ModelFormatException.class, () -> GgufCheckpoint.open(file));
    assertTrue(e.getMessage().contains("tensor blk.1.ffn_up.weight has type Q5_K"), e.getMessage());
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    ModelCatalog.Entry entry = ModelCatalog.describe(file);
    assertTrue(entry.problem() != null && entry.problem().contains("Q5_K"), String.valueOf(entry.problem()));
    assertEquals("q5k", entry.name());
  }
  /** The qwen2 GGUFs the benchmarks write: q/k/v biases and a tied head, the same logits on both paths. */
  @Test
  void aRandomQwen2GgufLoadsAsQwen2AndDecodesAlikeOnBothPaths() throws IOException {
    Path file = tmp.resolve("tiny-qwen2.gguf");
    dev.opsmind.inference.checkpoint.RandomGguf.write(file, dev.opsmind.inference.checkpoint.ModelShapes.get("tiny-qwen2"),
        3, 0.02);
    try (GgufCheckpoint g = GgufCheckpoint.open(file)) {
      assertEquals("qwen2", g.config().modelType());
      assertTrue(g.config().attentionBias() && g.config().tieWordEmbeddings(), g.config().toString());
    }
    float[] vector = lastLogits(file, "vector");
    float[] libtorch = lastLogits(file, "libtorch");
    double worst = 0;
    double scale = 0;
    for (int i = 0; i < vector.length; i++) {
      worst = Math.max(worst, Math.abs(vector[i] - libtorch[i]));
      scale = Math.max(scale, Math.abs(libtorch[i]));
    }
    assertTrue(scale > 0 && worst <= 1e-4 * scale, "logits differ by " + worst + " of " + scale);
  }

  /** The logits after a 6-token prompt and one more token decoded, on {@code path}. */
  private static float[] lastLogits(Path file, String path) {
    try (Decoder d = Decoder.load(file, DecoderOptions.defaults().withThreads(2).withDecodePath(path));
        KvCache cache = d.newCache()) {
      d.forward(List.of(new DecodeStep(cache, new int[] {1, 300, 301, 302, 303, 304})));
      return d.forward(List.of(new DecodeStep(cache, new int[] {305})))[0];
    }
  }
}