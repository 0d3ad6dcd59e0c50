package dev.opsmind.bench;

import dev.opsmind.indexer.chunk.Chunker;
import dev.opsmind.indexer.chunk.ChunkingOptions;
import dev.opsmind.indexer.ingest.SourceChunks;
import dev.opsmind.indexer.source.SourceFile;
import dev.opsmind.indexer.source.SourceScanner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The indexer's work before embedding, in source bytes per second: parse + chunk (+ chunk ids)
 * of the project's sample runbooks (Markdown, HTML, text, log) and of a 1 MiB generated log.
 * Shows that reading and chunking are not what limits an ingest run (the embedder is).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
public class ChunkingBench {
  private record Source(SourceFile file, byte[] bytes) {}

  private final SourceChunks chunks = new SourceChunks(new Chunker(ChunkingOptions.DEFAULT));
  private List<Source> runbooks;
  private byte[] log;

  @Setup
  public void setUp() throws IOException {
    Path dir = Path.of(System.getProperty("opsmind.home", "..")).resolve("samples/runbooks");
    if (!Files.isDirectory(dir)) throw new IllegalStateException("samples not found at " + dir + " (set -Dopsmind.home)");
    runbooks = new ArrayList<>();
    for (SourceFile f : new SourceScanner().scan(dir).files()) runbooks.add(new Source(f, Files.readAllBytes(f.file())));
    StringBuilder s = new StringBuilder();
    for (int i = 0; s.length() < (1 << 20); i++) {
      s.append(String.format("2026-03-14T02:%02d:%02d.%03dZ INFO  worker-%d [pool-3] processed batch %d in %d ms%n",
          i / 60 % 60, i % 60, i % 1000, i % 8, i, i % 97));
    }
    log = s.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** One operation = all 12 sample runbooks (12 KB); bytes/s = ops/s × their size. */
  @Benchmark
  public void sampleRunbooks(Blackhole bh) {
    for (Source s : runbooks) {
      bh.consume(chunks.chunks("bench", s.file().sourcePath(), s.file().format(), s.bytes(), "h", 0));
    }
  }

  @Benchmark
  public void generatedLog1MiB(Blackhole bh) {
    bh.consume(chunks.chunks("bench", "app.log", dev.opsmind.indexer.source.SourceFormat.LOG, log, "h", 0));
  }
}
