package dev.opsmind.bench;

import com.github.tjake.jlama.model.AbstractModel;
import com.github.tjake.jlama.model.ModelSupport;
import com.github.tjake.jlama.safetensors.DType;
import com.github.tjake.jlama.tensor.AbstractTensor;
import com.github.tjake.jlama.tensor.KvBufferCache;
import dev.opsmind.inference.checkpoint.ModelShapes;
import dev.opsmind.inference.checkpoint.RandomGguf;
import dev.opsmind.inference.gguf.GgufFile;
import dev.opsmind.inference.gguf.GgufQuantizer;
import dev.opsmind.inference.model.GgufCheckpoint;
import dev.opsmind.inference.checkpoint.RandomCheckpoint;
import dev.opsmind.inference.model.DecodeStep;
import dev.opsmind.inference.model.Decoder;
import dev.opsmind.inference.model.DecoderOptions;
import dev.opsmind.inference.model.KvCache;
import dev.opsmind.inference.model.ModelDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Single-stream decode speed and time to first token of opsmind's decoder and Jlama on the same
 * checkpoint, in one run, as ratios (a JMH-style runner: a model load per engine costs seconds and
 * Jlama's 512-token prefill ~20 s, so fixed warm-up and measured rounds replace JMH forks).
 *
 * <pre>java ... dev.opsmind.bench.DecodeBenchmark [--model DIR] [--shape qwen2.5-0.5b] [--prompt 512]
 *     [--decode 32] [--rounds 3] [--threads 0] [--decode-path auto|vector|libtorch] [--skip-jlama]
 *     [--types f32,bf16,q8_0,q4_0,q4_k_m --shape llama-150m [--streams 8]]</pre>
 *
 * A missing --model directory is first written as a random F32 checkpoint of --shape.
 */
public final class DecodeBenchmark {
  private record Result(String engine, double ttftSeconds, double decodeTokensPerSecond) {}

  public static void main(String[] args) throws IOException {
    Path model = Path.of(arg(args, "--model", "bench/results/qwen2.5-0.5b-random"));
    String shape = arg(args, "--shape", "qwen2.5-0.5b");
    int promptLength = Integer.parseInt(arg(args, "--prompt", "512"));
    int decode = Integer.parseInt(arg(args, "--decode", "32"));
    int rounds = Integer.parseInt(arg(args, "--rounds", "3"));
    int threads = Integer.parseInt(arg(args, "--threads", "0"));
    String decodePath = arg(args, "--decode-path", "auto");
    boolean skipJlama = Arrays.asList(args).contains("--skip-jlama");
    String types = arg(args, "--types", null);
    int streams = Integer.parseInt(arg(args, "--streams", "0"));
    if (types != null) {
      compareTypes(model, shape, types.split(","), promptLength, decode, rounds, threads, streams);
      return;
    }
    if (!Files.isDirectory(model)) {
      System.err.println("writing random " + shape + " checkpoint to " + model);
      RandomCheckpoint.write(model, ModelShapes.get(shape), RandomCheckpoint.Options.defaults(1),
          line -> System.err.println("  " + line));
    }
    long weightBytes;
    int vocab;
    try (ModelDirectory md = ModelDirectory.open(model)) {
      weightBytes = md.weightBytes();
      vocab = md.config().vocabSize();
    }
    int[] prompt = new SplittableRandom(7).ints(promptLength, 0, Math.min(vocab, 30000)).toArray();
    System.out.printf(Locale.ROOT, "model %s: %.2f GB of F32 weights, prompt %d tokens, decode %d tokens, %d cores%n",
        model, weightBytes / 1e9, promptLength, decode, Runtime.getRuntime().availableProcessors());

    Result ours = opsmind(model, prompt, decode, rounds, threads, decodePath);
    report(ours, weightBytes);
    if (!skipJlama) {
      Result jlama = jlama(model, prompt, decode, vocab);
      report(jlama, weightBytes);
      System.out.printf(Locale.ROOT, "ratio opsmind/Jlama: decode %.2fx (higher is better), TTFT %.2fx (lower is better)%n",
          ours.decodeTokensPerSecond / jlama.decodeTokensPerSecond, ours.ttftSeconds / jlama.ttftSeconds);
    }
  }

  private static Result opsmind(Path model, int[] prompt, int decode, int rounds, int threads, String decodePath) {
    long t0 = System.nanoTime();
    try (Decoder decoder = Decoder.load(model, DecoderOptions.defaults().withThreads(threads).withDecodePath(decodePath))) {
      System.out.printf(Locale.ROOT, "opsmind: loaded in %.1f s, RSS %s, decode path %s%n", seconds(t0), rss(),
          decoder.decodePath());
      double bestTtft = Double.MAX_VALUE;
      double bestDecode = 0;
      for (int r = 0; r <= rounds; r++) { // round 0 is warm-up
        try (KvCache cache = decoder.newCache()) {
          long start = System.nanoTime();
          double cpu0 = cpuSeconds();
          float[] logits = decoder.forward(List.of(new DecodeStep(cache, prompt)))[0];
          double ttft = seconds(start);
          double cpu1 = cpuSeconds();
          int token = argmax(logits);
          long decodeStart = System.nanoTime();
          for (int i = 0; i < decode; i++) {
            token = argmax(decoder.forward(List.of(new DecodeStep(cache, new int[] {token})))[0]);
          }
          double tps = decode / seconds(decodeStart);
          double cpu2 = cpuSeconds();
          System.out.printf(Locale.ROOT, "opsmind round %d%s: TTFT %.2f s (%.2f CPU s), decode %.2f tok/s (%.3f CPU s/token),"
              + " RSS %s%n", r, r == 0 ? " (warm-up)" : "", ttft, cpu1 - cpu0, tps, (cpu2 - cpu1) / decode, rss());
          if (r > 0) {
            bestTtft = Math.min(bestTtft, ttft);
            bestDecode = Math.max(bestDecode, tps);
          }
        }
      }
      return new Result("opsmind", bestTtft, bestDecode);
    }
  }

  /**
   * One run over several weight types of one random Llama checkpoint: an F32 GGUF of {@code shape}
   * (written when missing), quantized by {@code GgufQuantizer} to each other type (kept beside it
   * for later runs), each decoded in turn by the same JVM; a table at the end.
   */
  private static void compareTypes(Path model, String shape, String[] types, int promptLength, int decode, int rounds,
      int threads, int streams) throws IOException {
    Path f32 = model.toString().endsWith(".gguf") ? model : Path.of("bench/results/" + shape + "-random.gguf");
    if (!Files.isRegularFile(f32)) {
      System.err.println("writing random " + shape + " GGUF to " + f32);
      Files.createDirectories(f32.toAbsolutePath().getParent());
      RandomGguf.write(f32, ModelShapes.get(shape), 1, 0.02);
    }
    List<String> rows = new java.util.ArrayList<>();
    for (String type : types) {
      Path file = f32;
      if (!type.equalsIgnoreCase("f32")) {
        GgufQuantizer.Scheme scheme = GgufQuantizer.Scheme.parse(type);
        String name = f32.getFileName().toString().replace(".gguf", "-" + scheme.label() + ".gguf");
        file = f32.resolveSibling(name);
        if (!Files.isRegularFile(file)) {
          long t0 = System.nanoTime();
          try (GgufFile in = GgufFile.open(f32)) {
            GgufQuantizer.quantize(in, file, scheme, (done, total) -> { });
          }
          System.out.printf(Locale.ROOT, "quantized %s to %s in %.1f s%n", f32, scheme.label(), seconds(t0));
        }
      }
      long weightBytes;
      int vocab;
      try (GgufCheckpoint g = GgufCheckpoint.open(file)) {
        weightBytes = g.weightBytes();
        vocab = g.config().vocabSize();
      }
      long memory = Decoder.memoryBytes(file, DecoderOptions.defaults());
      int[] prompt = new SplittableRandom(7).ints(promptLength, 3, Math.min(vocab, 30000)).toArray();
      System.out.printf(Locale.ROOT, "%n== %s: %s, %.3f GB of weights in the file, %.3f GB in memory%n", type, file,
          weightBytes / 1e9, memory / 1e9);
      System.gc(); // the previous model's mappings go with its buffers
      Result r = opsmind(file, prompt, decode, rounds, threads, "auto");
      report(r, weightBytes);
      String aggregate = streams > 1 ? String.format(Locale.ROOT, " %.1f |", streams(file, streams, vocab, decode,
          rounds, threads)) : "";
      rows.add(String.format(Locale.ROOT, "| %s | %.3f GB | %.2f s | %.2f | %.1f GB/s |%s %s |", type, memory / 1e9,
          r.ttftSeconds, r.decodeTokensPerSecond, r.decodeTokensPerSecond * weightBytes / 1e9, aggregate, rss()));
    }
    System.out.printf(Locale.ROOT, "%n| %s, prompt %d, decode %d | weights in memory | TTFT | decode tok/s |"
        + " weights streamed |%s RSS after the run |%n|---|---|---|---|---|---|%s%n", shape, promptLength, decode,
        streams > 1 ? " " + streams + " streams, aggregate tok/s |" : "", streams > 1 ? "---|" : "");
    rows.forEach(System.out::println);
  }

  /**
   * {@code n} sequences decoded together, one token each per step (as the scheduler batches
   * them): each gets its own 32-token prompt, then {@code decode} steps of n tokens; the best
   * round's aggregate tokens/s (n × decode / the steps' time).
   */
  private static double streams(Path model, int n, int vocab, int decode, int rounds, int threads) {
    try (Decoder decoder = Decoder.load(model, DecoderOptions.defaults().withThreads(threads))) {
      double best = 0;
      for (int r = 0; r <= rounds; r++) { // round 0 is warm-up
        List<KvCache> caches = new java.util.ArrayList<>();
        try {
          int[] tokens = new int[n];
          for (int s = 0; s < n; s++) {
            KvCache cache = decoder.newCache();
            caches.add(cache);
            int[] prompt = new SplittableRandom(100 + s).ints(32, 3, Math.min(vocab, 30000)).toArray();
            tokens[s] = argmax(decoder.forward(List.of(new DecodeStep(cache, prompt)))[0]);
          }
          long start = System.nanoTime();
          double cpu0 = cpuSeconds();
          for (int i = 0; i < decode; i++) {
            List<DecodeStep> steps = new java.util.ArrayList<>(n);
            for (int s = 0; s < n; s++) {
              steps.add(new DecodeStep(caches.get(s), new int[] {tokens[s]}));
            }
            float[][] logits = decoder.forward(steps);
            for (int s = 0; s < n; s++) {
              tokens[s] = argmax(logits[s]);
            }
          }
          double tps = n * decode / seconds(start);
          System.out.printf(Locale.ROOT, "opsmind %d streams round %d%s: %.1f tok/s aggregate (%.3f CPU s/step)%n", n, r,
              r == 0 ? " (warm-up)" : "", tps, (cpuSeconds() - cpu0) / decode);
          if (r > 0) {
            best = Math.max(best, tps);
          }
        } finally {
          caches.forEach(KvCache::close);
        }
      }
      return best;
    }
  }

  private static Result jlama(Path model, int[] prompt, int decode, int vocab) {
    long t0 = System.nanoTime();
    AbstractModel m = ModelSupport.loadModel(model.toFile(), DType.F32, DType.F32);
    try (KvBufferCache caches = new KvBufferCache(m)) {
      System.out.printf(Locale.ROOT, "Jlama: loaded in %.1f s, RSS %s%n", seconds(t0), rss());
      // warm-up: a short prompt and a few tokens
      KvBufferCache.KvBuffer warm = caches.getEphemeralKvBuffer();
      AbstractTensor h = m.batchForward(Arrays.copyOf(prompt, 16), 0, warm);
      for (int i = 0; i < 4; i++) {
        h = m.forward(1, 16 + i, warm, Optional.empty());
      }
      KvBufferCache.KvBuffer kv = caches.getEphemeralKvBuffer();
      AbstractTensor logits = m.makeDenseTensor(1, vocab);
      double cpu0 = cpuSeconds();
      long start = System.nanoTime();
      // batchForward is Jlama's own prompt path (what its generate() uses); keep the last row.
      AbstractTensor out = m.batchForward(prompt, 0, kv);
      // It returns the hidden states of its last internal batch of prompt tokens.
      AbstractTensor last = out.slice(out.shape().first() - 1);
      int token = m.sample(last, 0f, 0f, logits);
      double ttft = seconds(start);
      double cpu1 = cpuSeconds();
      long decodeStart = System.nanoTime();
      for (int i = 0; i < decode; i++) {
        AbstractTensor hidden = m.forward(token, prompt.length + i, kv, Optional.empty());
        token = m.sample(hidden, 0f, 0f, logits);
      }
      double tps = decode / seconds(decodeStart);
      double cpu2 = cpuSeconds();
      System.out.printf(Locale.ROOT, "Jlama: TTFT %.2f s (%.2f CPU s), decode %.2f tok/s (%.3f CPU s/token), RSS %s%n",
          ttft, cpu1 - cpu0, tps, (cpu2 - cpu1) / decode, rss());
      return new Result("Jlama", ttft, tps);
    } finally {
      m.close();
    }
  }

  private static void report(Result r, long weightBytes) {
    System.out.printf(Locale.ROOT, "%-8s TTFT %.2f s | decode %.2f tok/s = %.1f GB/s of weights streamed%n", r.engine,
        r.ttftSeconds, r.decodeTokensPerSecond, r.decodeTokensPerSecond * weightBytes / 1e9);
  }

  private static int argmax(float[] v) {
    int best = 0;
    for (int i = 1; i < v.length; i++) {
      if (v[i] > v[best]) {
        best = i;
      }
    }
    return best;
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  /**
   * CPU seconds this process has used (Linux /proc, all threads incl. libtorch's): on a shared
   * machine it shows the work done where wall time also shows the neighbours.
   */
  private static double cpuSeconds() {
    try {
      String stat = Files.readString(Path.of("/proc/self/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  /** Resident set size of this process (Linux), for the memory side of the comparison. */
  private static String rss() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
          return String.format(Locale.ROOT, "%.2f GiB", kb / (1024.0 * 1024.0));
        }
      }
    } catch (IOException | NumberFormatException e) {
      // not Linux: no RSS figure
    }
    return "n/a";
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
