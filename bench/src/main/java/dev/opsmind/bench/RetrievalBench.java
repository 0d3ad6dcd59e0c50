package dev.opsmind.bench;

import dev.opsmind.retrieval.Chunk;
import dev.opsmind.retrieval.KnowledgeCollection;
import dev.opsmind.retrieval.KnowledgeIndex;
import dev.opsmind.retrieval.Principal;
import dev.opsmind.retrieval.SourceManifest;
import dev.opsmind.retrieval.search.Fusion;
import dev.opsmind.retrieval.search.HybridSearcher;
import dev.opsmind.retrieval.search.SearchMode;
import dev.opsmind.retrieval.search.SearchRequest;
import dev.opsmind.retrieval.search.SearchResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Query latency (sample mode: p50/p99) of bm25, vector and hybrid search over a large index of
 * synthetic chunks with random unit vectors, top-10 with snippets and citations, through the same
 * {@link HybridSearcher} the server uses. Query vectors are precomputed: embedding a query is the
 * embedder's cost, measured by {@link IndexingBench}'s embedder and not mixed in here. The index
 * is built once into {@code bench/target/bench-index-<chunks>-<dim>} and reused by later runs.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g", "--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 10)
public class RetrievalBench {
  static final String COLLECTION = "bench";
  static final int CHUNKS_PER_FILE = 10;

  @Param({"100000"})
  int chunks;

  @Param({"512"})
  int dimension;

  /** Hybrid: depth of each ranking fed to the fusion (Fusion.candidates). */
  @Param({"100"})
  int candidates;

  KnowledgeIndex index;
  HybridSearcher searcher;
  SearchRequest[][] requests; // [mode][query]
  int next;

  @Setup(Level.Trial)
  public void setup() {
    Path dir = Path.of(System.getProperty("opsmind.bench.dir", "target"))
        .resolve("bench-index-" + chunks + "-" + dimension);
    Optional<KnowledgeIndex.Info> info = KnowledgeIndex.inspect(dir);
    index = KnowledgeIndex.open(dir, dimension);
    if (info.isEmpty() || index.chunkCount(COLLECTION) != chunks) {
      build(index, chunks, dimension);
    }
    searcher = new HybridSearcher(index, null);
    SyntheticCorpus queries = new SyntheticCorpus(7, 20_000);
    SearchMode[] modes = SearchMode.values();
    requests = new SearchRequest[modes.length][256];
    for (int q = 0; q < 256; q++) {
      String text = queries.query(2 + q % 3);
      float[] vector = queries.unitVector(dimension);
      for (int m = 0; m < modes.length; m++) {
        requests[m][q] = SearchRequest.of(text, modes[m], 10).withQueryVectors(List.of(new dev.opsmind.retrieval.search.QueryVector("default", vector, 1.0)), true)
            .withFusion(new Fusion(Fusion.DEFAULT.k(), Fusion.DEFAULT.bm25Weight(), Fusion.DEFAULT.vectorWeight(), candidates));
      }
    }
  }

  static void build(KnowledgeIndex index, int chunks, int dimension) {
    index.putCollection(new KnowledgeCollection(COLLECTION, List.of(KnowledgeCollection.EVERYONE), "synthetic"));
    SyntheticCorpus corpus = new SyntheticCorpus(42, 20_000);
    long start = System.nanoTime();
    for (int file = 0; file * CHUNKS_PER_FILE < chunks; file++) {
      List<Chunk> source = corpus.source(COLLECTION, file, CHUNKS_PER_FILE, 80, dimension);
      String path = source.get(0).sourcePath();
      index.replaceSource(COLLECTION, path, SourceManifest.of(path, "markdown", "hash-" + file, 0L, source, index.spaceNames()), source);
      if ((file + 1) % 1000 == 0) {
        System.err.printf("indexed %d chunks (%.0f s)%n", (file + 1) * CHUNKS_PER_FILE, (System.nanoTime() - start) / 1e9);
      }
    }
    index.commit();
  }

  @TearDown(Level.Trial)
  public void close() {
    index.close();
  }

  private SearchResult run(SearchMode mode) {
    SearchRequest request = requests[mode.ordinal()][next++ & 255];
    return searcher.search(Principal.of("reader"), request);
  }

  @Benchmark
  public SearchResult bm25() {
    return run(SearchMode.BM25);
  }

  @Benchmark
  public SearchResult vector() {
    return run(SearchMode.VECTOR);
  }

  @Benchmark
  public SearchResult hybrid() {
    return run(SearchMode.HYBRID);
  }
}
