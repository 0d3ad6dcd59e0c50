package dev.opsmind.bench;

import dev.opsmind.inference.embed.Embedder;
import dev.opsmind.retrieval.Chunk;
import dev.opsmind.retrieval.KnowledgeIndex;
import dev.opsmind.retrieval.SourceManifest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Indexing throughput in chunks per second, embedding included: each operation embeds one source
 * file's chunks (~120 words each) with the real embedder, replaces the source in the index and
 * commits (a durable step, as an ingest run does per batch).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g", "--add-modules", "jdk.incubator.vector", "-Dai.djl.offline=true"})
@Warmup(iterations = 1, time = 10)
@Measurement(iterations = 3, time = 15)
public class IndexingBench {
  static final int CHUNKS = 32;

  @Param({"bge-small-zh-v1.5", "bge-small-zh-v1.5-q", "all-minilm-l6-v2"})
  String embedderName;

  Embedder embedder;
  KnowledgeIndex index;
  Path dir;
  SyntheticCorpus corpus;
  int file;

  @Setup(Level.Trial)
  public void setup() throws IOException {
    embedder = Embedder.load(embedderName);
    dir = Files.createTempDirectory("opsmind-indexing-bench");
    index = KnowledgeIndex.open(dir, embedder.dimension(), embedder.name());
    corpus = new SyntheticCorpus(3, 20_000);
  }

  @Benchmark
  @OperationsPerInvocation(CHUNKS)
  public void embedAndIndexOneFile() {
    List<Chunk> chunks = corpus.source("bench", file++, CHUNKS, 120, 0);
    float[][] vectors = embedder.embed(chunks.stream().map(Chunk::text).toList());
    List<Chunk> withVectors = new ArrayList<>(chunks.size());
    for (int i = 0; i < chunks.size(); i++) {
      withVectors.add(chunks.get(i).withVectors(java.util.Map.of(index.spaceNames().get(0), vectors[i])));
    }
    String path = chunks.get(0).sourcePath();
    index.replaceSource("bench", path, SourceManifest.of(path, "markdown", "h" + file, 0L, withVectors, index.spaceNames()), withVectors);
    index.commit();
  }

  @TearDown(Level.Trial)
  public void close() {
    index.close();
    embedder.close();
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
