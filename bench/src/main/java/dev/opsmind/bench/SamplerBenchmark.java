package dev.opsmind.bench;

import dev.opsmind.inference.generate.sampling.Sampler;
import dev.opsmind.inference.generate.sampling.SamplingParams;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of sampling one token over a Qwen2.5-sized vocabulary (151936), per sampler recipe: the
 * part of each decode step spent in Java after the forward pass.
 *
 * <p>Run: {@code java -cp "bench/target/classes:bench/target/lib/*" org.openjdk.jmh.Main SamplerBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgs = {"-Xmx1g"})
public class SamplerBenchmark {
  @Param({"greedy", "top_p", "top_k_min_p", "penalties_logprobs"})
  public String recipe;

  private float[] logits;
  private float[] work;
  private Sampler sampler;

  @Setup(Level.Trial)
  public void setup() {
    SplittableRandom r = new SplittableRandom(1);
    logits = new float[151936];
    for (int i = 0; i < logits.length; i++) {
      logits[i] = (float) (r.nextGaussian() * 3); // spread like a real LM head's output
    }
    work = new float[logits.length];
    SamplingParams p = switch (recipe) {
      case "greedy" -> SamplingParams.greedy(1_000_000);
      case "top_p" -> SamplingParams.defaults().withTemperature(0.7).withTopP(0.9).withMaxTokens(1_000_000);
      case "top_k_min_p" -> SamplingParams.defaults().withTopK(40).withMinP(0.05).withMaxTokens(1_000_000);
      default -> SamplingParams.defaults().withPenalties(1.1, 0.5, 0.5).withTopP(0.95).withLogprobs(true, 5)
          .withMaxTokens(1_000_000);
    };
    int[] prompt = new int[512];
    for (int i = 0; i < prompt.length; i++) {
      prompt[i] = r.nextInt(logits.length);
    }
    sampler = new Sampler(p.withSeed(7L), prompt);
  }

  @Benchmark
  public int sampleOneToken() {
    System.arraycopy(logits, 0, work, 0, logits.length);
    return sampler.sample(work).tokenId();
  }
}
