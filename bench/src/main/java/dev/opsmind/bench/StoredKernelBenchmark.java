package dev.opsmind.bench;

import dev.opsmind.inference.gguf.GgmlType;
import dev.opsmind.inference.gguf.Quantize;
import dev.opsmind.inference.model.StoredKernels;
import dev.opsmind.inference.model.StoredMatrix;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * One thread's matrix × vector(s) on weights in their stored type ({@code StoredKernels.multiply},
 * the vector decode path's kernel): the compute each type's dequantize-and-multiply costs per
 * weight. The default matrix (1024 × 4096, 4 Mi weights: 4.5 MB in Q8_0, 8 MB in BF16) stays in
 * this CPU's caches, so the number is the kernel's compute; {@code --rows 16384} (64 Mi weights,
 * 71 MB in Q8_0) streams from DRAM as decode does. Timed in this thread's CPU time (not wall
 * time), best of 7 rounds of 100 calls' worth of weights after 3 times as many warm-up, so that a
 * machine shared with other work still gives steady numbers. A main-method runner, not JMH:
 * JMH's wall-clock scores swung ±5× under the shared machine's load.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp "bench/target/classes:bench/target/lib/*" \
 *   dev.opsmind.bench.StoredKernelBenchmark [--types BF16,Q8_0,Q4_0,Q4_K,Q6_K,F16] [--batches 1,4] [--rows 1024]
 * </pre>
 */
public final class StoredKernelBenchmark {
  static final int COLS = 4096;

  private StoredKernelBenchmark() {}

  public static void main(String[] args) {
    List<String> types = List.of("BF16", "Q8_0", "Q4_0", "Q4_K", "Q6_K", "F16");
    List<Integer> batches = List.of(1, 4);
    int rowCount = 1024;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--types" -> types = List.of(args[i + 1].toUpperCase(Locale.ROOT).split(","));
        case "--batches" -> batches = List.of(args[i + 1].split(",")).stream().map(Integer::parseInt).toList();
        case "--rows" -> rowCount = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    StoredKernels kernels = StoredKernels.load();
    if (kernels == null) {
      throw new IllegalStateException("vector kernels unavailable (JDK 22+ with --add-modules jdk.incubator.vector)");
    }
    final int ROWS = rowCount;
    int calls = Math.max(4, 100 * 1024 / ROWS);
    SplittableRandom r = new SplittableRandom(1);
    float[] values = new float[ROWS * COLS];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) (r.nextGaussian() * 0.02);
    }
    ThreadMXBean bean = ManagementFactory.getThreadMXBean();
    List<String> rows = new ArrayList<>();
    for (String name : types) {
      GgmlType t = GgmlType.valueOf(name);
      ByteBuffer encoded = Quantize.encode(t, values, 0, values.length);
      ByteBuffer data = ByteBuffer.allocateDirect(encoded.capacity()).order(ByteOrder.LITTLE_ENDIAN);
      data.put(encoded.rewind()).flip();
      StoredMatrix w = new StoredMatrix("w", t, ROWS, COLS, data);
      for (int batch : batches) {
        float[] x = new float[batch * COLS];
        for (int i = 0; i < x.length; i++) {
          x[i] = (float) r.nextGaussian();
        }
        float[] out = new float[batch * ROWS];
        for (int i = 0; i < 3 * calls; i++) {
          kernels.multiply(w, x, batch, out);
        }
        long best = Long.MAX_VALUE;
        for (int round = 0; round < 7; round++) {
          long start = bean.getCurrentThreadCpuTime();
          for (int i = 0; i < calls; i++) {
            kernels.multiply(w, x, batch, out);
          }
          best = Math.min(best, bean.getCurrentThreadCpuTime() - start);
        }
        double nsPerWeight = best / (double) calls / ((double) ROWS * COLS);
        String row = String.format(Locale.ROOT, "| %s | %d | %.3f | %.3f | %.1f |", name, batch, nsPerWeight,
            nsPerWeight / batch, t.bytes(COLS) / (double) COLS / nsPerWeight);
        rows.add(row);
        System.out.println(row);
      }
    }
    System.out.println();
    System.out.println("| type | batch | ns per weight (one thread, CPU time) | ns per weight and input | GB/s of weights one core could consume |");
    System.out.println("|---|---|---|---|---|");
    rows.forEach(System.out::println);
  }
}
