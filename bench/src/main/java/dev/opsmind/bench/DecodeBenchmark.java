package dev.opsmind.bench;

import com.github.tjake.jlama.model.AbstractModel;
import com.github.tjake.jlama.model.ModelSupport;
import com.github.tjake.jlama.safetensors.DType;
import com.github.tjake.jlama.safetensors.SafeTensorSupport;
import com.github.tjake.jlama.tensor.AbstractTensor;
import com.github.tjake.jlama.tensor.KvBufferCache;
import dev.opsmind.inference.checkpoint.ModelShapes;
import dev.opsmind.inference.checkpoint.RandomGguf;
import dev.opsmind.inference.gguf.GgufFile;
import dev.opsmind.inference.gguf.GgufQuantizer;
import dev.opsmind.inference.model.GgufCheckpoint;
import dev.opsmind.inference.model.GgufExport;
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
 *     [--types f32,bf16,q8_0,q4_0,q4_k_m --shape llama-150m [--streams 8]]
 *     [--vs-jlama --shape llama-150m]</pre>
 *
 * A missing --model directory is first written as a random F32 checkpoint of --shape.
 */
public final class DecodeBenchmark {
  /** Best rounds: TTFT, decode tokens/s (wall), and the fewest CPU seconds per decoded token (all threads). */
  private record Result(String engine, double ttftSeconds, double decodeTokensPerSecond, double cpuPerToken) {}

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
    if (Arrays.asList(args).contains("--vs-jlama")) {
      vsJlama(Path.of(arg(args, "--model", "bench/results/" + shape + "-random")), shape, promptLength, decode, rounds,
          threads);
      return;
    }
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
      Result jlama = jlama(model, prompt, decode, 1, vocab, DType.F32, Optional.empty());
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
      double bestCpu = Double.MAX_VALUE;
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
            bestCpu = Math.min(bestCpu, (cpu2 - cpu1) / decode);
          }
        }
      }
      return new Result("opsmind", bestTtft, bestDecode, bestCpu);
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
      String aggregate = "";
      if (streams > 1) {
        double[] s = streams(file, streams, vocab, decode, rounds, threads);
        aggregate = String.format(Locale.ROOT, " %.1f | %.3f |", s[0], s[1]);
      }
      rows.add(String.format(Locale.ROOT, "| %s | %.3f GB | %.2f s | %.2f | %.3f | %.1f GB/s |%s %s |", type,
          memory / 1e9, r.ttftSeconds, r.decodeTokensPerSecond, r.cpuPerToken,
          r.decodeTokensPerSecond * weightBytes / 1e9, aggregate, rss()));
    }
    System.out.printf(Locale.ROOT, "%n| %s, prompt %d, decode %d | weights in memory | TTFT | decode tok/s |"
        + " CPU s / token | weights streamed |%s RSS after the run |%n|---|---|---|---|---|---|---|%s%n", shape,
        promptLength, decode, streams > 1 ? " " + streams + " streams, aggregate tok/s | CPU s / step of "
        + streams + " |" : "", streams > 1 ? "---|---|" : "");
    rows.forEach(System.out::println);
  }

  /**
   * {@code n} sequences decoded together, one token each per step (as the scheduler batches
   * them): each gets its own 32-token prompt, then {@code decode} steps of n tokens; the best
   * round's aggregate tokens/s (n × decode / the steps' time) and the fewest CPU seconds per step.
   */
  private static double[] streams(Path model, int n, int vocab, int decode, int rounds, int threads) {
    try (Decoder decoder = Decoder.load(model, DecoderOptions.defaults().withThreads(threads))) {
      double best = 0;
      double bestCpu = Double.MAX_VALUE;
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
          double cpuPerStep = (cpuSeconds() - cpu0) / decode;
          System.out.printf(Locale.ROOT, "opsmind %d streams round %d%s: %.1f tok/s aggregate (%.3f CPU s/step)%n", n, r,
              r == 0 ? " (warm-up)" : "", tps, cpuPerStep);
          if (r > 0) {
            best = Math.max(best, tps);
            bestCpu = Math.min(bestCpu, cpuPerStep);
          }
        } finally {
          caches.forEach(KvCache::close);
        }
      }
      return new double[] {best, bestCpu};
    }
  }

  /**
   * opsmind's quantized decode against Jlama's own quantized decode on one random F32 safetensors
   * checkpoint of {@code shape} (written when missing), in one JVM: opsmind reads it as F32 and as
   * GGUF files {@link GgufExport} writes from it (Q8_0, Q4_0, Q4_K_M, each scheme's own embeddings
   * and head types); Jlama reads it as F32 and as the checkpoints its own quantizer writes from it
   * (Q8 = I8, Q4), with F32 activations and, for Q4, also I8 ones (its Q4 × I8 kernel). A
   * combination Jlama cannot run is reported with its exception, not skipped silently.
   */
  private static void vsJlama(Path dir, String shape, int promptLength, int decode, int rounds, int threads)
      throws IOException {
    if (!Files.isDirectory(dir)) {
      System.err.println("writing random " + shape + " checkpoint to " + dir);
      RandomCheckpoint.write(dir, ModelShapes.get(shape), RandomCheckpoint.Options.defaults(1),
          line -> System.err.println("  " + line));
    }
    int vocab;
    long f32Bytes;
    try (ModelDirectory md = ModelDirectory.open(dir)) {
      vocab = md.config().vocabSize();
      f32Bytes = md.weightBytes();
    }
    int[] prompt = new SplittableRandom(7).ints(promptLength, 3, Math.min(vocab, 30000)).toArray();
    System.out.printf(Locale.ROOT, "checkpoint %s (%s, %.3f GB F32), prompt %d, decode %d, %d rounds, %d cores%n", dir,
        shape, f32Bytes / 1e9, promptLength, decode, rounds, Runtime.getRuntime().availableProcessors());
    record Row(String engine, String type, String keeps, double gb, Result result, String failure) {}
    List<Row> rows = new java.util.ArrayList<>();
    rows.add(new Row("opsmind", "F32", "all F32", f32Bytes / 1e9, opsmind(dir, prompt, decode, rounds, threads, "auto"),
        null));
    record Variant(String label, GgufQuantizer.Plan plan) {}
    List<Variant> variants = List.of(
        new Variant("q8_0", GgufQuantizer.Plan.of(GgufQuantizer.Scheme.Q8_0)),
        new Variant("q4_0", GgufQuantizer.Plan.of(GgufQuantizer.Scheme.Q4_0)),
        new Variant("q4_k_m", GgufQuantizer.Plan.of(GgufQuantizer.Scheme.Q4_K_M)));
    for (Variant v : variants) {
      Path file = dir.resolveSibling(dir.getFileName() + "-" + v.label + ".gguf");
      if (!Files.isRegularFile(file)) {
        long t0 = System.nanoTime();
        GgufExport.write(dir, file, v.plan, (done, total) -> { });
        System.out.printf(Locale.ROOT, "wrote %s in %.1f s%n", file, seconds(t0));
      }
      long bytes;
      try (GgufCheckpoint g = GgufCheckpoint.open(file)) {
        bytes = g.weightBytes();
      }
      System.out.printf(Locale.ROOT, "%n== opsmind %s: %s, %.3f GB of weights%n", v.label, file, bytes / 1e9);
      System.gc();
      String keeps = String.format(Locale.ROOT, "embeddings %s, head %s", v.plan.embeddingsType(),
          v.plan.outputType());
      rows.add(new Row("opsmind", v.label.toUpperCase(Locale.ROOT), keeps, bytes / 1e9,
          opsmind(file, prompt, decode, rounds, threads, "auto"), null));
    }
    // Jlama's own quantized checkpoints, as `jlama quantize` writes them (every matrix, embeddings
    // and LM head included; norms stay F32). Load-time quantization is no substitute: 0.8.4 leaves
    // every matrix it loads sliced ("Quantizing sparse tensor is not supported") in F32.
    record JlamaVariant(String type, String keeps, DType quantized, DType activations) {}
    for (JlamaVariant v : List.of(
        new JlamaVariant("F32", "all F32", null, DType.F32),
        new JlamaVariant("Q8 (`jlama quantize` I8)", "norms F32; F32 activations", DType.I8, DType.F32),
        new JlamaVariant("Q4 (`jlama quantize` Q4)", "norms F32; F32 activations", DType.Q4, DType.F32),
        new JlamaVariant("Q4, I8 activations", "norms F32; I8 activations", DType.Q4, DType.I8))) {
      System.out.printf(Locale.ROOT, "%n== Jlama %s%n", v.type);
      System.gc();
      try {
        Path jdir = v.quantized == null ? dir : jlamaQuantized(dir, shape, v.quantized);
        rows.add(new Row("Jlama 0.8.4", v.type, v.keeps, directoryBytes(jdir) / 1e9,
            jlama(jdir, prompt, decode, rounds, vocab, v.activations, Optional.empty()), null));
      } catch (RuntimeException | IOException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
          root = root.getCause();
        }
        StackTraceElement[] at = root.getStackTrace();
        String where = at.length == 0 ? "" : " in " + at[0].getClassName().replaceAll(".*\\.", "") + "."
            + at[0].getMethodName();
        System.out.printf(Locale.ROOT, "Jlama %s failed: %s%s%n", v.type, root, where);
        rows.add(new Row("Jlama 0.8.4", v.type, v.keeps, Double.NaN, null, root + where));
      }
    }
    double jlamaQ4 = rows.stream().filter(r -> r.result != null && r.engine.startsWith("Jlama")
        && r.type.startsWith("Q4")).mapToDouble(r -> r.result.decodeTokensPerSecond).max().orElse(Double.NaN);
    double jlamaQ4Cpu = rows.stream().filter(r -> r.result != null && r.engine.startsWith("Jlama")
        && r.type.startsWith("Q4")).mapToDouble(r -> r.result.cpuPerToken).min().orElse(Double.NaN);
    System.out.printf(Locale.ROOT, "%n| %s, prompt %d, decode %d | type | kept in higher precision | weights |"
        + " decode tok/s | CPU s / token | vs Jlama Q4, tok/s | vs Jlama Q4, CPU s / token |%n"
        + "|---|---|---|---|---|---|---|---|%n", shape, promptLength, decode);
    for (Row r : rows) {
      String gb = Double.isNaN(r.gb) ? "" : String.format(Locale.ROOT, "%.3f GB", r.gb);
      if (r.result == null) {
        System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | failed: %s | | | |%n", r.engine, r.type, r.keeps, gb,
            r.failure);
      } else {
        System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %.2f | %.3f | %.2fx | %.2fx |%n", r.engine, r.type,
            r.keeps, gb, r.result.decodeTokensPerSecond, r.result.cpuPerToken,
            r.result.decodeTokensPerSecond / jlamaQ4, jlamaQ4Cpu / r.result.cpuPerToken);
      }
    }
    System.out.println("(vs Jlama Q4: against the better of Jlama's two Q4 rows; higher is better in both columns)");
  }

  /** {@code dir} as Jlama's own quantizer writes it ({@code jlama quantize}), kept beside it for later runs. */
  private static Path jlamaQuantized(Path dir, String shape, DType type) throws IOException {
    Path out = dir.resolveSibling(dir.getFileName() + "-jlama-" + type.name().toLowerCase(Locale.ROOT));
    if (!Files.isDirectory(out)) {
      if (!Files.exists(dir.resolve("README.md"))) { // Jlama's quantizer copies it
        Files.writeString(dir.resolve("README.md"), "random " + shape + " checkpoint (opsmind DecodeBenchmark)\n");
      }
      long t0 = System.nanoTime();
      try {
        SafeTensorSupport.quantizeModel(dir, type, new String[0], new String[0], Optional.of(out));
      } catch (RuntimeException | IOException e) {
        deleteTree(out); // no half-written checkpoint for the next run to pick up
        throw e;
      }
      System.out.printf(Locale.ROOT, "jlama quantize %s: %s in %.1f s%n", type, out, seconds(t0));
    }
    return out;
  }

  private static void deleteTree(Path p) throws IOException {
    if (Files.exists(p)) {
      try (var all = Files.walk(p)) {
        for (Path f : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(f);
        }
      }
    }
  }

  /**
   * Jlama's decode on {@code model}: loaded with {@code activations} as its working quantization
   * type and its layers quantized to {@code quantize} at load (empty: as stored); a warm-up, then
   * the best of {@code rounds} prompts + {@code decode} greedy tokens.
   */
  private static Result jlama(Path model, int[] prompt, int decode, int rounds, int vocab, DType activations,
      Optional<DType> quantize) {
    long t0 = System.nanoTime();
    AbstractModel m = ModelSupport.loadModel(model.toFile(), null, DType.F32, activations, quantize, Optional.empty());
    try (KvBufferCache caches = new KvBufferCache(m)) {
      System.out.printf(Locale.ROOT, "Jlama: loaded in %.1f s, RSS %s%n", seconds(t0), rss());
      // warm-up: a short prompt and a few tokens
      KvBufferCache.KvBuffer warm = caches.getEphemeralKvBuffer();
      AbstractTensor h = m.batchForward(Arrays.copyOf(prompt, 16), 0, warm);
      for (int i = 0; i < 4; i++) {
        h = m.forward(1, 16 + i, warm, Optional.empty());
      }
      AbstractTensor logits = m.makeDenseTensor(1, vocab);
      double bestTtft = Double.MAX_VALUE;
      double bestDecode = 0;
      double bestCpu = Double.MAX_VALUE;
      for (int r = 1; r <= rounds; r++) {
        KvBufferCache.KvBuffer kv = caches.getEphemeralKvBuffer();
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
        System.out.printf(Locale.ROOT, "Jlama round %d: TTFT %.2f s (%.2f CPU s), decode %.2f tok/s (%.3f CPU s/token),"
            + " RSS %s%n", r, ttft, cpu1 - cpu0, tps, (cpu2 - cpu1) / decode, rss());
        bestTtft = Math.min(bestTtft, ttft);
        bestDecode = Math.max(bestDecode, tps);
        bestCpu = Math.min(bestCpu, (cpu2 - cpu1) / decode);
      }
      return new Result("Jlama", bestTtft, bestDecode, bestCpu);
    } finally {
      m.close();
    }
  }

  /** Bytes of the safetensors files in {@code dir} (Jlama's quantized checkpoints keep the scales beside). */
  private static long directoryBytes(Path dir) throws IOException {
    try (var files = Files.list(dir)) {
      return files.filter(f -> f.toString().endsWith(".safetensors")).mapToLong(f -> f.toFile().length()).sum();
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
