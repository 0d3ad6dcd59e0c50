package dev.opsmind.bench;

import dev.opsmind.indexer.logs.detect.AnalysisOptions;
import dev.opsmind.indexer.logs.format.LogFormats;
import dev.opsmind.indexer.logs.read.LogInput;
import dev.opsmind.server.diagnose.LogDiagnosis;
import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Throughput of a diagnosis (read + header parse + mask + mine + detect) in lines per second on a
 * synthetic Log4j-style log of a given size (default 1 GiB; written once to {@code --file}), with
 * the peak heap the JVM saw. Run it under {@code -Xmx256m} to show the memory bound, and with
 * {@code taskset -c 0} / {@code -c 0,1} for one and two cores. A plain runner, not JMH: one pass
 * over a gigabyte is the measurement.
 *
 * <pre>java -Xmx256m -cp ... dev.opsmind.bench.LogDiagnosisBench [--file PATH] [--mib 1024] [--format log4j]</pre>
 */
public final class LogDiagnosisBench {
  private static final String[] COMPONENTS = {"com.acme.api.OrderController", "com.acme.db.Pool", "com.acme.cache.Redis",
      "org.apache.kafka.clients.Consumer", "com.acme.auth.Tokens", "io.netty.Server"};

  public static void main(String[] args) throws IOException {
    Path file = Path.of(arg(args, "--file", "bench/target/synthetic-1g.log"));
    long mib = Long.parseLong(arg(args, "--mib", "1024"));
    String format = arg(args, "--format", "log4j");
    if (!Files.isRegularFile(file) || Files.size(file) < mib * 1024 * 1024) write(file, mib * 1024 * 1024);
    long bytes = Files.size(file);
    long t0 = System.nanoTime();
    LogDiagnosis.Outcome outcome = LogDiagnosis.run(List.of(LogInput.file(file)), LogFormats.builtIn().get(format), null,
        AnalysisOptions.DEFAULT, LogDiagnosis.Window.ALL, null, () -> false);
    double secs = (System.nanoTime() - t0) / 1e9;
    // CPU seconds, which a loaded machine does not inflate: this (reading) thread's, and the
    // whole process's (the analysis thread, the collector and the JIT compilers besides)
    double mainCpu = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() / 1e9;
    double processCpu = ManagementFactory.getPlatformMXBean(com.sun.management.OperatingSystemMXBean.class).getProcessCpuTime() / 1e9;
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) peak += pool.getPeakUsage().getUsed();
    }
    System.out.printf(Locale.ROOT, "%s: %.0f MiB, %,d lines, %,d records in %.1f s: %,.0f lines/s, %.1f MiB/s; "
            + "%d templates, %d anomalous, %d sessions; peak heap %.0f MiB of max %.0f MiB; %d processors; "
            + "CPU: reading thread %.1f s, process %.1f s (%,.0f lines per process CPU second)%n",
        file, bytes / 1048576.0, outcome.counts().lines(), outcome.counts().records(), secs,
        outcome.counts().lines() / secs, bytes / 1048576.0 / secs, outcome.analysis().templates().size(),
        outcome.analysis().anomalous().size(), outcome.analysis().sessionCount(), peak / 1048576.0,
        Runtime.getRuntime().maxMemory() / 1048576.0, Runtime.getRuntime().availableProcessors(),
        mainCpu, processCpu, outcome.counts().lines() / processCpu);
  }

  private static String arg(String[] args, String name, String dflt) {
    for (int i = 0; i + 1 < args.length; i++) if (args[i].equals(name)) return args[i + 1];
    return dflt;
  }

  /** A synthetic service log: a dozen templates with numbers, ids, IPs and paths, some errors with stack traces. */
  static void write(Path file, long size) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    SplittableRandom rnd = new SplittableRandom(42);
    long written = 0;
    long t = 1_709_251_200_000L;
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      StringBuilder sb = new StringBuilder(256);
      while (written < size) {
        t += rnd.nextInt(5);
        sb.setLength(0);
        sb.append(java.time.Instant.ofEpochMilli(t).toString().replace('T', ' ').replace("Z", "").replace('.', ','));
        int kind = rnd.nextInt(1000);
        String level = kind < 3 ? "ERROR" : kind < 20 ? "WARN " : "INFO ";
        sb.append(' ').append(level).append(" [worker-").append(rnd.nextInt(32)).append("] ")
            .append(COMPONENTS[rnd.nextInt(COMPONENTS.length)]).append(" - ");
        switch (kind % 8) {
          case 0 -> sb.append("Handled GET /api/orders/").append(rnd.nextInt(100000)).append(" in ").append(rnd.nextInt(900)).append(" ms");
          case 1 -> sb.append("Connection from 10.").append(rnd.nextInt(256)).append('.').append(rnd.nextInt(256)).append('.')
              .append(rnd.nextInt(256)).append(':').append(1024 + rnd.nextInt(60000)).append(" accepted request_id=")
              .append(Long.toHexString(rnd.nextLong()));
          case 2 -> sb.append("Pool stats active=").append(rnd.nextInt(64)).append(" idle=").append(rnd.nextInt(64)).append(" waiting=0");
          case 3 -> sb.append("Cache miss for key user:").append(rnd.nextInt(1_000_000)).append(" loaded in ").append(rnd.nextInt(50)).append("ms");
          case 4 -> sb.append("Committed offset ").append(rnd.nextLong(1L << 40)).append(" for partition orders-").append(rnd.nextInt(12));
          case 5 -> sb.append("Token refreshed for client svc-").append(rnd.nextInt(40)).append(" expires in ").append(rnd.nextInt(3600)).append(" s");
          case 6 -> sb.append("Wrote block blk_").append(rnd.nextLong()).append(" of size ").append(rnd.nextInt(1 << 26)).append(" to /data/").append(rnd.nextInt(9));
          default -> sb.append("Request trace_id=").append(Long.toHexString(rnd.nextLong())).append(" finished with status ").append(200 + rnd.nextInt(4));
        }
        if (kind < 3) {
          sb.append("\njava.io.IOException: Broken pipe\n\tat com.acme.net.Channel.write(Channel.java:").append(rnd.nextInt(400))
              .append(")\n\tat com.acme.api.OrderController.reply(OrderController.java:88)");
        }
        sb.append('\n');
        w.append(sb);
        written += sb.length();
      }
    }
  }
}
