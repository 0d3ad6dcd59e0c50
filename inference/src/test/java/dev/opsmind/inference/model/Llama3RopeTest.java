package dev.opsmind.inference.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.opsmind.inference.checkpoint.ModelShapes;
import dev.opsmind.inference.checkpoint.RandomCheckpoint;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Llama 3.x rope scaling (which Jlama ignores) against an independent float64 computation. */
class Llama3RopeTest {
  @TempDir Path tmp;

  @Test
  void inverseFrequenciesMatchHuggingFaceFormulaForLlama32() {
    DecoderConfig c = ModelShapes.get("llama-3.2-1b");
    double[] ours = Rope.inverseFrequencies(c);
    double[] reference = Float64Reference.llama3InverseFrequencies(c.ropeTheta(), c.headDim(), c.ropeScaling());
    int scaled = 0;
    for (int i = 0; i < ours.length; i++) {
      assertEquals(reference[i], ours[i], 1e-12 * reference[i], "inv_freq[" + i + "]");
      double plain = 1.0 / Math.pow(c.ropeTheta(), 2.0 * i / c.headDim());
      if (Math.abs(ours[i] - plain) > 1e-9 * plain) {
        scaled++;
      }
    }
    assertTrue(scaled > 0 && scaled < ours.length, "some but not all frequencies are scaled: " + scaled);
  }

  @Test
  void decoderMatchesFloat64ReferenceOnScaledRopeTiedCheckpoint() {
    Path dir = TestCheckpoints.write(tmp, "tiny-llama3", RandomCheckpoint.Options.defaults(5).withStd(0.05));
    int[] prompt = TestCheckpoints.prompts(512, 120)[0];
    double[] expected;
    try (ModelDirectory md = ModelDirectory.open(dir)) {
      expected = new Float64Reference(md).lastLogits(prompt);
    }
    float[] actual;
    try (Decoder decoder = Decoder.load(dir, DecoderOptions.defaults().withThreads(1));
        KvCache cache = decoder.newCache()) {
      actual = decoder.forward(List.of(new DecodeStep(cache, prompt)))[0];
    }
    double maxDiff = 0;
    double range = 0;
    for (int i = 0; i < actual.length; i++) {
      maxDiff = Math.max(maxDiff, Math.abs(actual[i] - expected[i]));
      range = Math.max(range, Math.abs(expected[i]));
    }
    System.out.printf("tiny-llama3 (llama3 rope scaling, tied): max |logit - float64 reference| = %.3g (max |logit| %.3g)%n",
        maxDiff, range);
    assertTrue(maxDiff < 1e-4, "max logit difference to the float64 reference: " + maxDiff);
    assertTrue(range > 0.1, "logits should not be degenerate: max |logit| " + range);
  }
}
