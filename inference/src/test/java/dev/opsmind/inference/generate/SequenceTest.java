package dev.opsmind.inference.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
        id -> id == EOS ? "<eos>".getBytes(StandardCharsets.UTF_8) : new byte[] {(byte) id}, EOS + 1, rec,
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

  @Test
  void idsPastTheTokenizerAreNeverSampled() {
    Recorder rec = new Recorder();
    Sequence seq = new Sequence(new int[] {1}, SamplingParams.greedy(1), Set.of(), id -> new byte[] {(byte) id}, 'z' + 1,
        rec, System.nanoTime());
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
