package dev.opsmind.inference.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.opsmind.inference.generate.json.JsonSchema;
import dev.opsmind.inference.generate.json.JsonVocabulary;
import dev.opsmind.inference.generate.sampling.SamplingParams;
import dev.opsmind.inference.generate.sampling.TokenLogprob;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A sequence fed one-hot logits, over a vocabulary of single bytes (ids 0..255) plus EOS 256. */
class SequenceTest {
  private static final int EOS = 256;

  private static final class Recorder implements GenerationListener {
    final List<String> deltas = new ArrayList<>();
    GenerationResult result;

    @Override
    public void onToken(int tokenId, String textDelta, TokenLogprob logprob) {
      deltas.add(textDelta);
    }

    @Override
    public void onFinish(GenerationResult r) {
      result = r;
    }
  }

  private static Recorder drive(SamplingParams params, int... tokens) {
    Recorder rec = new Recorder();
    Sequence seq = new Sequence(new int[] {1, 2}, params, Set.of(EOS),
        id -> id == EOS ? "<eos>".getBytes(StandardCharsets.UTF_8) : new byte[] {(byte) id}, EOS + 1, () -> null, rec,
        System.nanoTime());
    for (int t : tokens) {
      float[] logits = new float[EOS + 1];
      logits[t] = 10;
      if (seq.accept(logits, false)) {
        break;
      }
    }
    return rec;
  }

  private static int[] bytes(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    int[] out = new int[b.length];
    for (int i = 0; i < b.length; i++) {
      out[i] = b[i] & 0xFF;
    }
    return out;
  }

  @Test
  void stopStringAcrossTokensEmitsNothingAfterIt() {
    Recorder r = drive(SamplingParams.greedy(100).withStop(List.of("</a>")), bytes("ok 中</a>more"));
    assertEquals(FinishReason.STOP, r.result.finishReason());
    assertEquals("ok 中", r.result.text());
    assertEquals("ok 中", String.join("", r.deltas));
    assertEquals(bytes("ok 中</a>").length, r.result.completionTokens());
    assertEquals(2, r.result.promptTokens());
  }

  @Test
  void eosTokenStopsWithoutItsText() {
    int[] ids = bytes("hi");
    Recorder r = drive(SamplingParams.greedy(100), ids[0], ids[1], EOS, 'x');
    assertEquals(FinishReason.STOP, r.result.finishReason());
    assertEquals("hi", r.result.text());
    assertEquals(3, r.result.completionTokens());
  }

  @Test
  void minTokensKeepsStopTokensOutUntilReached() {
    // EOS and the stop token id are the hot ones; until 3 tokens are out they cannot be picked
    Recorder r = drive(SamplingParams.greedy(100).withMinTokens(3).withStopTokenIds(Set.of((int) 'z')), EOS, 'z', EOS,
        'z', 'q');
    assertEquals(FinishReason.STOP, r.result.finishReason());
    assertEquals(4, r.result.completionTokens());
    assertEquals("\0\0\0", r.result.text());
  }

  @Test
  void ignoreEosRunsOnToMaxTokensButStopTokenIdsStillStop() {
    Recorder r = drive(SamplingParams.greedy(4).withIgnoreEos(true), 'a', EOS, 'b', 'c', 'd');
    assertEquals(FinishReason.LENGTH, r.result.finishReason());
    assertEquals(4, r.result.completionTokens());
    Recorder stopped = drive(SamplingParams.greedy(10).withIgnoreEos(true).withStopTokenIds(Set.of((int) 'z')), EOS,
        'z', 'c');
    assertEquals(FinishReason.STOP, stopped.result.finishReason());
    assertEquals(2, stopped.result.completionTokens());
  }

