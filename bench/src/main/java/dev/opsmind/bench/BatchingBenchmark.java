package dev.opsmind.bench;

import dev.opsmind.inference.checkpoint.ModelShapes;
import dev.opsmind.inference.checkpoint.RandomCheckpoint;
import dev.opsmind.inference.generate.GenerationListener;
import dev.opsmind.inference.generate.GenerationRequest;
import dev.opsmind.inference.generate.GenerationResult;
import dev.opsmind.inference.generate.Scheduler;
import dev.opsmind.inference.generate.SchedulerMetrics;
import dev.opsmind.inference.generate.SchedulerOptions;
import dev.opsmind.inference.generate.sampling.SamplingParams;
import dev.opsmind.inference.generate.sampling.TokenLogprob;
import dev.opsmind.inference.model.Decoder;
import dev.opsmind.inference.model.DecoderOptions;
import dev.opsmind.inference.tokenizer.TextTokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;

/**
 * Aggregate decode throughput of the continuous-batching {@link Scheduler} as the number of
 * concurrent requests grows: N requests submitted at once, each with a random prompt, greedy,
 * a fixed number of tokens. Reports wall time, aggregate tokens/s, mean time to first token and
 * mean inter-token latency. (A main-method runner like {@link DecodeBenchmark}: one model load
 * costs seconds, so JMH forks do not fit.)
 *
 * <pre>java ... dev.opsmind.bench.BatchingBenchmark [--model DIR] [--shape qwen2.5-0.5b]
 *     [--prompt 64] [--decode 16] [--batches 1,2,4,8] [--threads 0] [--decode-path auto|vector|libtorch]</pre>
 */
public final class BatchingBenchmark {
  public static void main(String[] args) throws Exception {
    Path model = Path.of(arg(args, "--model", "bench/results/qwen2.5-0.5b-random"));
    String shape = arg(args, "--shape", "qwen2.5-0.5b");
    int promptLength = Integer.parseInt(arg(args, "--prompt", "64"));
    int decode = Integer.parseInt(arg(args, "--decode", "16"));
    int threads = Integer.parseInt(arg(args, "--threads", "0"));
    String decodePath = arg(args, "--decode-path", "auto");
    List<Integer> batches = new ArrayList<>();
    for (String b : arg(args, "--batches", "1,2,4,8").split(",")) {
      batches.add(Integer.parseInt(b.trim()));
    }
    if (!Files.isDirectory(model)) {
      System.err.println("writing random " + shape + " checkpoint to " + model);
      RandomCheckpoint.write(model, ModelShapes.get(shape), RandomCheckpoint.Options.defaults(1),
          line -> System.err.println("  " + line));
    }
    try (Decoder decoder = Decoder.load(model, DecoderOptions.defaults().withThreads(threads).withDecodePath(decodePath));
        TextTokenizer tokenizer = TextTokenizer.load(model)) {
      int vocab = Math.min(tokenizer.vocabSize(), decoder.config().vocabSize());
      System.out.printf(Locale.ROOT, "model %s, prompt %d tokens, decode %d tokens per request, %d cores, decode path %s%n",
          model, promptLength, decode, Runtime.getRuntime().availableProcessors(), decoder.decodePath());
      run(decoder, tokenizer, vocab, 1, promptLength, decode, false); // warm-up
      for (int n : batches) {
        run(decoder, tokenizer, vocab, n, promptLength, decode, true);
      }
    }
  }

  private static void run(Decoder decoder, TextTokenizer tokenizer, int vocab, int n, int promptLength, int decode,
      boolean report) throws Exception {
    LongAdder ttft = new LongAdder();
    LongAdder itl = new LongAdder();
    LongAdder itlCount = new LongAdder();
    SchedulerMetrics metrics = new SchedulerMetrics() {
      @Override
      public void timeToFirstToken(long nanos) {
        ttft.add(nanos);
      }

      @Override
      public void interTokenLatency(long nanos) {
        itl.add(nanos);
        itlCount.increment();
      }
    };
    SplittableRandom random = new SplittableRandom(n);
    long start;
    try (Scheduler scheduler = new Scheduler(decoder, tokenizer, Set.of(),
        new SchedulerOptions(n, n, n * (promptLength + decode), 256, 0, 0), metrics)) {
      List<CompletableFuture<GenerationResult>> done = new ArrayList<>();
      start = System.nanoTime();
      for (int i = 0; i < n; i++) {
        CompletableFuture<GenerationResult> f = new CompletableFuture<>();
        done.add(f);
        scheduler.submit(new GenerationRequest(random.ints(promptLength, 0, vocab).toArray(),
            SamplingParams.greedy(decode)), new GenerationListener() {
              @Override
              public void onToken(int tokenId, String textDelta, TokenLogprob logprob) {}

              @Override
              public void onFinish(GenerationResult result) {
                f.complete(result);
              }

              @Override
              public void onError(Throwable error) {
                f.completeExceptionally(error);
              }
            });
      }
      CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get();
    }
    double wall = (System.nanoTime() - start) / 1e9;
    if (report) {
      System.out.printf(Locale.ROOT,
          "concurrent %d: wall %.2f s, aggregate %.1f tokens/s, mean TTFT %.0f ms, mean inter-token %.0f ms%n",
          n, wall, n * decode / wall, ttft.sum() / 1e6 / n, itlCount.sum() == 0 ? 0 : itl.sum() / 1e6 / itlCount.sum());
    }
  }

  private static String arg(String[] args, String name, String fallback) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    return fallback;
  }
}
