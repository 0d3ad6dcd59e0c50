package dev.opsmind.server.cli;

import dev.opsmind.retrieval.search.Fusion;
import picocli.CommandLine.Option;

/** The hybrid-fusion flags shared by {@code search} and {@code eval-retrieval} (a picocli mixin). */
final class FusionOptions {
  @Option(names = "--rrf-k", paramLabel = "K", description = "Hybrid: RRF damping constant (default: 60).")
  Integer rrfK;

  @Option(names = "--bm25-weight", paramLabel = "W", description = "Hybrid: weight of the BM25 ranking (default: 1).")
  Double bm25Weight;

  @Option(names = "--vector-weight", paramLabel = "W", description = "Hybrid: weight of the vector ranking (default: 1).")
  Double vectorWeight;

  /** The fusion these flags ask for, with {@link Fusion#DEFAULT} where a flag is absent. */
  Fusion fusion(int candidates) {
    Fusion d = Fusion.DEFAULT;
    return new Fusion(rrfK == null ? d.k() : rrfK, bm25Weight == null ? d.bm25Weight() : bm25Weight,
        vectorWeight == null ? d.vectorWeight() : vectorWeight, candidates);
  }
}