  @Test
  void minTokensAboveMaxTokensIsRefused() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> SamplingParams.greedy(4).withMinTokens(5));
    assertTrue(e.getMessage().contains("min_tokens"), e.getMessage());
  }

  @Test
  void eosReleasesAHeldBackStopPrefix() {
    Recorder r = drive(SamplingParams.greedy(100).withStop(List.of("##")), 'a', '#', EOS);
    assertEquals("a#", r.result.text());
    assertEquals(List.of("a", "", "#"), r.deltas);
  }

  @Test
  void maxTokensEndsWithLengthAndFlushesHeldText() {
    // max 4 tokens; "ab" then the first two bytes of 中 — incomplete, flushed as U+FFFD at the end.
    int[] zh = bytes("中");
    Recorder r = drive(SamplingParams.greedy(4).withStop(List.of("b!")), 'a', 'b', zh[0], zh[1], zh[2]);
    assertEquals(FinishReason.LENGTH, r.result.finishReason());
    assertEquals("ab\uFFFD", r.result.text());
    assertEquals(4, r.result.completionTokens());
  }

  /** Random logits, sampled under response_format json_object, over byte tokens plus a multi-byte one. */
  private static Recorder jsonRun(long seed, int maxTokens) {
    Recorder rec = new Recorder();
    int vocab = EOS + 2; // 257 = "\": \"" (several bytes, crossing a string's end)
    java.util.function.IntFunction<byte[]> bytes = id -> id == EOS ? "<eos>".getBytes(StandardCharsets.UTF_8)
        : id == EOS + 1 ? "\": \"".getBytes(StandardCharsets.UTF_8) : new byte[] {(byte) id};
    JsonVocabulary json = new JsonVocabulary(vocab, bytes, id -> id == EOS);
    SamplingParams params = SamplingParams.defaults().withSeed(seed).withMaxTokens(maxTokens)
        .withJson(JsonSchema.ANY_OBJECT);
    Sequence seq = new Sequence(new int[] {1}, params, Set.of(EOS), bytes, vocab, () -> json, rec, System.nanoTime());
    java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
    for (int step = 0; step < maxTokens; step++) {
      float[] logits = new float[vocab];
      for (int i = 0; i < vocab; i++) {
        logits[i] = (float) random.nextGaussian() * 2;
      }
      logits[EOS] = 50; // the model would rather stop: not allowed before the object closes
      logits['}'] += 3; // and likes closing things, so most runs end
      logits[']'] += 3;
      logits['"'] += 2;
      if (seq.accept(logits, false)) {
        break;
      }
    }
    return rec;
  }

  @Test
  void jsonObjectOutputParsesAndEndsWhenTheObjectCloses() throws Exception {
    var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
    int closed = 0;
    for (long seed = 0; seed < 40; seed++) {
      Recorder r = jsonRun(seed, 300);
      String text = r.result.text();
      assertEquals(text, String.join("", r.deltas));
      if (r.result.finishReason() == FinishReason.STOP) {
        closed++;
        var parsed = mapper.readTree(text);
        assertTrue(parsed.isObject(), text);
        assertTrue(text.trim().endsWith("}"), "nothing after the object: " + text);
      } else {
        assertEquals(FinishReason.LENGTH, r.result.finishReason());
      }
    }
    assertTrue(closed >= 30, "most runs close their object: " + closed);
  }

  /** The byte vocabulary of {@link #jsonRun}, with EOS and one multi-byte token. */
  private static final java.util.function.IntFunction<byte[]> JSON_BYTES = id -> id == EOS
      ? "<eos>".getBytes(StandardCharsets.UTF_8)
      : id == EOS + 1 ? "\": \"".getBytes(StandardCharsets.UTF_8) : new byte[] {(byte) id};

  private static Sequence jsonSequence(SamplingParams params, Recorder rec) {
    JsonVocabulary json = new JsonVocabulary(EOS + 2, JSON_BYTES, id -> id == EOS);
    return new Sequence(new int[] {1}, params.withJson(JsonSchema.ANY_OBJECT), Set.of(EOS), JSON_BYTES, EOS + 2,
        () -> json, rec, System.nanoTime());
  }

  @Test
  void greedyJsonKeepsTheUnmaskedPickExactlyWhenTheMaskWouldAllowIt() {
    // logprobs=true makes the sequence mask first; without, it keeps the unmasked argmax when allowed
    for (long seed = 0; seed < 20; seed++) {
      List<String> texts = new ArrayList<>();
      for (boolean maskFirst : new boolean[] {false, true}) {
        Recorder rec = new Recorder();
        Sequence seq = jsonSequence(SamplingParams.greedy(200).withLogprobs(maskFirst, 0), rec);
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        for (int step = 0; step < 200; step++) {
          float[] logits = new float[EOS + 2];
          for (int i = 0; i < logits.length; i++) {
            logits[i] = (float) random.nextGaussian() * 2;
          }
          logits['}'] += 2;
          logits['"'] += 1;
          if (seq.accept(logits, false)) {
            break;
          }
        }
        texts.add(rec.result.text());
      }
      assertEquals(texts.get(0), texts.get(1), "seed " + seed);
    }
  }

  @Test
  void sampledJsonFollowsTheMaskedDistribution() {
    // After '{' come '"', '}' or whitespace. The model prefers 'a' and EOS, which the mask removes;
    // kept proposals plus resampled refusals must give the softmax over what is left.
    float[] open = new float[EOS + 2];
    open['{'] = 100;
    float[] logits = new float[EOS + 2];
    java.util.Arrays.fill(logits, Float.NEGATIVE_INFINITY);
    logits['"'] = 1.0f;
    logits['}'] = 0.5f;
    logits[' '] = 0.0f;
    logits['a'] = 1.5f;
    logits[EOS] = 1.2f;
    double z = Math.exp(1.0) + Math.exp(0.5) + Math.exp(0.0);
    int n = 6000;
    int quote = 0;
    int close = 0;
    for (long seed = 0; seed < n; seed++) {
      Recorder rec = new Recorder();
      Sequence seq = jsonSequence(SamplingParams.defaults().withSeed(seed).withMaxTokens(2), rec);
      seq.accept(open.clone(), false);
      seq.accept(logits.clone(), false);
      String second = rec.deltas.size() < 2 ? "" : rec.deltas.get(1);
      quote += second.equals("\"") ? 1 : 0;
      close += second.equals("}") ? 1 : 0;
    }
    // binomial standard deviation at n = 6000 is below 0.0065: 4 of them
    assertEquals(Math.exp(1.0) / z, quote / (double) n, 0.026);
    assertEquals(Math.exp(0.5) / z, close / (double) n, 0.026);
  }

  @Test
  void idsPastTheTokenizerAreNeverSampled() {
    Recorder rec = new Recorder();
    Sequence seq = new Sequence(new int[] {1}, SamplingParams.greedy(1), Set.of(), id -> new byte[] {(byte) id}, 'z' + 1,
        () -> null, rec, System.nanoTime());
    float[] logits = new float[1000]; // LM head padded past the tokenizer's 'z' + 1 ids
    logits[999] = 100;
    logits['q'] = 1;
    seq.accept(logits, false);
    assertEquals("q", rec.result.text());
  }

  @Test
  void extraStopTokenIdsEndGeneration() {
    Recorder r = drive(SamplingParams.greedy(100).withStopTokenIds(Set.of((int) 'z')), 'a', 'z', 'b');
    assertEquals("a", r.result.text());
    assertEquals(FinishReason.STOP, r.result.finishReason());
  }
}
