package dev.opsmind.inference.generate.sampling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SamplerStepsTest {
  @Test
  void repetitionPenaltyDividesPositiveAndMultipliesNegativeLogitsOfSeenTokens() {
    float[] logits = {2f, -2f, 2f, 1f};
    TokenCounts seen = new TokenCounts(new int[] {0, 1});
    SamplerSteps.applyPenalties(logits, seen, 2.0, 0, 0);
    assertArrayEquals(new float[] {1f, -4f, 2f, 1f}, logits);
  }

  @Test
  void frequencyAndPresencePenaltiesCountOutputTokensOnly() {
    float[] logits = {5f, 5f, 5f};
    TokenCounts seen = new TokenCounts(new int[] {2}); // prompt token: not penalised by these two
    seen.addOutput(0);
    seen.addOutput(0);
    seen.addOutput(1);
    SamplerSteps.applyPenalties(logits, seen, 1.0, 0.5, 0.25);
    // token 0: 5 - 0.5*2 - 0.25; token 1: 5 - 0.5*1 - 0.25
    assertArrayEquals(new float[] {3.75f, 4.25f, 5f}, logits);
  }

  @Test
  void logitBiasAddsToItsTokensAndSteersGreedyChoice() {
    float[] logits = {1f, 3f, 2f};
    SamplerSteps.applyLogitBias(logits, java.util.Map.of(0, 5f, 1, -100f, 7, 50f)); // 7: past the logits, ignored
    assertArrayEquals(new float[] {6f, -97f, 2f}, logits);
    Sampler greedy = new Sampler(SamplingParams.greedy(4).withLogitBias(java.util.Map.of(1, -100f)), new int[0]);
    assertEquals(2, greedy.sample(new float[] {1f, 3f, 2f}).tokenId(), "the banned favourite gives way");
    var bad = assertThrows(IllegalArgumentException.class,
        () -> SamplingParams.greedy(4).withLogitBias(java.util.Map.of(3, 101f)));
    assertTrue(bad.getMessage().contains("logit_bias"), bad.getMessage());
  }

  @Test
  void temperatureScalesLogits() {
    float[] logits = {1f, -2f, 4f};
    SamplerSteps.applyTemperature(logits, 0.5);
    assertArrayEquals(new float[] {2f, -4f, 8f}, logits);
  }

  @Test
  void softmaxMatchesTheFormulaAndSurvivesHugeLogits() {
    float[] x = {0f, (float) Math.log(3)};
    SamplerSteps.softmax(x);
    assertEquals(0.25f, x[0], 1e-6);
    assertEquals(0.75f, x[1], 1e-6);
    float[] big = {1000f, 1000f};
    SamplerSteps.softmax(big);
    assertArrayEquals(new float[] {0.5f, 0.5f}, big);
  }

  @Test
  void topKKeepsTheKMostProbable() {
    float[] p = {0.1f, 0.4f, 0.2f, 0.3f};
    SamplerSteps.topK(p, 2);
    assertArrayEquals(new float[] {0f, 0.4f, 0f, 0.3f}, p);
  }

  @Test
  void topIndicesAreTheLargestInOrder() {
    float[] x = new float[1000];
    for (int i = 0; i < x.length; i++) {
      x[i] = (i * 7919) % 1000; // a permutation of 0..999
    }
    int[] top = SamplerSteps.topIndices(x, 3);
    assertArrayEquals(new float[] {999f, 998f, 997f}, new float[] {x[top[0]], x[top[1]], x[top[2]]});
    assertEquals(2, SamplerSteps.topIndices(new float[] {1f, 2f}, 5).length);
  }

  @Test
  void topPKeepsTheSmallestNucleusReachingP() {
    float[] p = {0.05f, 0.5f, 0.15f, 0.3f};
    SamplerSteps.topP(p, 0.75); // 0.5 + 0.3 = 0.8 >= 0.75
    assertArrayEquals(new float[] {0f, 0.5f, 0f, 0.3f}, p);
    float[] q = {0.05f, 0.5f, 0.15f, 0.3f};
    SamplerSteps.topP(q, 0.5); // the top token alone reaches 0.5
    assertArrayEquals(new float[] {0f, 0.5f, 0f, 0f}, q);
  }

  @Test
  void minPDropsTokensBelowAFractionOfTheBest() {
    float[] p = {0.5f, 0.3f, 0.15f, 0.05f};
    SamplerSteps.minP(p, 0.25); // threshold 0.125
    assertArrayEquals(new float[] {0.5f, 0.3f, 0.15f, 0f}, p);
  }

  @Test
  void drawFollowsTheWeightsAndNeverPicksAZero() {
    float[] w = {0f, 1f, 0f, 3f};
    SplittableRandom r = new SplittableRandom(1);
    int[] hits = new int[4];
    for (int i = 0; i < 4000; i++) {
      hits[SamplerSteps.draw(w, r)]++;
    }
    assertEquals(0, hits[0] + hits[2]);
    assertEquals(0.75, hits[3] / 4000.0, 0.03);
  }

  @Test
  void logSoftmaxAndArgmax() {
    float[] l = SamplerSteps.logSoftmax(new float[] {0f, (float) Math.log(3)});
    assertEquals(Math.log(0.25), l[0], 1e-6);
    assertEquals(1, SamplerSteps.argmax(new float[] {0f, 2f, 1f}));
  }

  private static List<Integer> run(SamplingParams params, int steps) {
    Sampler s = new Sampler(params, new int[] {1});
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < steps; i++) {
      float[] logits = new float[50];
      for (int j = 0; j < logits.length; j++) {
        logits[j] = (float) Math.sin(j * 0.7 + i);
      }
      out.add(s.sample(logits).tokenId());
    }
    return out;
  }

  @Test
  void sameSeedSameTokensDifferentSeedDifferentTokens() {
    SamplingParams p = SamplingParams.defaults().withSeed(42L).withTemperature(1.5);
    assertEquals(run(p, 40), run(p, 40));
    assertNotEquals(run(p, 40), run(p.withSeed(43L), 40));
  }

  @Test
  void greedyPicksTheArgmaxAfterPenaltiesAndReportsLogprobs() {
    SamplingParams p = SamplingParams.greedy(10).withPenalties(4.0, 0, 0).withLogprobs(true, 2);
    Sampler s = new Sampler(p, new int[] {0}); // token 0 is in the prompt: 3/4 < 2
    Sampler.Sampled out = s.sample(new float[] {3f, 2f, 1f});
    assertEquals(1, out.tokenId());
    float[] logp = SamplerSteps.logSoftmax(new float[] {3f, 2f, 1f});
    assertEquals(logp[1], out.logprob().logprob(), 1e-6);
    assertEquals(0, out.logprob().top().get(0).tokenId());
    assertEquals(2, out.logprob().top().size());
  }

  @Test
  void paramsValidateWithPlainMessages() {
    SamplingParams d = SamplingParams.defaults();
    assertTrue(assertThrows(IllegalArgumentException.class, () -> d.withTemperature(2.5)).getMessage()
        .contains("temperature"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> d.withTopP(0)).getMessage().contains("top_p"));
    assertThrows(IllegalArgumentException.class, () -> d.withTopK(-1));
    assertThrows(IllegalArgumentException.class, () -> d.withMinP(1));
    assertThrows(IllegalArgumentException.class, () -> d.withMaxTokens(0));
    assertThrows(IllegalArgumentException.class, () -> d.withPenalties(1, 3, 0));
    assertThrows(IllegalArgumentException.class, () -> d.withStop(List.of("")));
    assertThrows(IllegalArgumentException.class, () -> d.withLogprobs(false, 3));
    assertThrows(IllegalArgumentException.class, () -> d.withLogprobs(true, 21));
  }
}
