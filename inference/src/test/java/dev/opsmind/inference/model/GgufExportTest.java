package dev.opsmind.inference.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.opsmind.inference.checkpoint.ModelShapes;
import dev.opsmind.inference.checkpoint.RandomCheckpoint;
import dev.opsmind.inference.generate.config.GenerationConfig;
import dev.opsmind.inference.gguf.GgmlType;
import dev.opsmind.inference.gguf.GgufFile;
import dev.opsmind.inference.gguf.GgufQuantizer.Plan;
import dev.opsmind.inference.gguf.GgufQuantizer.Scheme;
import dev.opsmind.inference.tokenizer.ChatMessage;
import dev.opsmind.inference.tokenizer.ChatTemplate;
import dev.opsmind.inference.tokenizer.TextTokenizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A safetensors checkpoint written as GGUF ({@link GgufExport}) loads like the directory it came
 * from: the same logits bit for bit where the type is kept (BF16 in, BF16 out: q/k permuted and
 * back, names mapped, tied embeddings), the same tokens, EOS ids and chat prompt from the embedded
 * tokenizer.json; Q8_0 out of F32 stays within the Q8_0 error; what GGUF cannot carry is refused.
 */
class GgufExportTest {
  @TempDir Path tmp;

  static final int[] TOKENS = {1, 30, 31, 17, 40, 5, 26, 51, 42, 28};

  static Decoder load(Path p) {
    return Decoder.load(p, DecoderOptions.defaults().withDevice("cpu").withThreads(2));
  }

  static List<float[]> logits(Decoder d) {
    List<float[]> out = new java.util.ArrayList<>();
    try (KvCache cache = d.newCache()) {
      out.add(d.forward(List.of(new DecodeStep(cache, java.util.Arrays.copyOf(TOKENS, 3))))[0]);
      for (int i = 3; i < TOKENS.length; i++) {
        out.add(d.forward(List.of(new DecodeStep(cache, new int[] {TOKENS[i]})))[0]);
      }
    }
    return out;
  }

  private Path checkpoint(String shape, dev.opsmind.inference.model.TensorDType dtype) {
    Path dir = tmp.resolve(shape + "-" + dtype);
    RandomCheckpoint.write(dir, ModelShapes.get(shape), RandomCheckpoint.Options.defaults(7).withDtype(dtype), l -> { });
    return dir;
  }

  @ParameterizedTest
  @ValueSource(strings = {"tiny-llama", "tiny-qwen2", "tiny-mistral"})
  void bf16InBf16OutGivesTheDirectorysLogitsTokensAndPrompt(String shape) throws IOException {
    Path dir = checkpoint(shape, TensorDType.BF16);
    Path gguf = tmp.resolve(shape + ".gguf");
    GgufExport.write(dir, gguf, Plan.of(Scheme.BF16), (a, b) -> { });
    try (GgufFile f = GgufFile.open(gguf)) {
      assertEquals(GgmlType.BF16, f.tensor("blk.0.attn_q.weight").type());
      assertEquals(GgmlType.F32, f.tensor("blk.0.attn_norm.weight").type());
      assertEquals(ModelShapes.get(shape).tieWordEmbeddings(), !f.tensors().containsKey("output.weight"));
      assertEquals("gpt2", f.string("tokenizer.ggml.model", ""));
    }
    List<float[]> expected;
    List<float[]> got;
    try (Decoder d = load(dir)) {
      assumeTrue(d.vectorDecode(), "vector kernels unavailable: " + d.decodePath());
      expected = logits(d);
    }
    try (Decoder d = load(gguf)) {
      assertTrue(d.storedWeights());
      DecoderConfig c = ModelShapes.get(shape);
      DecoderConfig g = d.config();
      // GGUF stores rope_theta and rms_norm_eps as float32: equal up to that rounding
      assertEquals(c, new DecoderConfig(g.modelType(), g.vocabSize(), g.hiddenSize(), g.numLayers(), g.numHeads(),
          g.numKvHeads(), g.headDim(), g.intermediateSize(), (float) c.ropeTheta() == g.ropeTheta() ? c.ropeTheta() : -1,
          g.ropeScaling(), (float) c.rmsNormEps() == (float) g.rmsNormEps() ? c.rmsNormEps() : -1,
          g.maxPositionEmbeddings(), g.tieWordEmbeddings(), g.attentionBias(), g.slidingWindow()));
      got = logits(d);
    }
    for (int i = 0; i < expected.size(); i++) {
      assertArrayEquals(expected.get(i), got.get(i), shape + ": logits after token " + i);
    }
    String text = "disk is full: restart nginx, check the log. 磁盘满了";
    try (TextTokenizer a = TextTokenizer.load(dir); TextTokenizer b = TextTokenizer.load(gguf)) {
      assertArrayEquals(a.encode(text, true), b.encode(text, true));
      assertEquals(a.decode(a.encode(text)), b.decode(b.encode(text)));
      assertEquals(GenerationConfig.eosIds(dir, a), GenerationConfig.eosIds(gguf, b));
    }
    List<ChatMessage> chat = List.of(ChatMessage.system("be brief"), ChatMessage.user("disk full?"));
    assertEquals(ChatTemplate.load(dir).render(chat, true), ChatTemplate.load(gguf).render(chat, true));
  }

  @Test
  void q8_0OutOfF32StaysWithinTheQ8_0Error() throws IOException {
    Path dir = checkpoint("tiny-llama", TensorDType.F32);
    Path gguf = tmp.resolve("tiny-llama-q8_0.gguf");
    GgufExport.write(dir, gguf, Plan.of(Scheme.Q8_0), (a, b) -> { });
    try (GgufFile f = GgufFile.open(gguf)) {
      assertEquals(GgmlType.Q8_0, f.tensor("blk.1.ffn_up.weight").type());
      assertEquals(GgmlType.F16, f.tensor("token_embd.weight").type());
      assertEquals(GgmlType.F16, f.tensor("output.weight").type());
      assertEquals(7, f.integer("general.file_type", 0));
    }
    List<float[]> expected;
    try (Decoder d = load(dir)) {
      expected = logits(d);
    }
    try (Decoder d = load(gguf)) {
      assumeTrue(d.vectorDecode(), "vector kernels unavailable: " + d.decodePath());
      double rms = QuantizedModelTest.relativeRms(logits(d), expected);
      System.out.printf(java.util.Locale.ROOT, "tiny-llama safetensors F32 -> GGUF Q8_0: logits relative RMS %.4f%%%n",
          100 * rms);
      assertTrue(rms < 0.015, "relative RMS " + rms);
    }
  }

  @Test
  void whatGgufCannotCarryIsRefused() {
    Path llama3 = checkpoint("tiny-llama3", TensorDType.F32);
    ModelFormatException e = assertThrows(ModelFormatException.class,
        () -> GgufExport.write(llama3, tmp.resolve("x.gguf"), Plan.of(Scheme.Q8_0), (a, b) -> { }));
    assertTrue(e.getMessage().contains("rope_scaling 'llama3'"), e.getMessage());
    Path noTokenizer = checkpoint("tiny-qwen2", TensorDType.F32);
    noTokenizer.resolve("tokenizer.json").toFile().delete();
    e = assertThrows(ModelFormatException.class,
        () -> GgufExport.write(noTokenizer, tmp.resolve("y.gguf"), Plan.of(Scheme.Q8_0), (a, b) -> { }));
    assertTrue(e.getMessage().contains("no tokenizer.json"), e.getMessage());
  }
}
