package dev.opsmind.inference.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tjake.jlama.model.AbstractModel;
import com.github.tjake.jlama.model.ModelSupport;
import com.github.tjake.jlama.safetensors.DType;
import com.github.tjake.jlama.tensor.AbstractTensor;
import com.github.tjake.jlama.tensor.KvBufferCache;
import dev.opsmind.inference.checkpoint.ModelShapes;
import dev.opsmind.inference.checkpoint.RandomCheckpoint;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Our decoder against Jlama (an independent Java implementation) on the same random checkpoint:
 * greedy tokens must be equal and logits close. Jlama is fed token ids through its step API (its
 * generate() prepends BOS and its tokenizer differs from HF for non-ASCII bytes).
 */
class JlamaReferenceTest {
  private static final int GENERATED = 8;
  private static final float TOLERANCE = 1e-3f;

  @TempDir Path tmp;

  @ParameterizedTest
  @ValueSource(strings = {"tiny-llama", "tiny-qwen2", "tiny-mistral"})
  void greedyTokensAndLogitsMatchJlama(String shape) {
    Path dir = TestCheckpoints.write(tmp, shape, RandomCheckpoint.Options.defaults(11).withShards(2));
    int vocab = ModelShapes.get(shape).vocabSize();
    int[][] prompts = TestCheckpoints.prompts(vocab, 1, 6, 23, 57);
    float maxDiff = 0;
    float maxLogit = 0;
    AbstractModel jlama = ModelSupport.loadModel(dir.toFile(), DType.F32, DType.F32);
    try (Decoder decoder = Decoder.load(dir, DecoderOptions.defaults().withThreads(1))) {
      for (int[] prompt : prompts) {
        Run ours = ours(decoder, prompt);
        Run theirs = jlama(jlama, prompt, vocab);
        assertArrayEquals(theirs.tokens, ours.tokens, shape + ": greedy tokens differ from Jlama's");
        for (int i = 0; i < GENERATED; i++) {
          maxDiff = Math.max(maxDiff, TestCheckpoints.maxAbsDiff(ours.logits[i], theirs.logits[i]));
          for (float v : ours.logits[i]) {
            maxLogit = Math.max(maxLogit, Math.abs(v));
          }
        }
      }
    } finally {
      jlama.close();
    }
    System.out.printf("%s: max |logit(opsmind) - logit(Jlama)| = %.3g over %d prompts x %d steps (max |logit| %.3g)%n",
        shape, maxDiff, prompts.length, GENERATED, maxLogit);
    assertTrue(maxLogit > 0.1, shape + ": logits are degenerate (max |logit| " + maxLogit + ")");
    assertTrue(maxDiff < TOLERANCE, shape + ": logits differ from Jlama's by " + maxDiff);
  }

  private record Run(int[] tokens, float[][] logits) {}

  private static Run ours(Decoder decoder, int[] prompt) {
    int[] tokens = new int[GENERATED];
    float[][] logits = new float[GENERATED][];
    try (KvCache cache = decoder.newCache()) {
      int[] next = prompt;
      for (int i = 0; i < GENERATED; i++) {
        logits[i] = decoder.forward(List.of(new DecodeStep(cache, next)))[0];
        tokens[i] = TestCheckpoints.argmax(logits[i]);
        next = new int[] {tokens[i]};
      }
      assertEquals(prompt.length + GENERATED - 1, cache.length());
    }
    return new Run(tokens, logits);
  }

  private static Run jlama(AbstractModel model, int[] prompt, int vocab) {
    int[] tokens = new int[GENERATED];
    float[][] logits = new float[GENERATED][];
    try (KvBufferCache caches = new KvBufferCache(model)) {
      KvBufferCache.KvBuffer kv = caches.getEphemeralKvBuffer();
      AbstractTensor hidden = null;
      int pos = 0;
      for (int t : prompt) {
        hidden = model.forward(t, pos++, kv, Optional.empty());
      }
      for (int i = 0; i < GENERATED; i++) {
        AbstractTensor buf = model.makeDenseTensor(1, vocab);
        tokens[i] = model.sample(hidden, 0f, 0f, buf);
        logits[i] = new float[vocab];
        for (int v = 0; v < vocab; v++) {
          logits[i][v] = buf.get(0, v);
        }
        buf.close();
        hidden = model.forward(tokens[i], pos++, kv, Optional.empty());
      }
    }
    return new Run(tokens, logits);
  }
}
