package dev.opsmind.inference.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.opsmind.inference.checkpoint.RandomCheckpoint;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** F16 and BF16 checkpoints are widened to F32 on load and give the logits of the same values in F32. */
class DtypeTest {
  @TempDir Path tmp;

  private static float[] logits(Path dir, int[] prompt) {
    try (Decoder d = Decoder.load(dir, DecoderOptions.defaults().withThreads(1)); KvCache c = d.newCache()) {
      return d.forward(List.of(new DecodeStep(c, prompt)))[0];
    }
  }

  @ParameterizedTest
  @EnumSource(value = TensorDType.class, names = {"F16", "BF16"})
  void halfPrecisionCheckpointGivesSameLogitsAsF32(TensorDType dtype) {
    RandomCheckpoint.Options base = RandomCheckpoint.Options.defaults(3);
    Path half = TestCheckpoints.write(tmp, "tiny-llama", base.withDtype(dtype).withRoundTo(dtype));
    Path sameValuesF32 = TestCheckpoints.write(tmp, "tiny-llama", base.withRoundTo(dtype));
    Path plainF32 = TestCheckpoints.write(tmp, "tiny-llama", base);
    try (ModelDirectory md = ModelDirectory.open(half)) {
      assertEquals(java.util.Set.of(dtype), md.dtypes());
    }
    int[] prompt = TestCheckpoints.prompts(512, 15)[0];
    float[] fromHalf = logits(half, prompt);
    float exact = TestCheckpoints.maxAbsDiff(fromHalf, logits(sameValuesF32, prompt));
    float rounding = TestCheckpoints.maxAbsDiff(fromHalf, logits(plainF32, prompt));
    System.out.printf("%s: max logit diff vs F32 of the same values %.3g, vs unrounded F32 %.3g%n", dtype, exact,
        rounding);
    assertTrue(exact < 1e-5, dtype + " logits differ from F32 holding the same values by " + exact);
    assertTrue(rounding < 0.05, dtype + " logits differ from unrounded F32 by " + rounding);
  }
}
