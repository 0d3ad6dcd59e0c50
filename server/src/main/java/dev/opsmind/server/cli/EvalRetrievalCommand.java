package dev.opsmind.server.cli;

import dev.opsmind.indexer.embed.EmbedderSet;
import dev.opsmind.indexer.eval.BeirDataset;
import dev.opsmind.indexer.eval.RetrievalEvaluation;
import dev.opsmind.indexer.progress.ProgressPrinter;
import dev.opsmind.retrieval.search.FieldBoosts;
import dev.opsmind.retrieval.search.Fusion;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code opsmind eval-retrieval}: nDCG, recall and MRR of bm25, vector and hybrid on a BEIR
 * dataset, indexed as the product indexes (chunked, every embedder, a document ranking as its
 * best chunk), with a row per query language when there are several.
 */
@Command(name = "eval-retrieval", mixinStandardHelpOptions = true,
    description = "Index a BEIR corpus through the indexer and print nDCG@10, recall@5/10/100 and MRR@10 for bm25,"
        + " vector and hybrid (per query language when the queries have several).")
public final class EvalRetrievalCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--corpus", required = true, paramLabel = "FILE", description = "corpus.jsonl ({_id, title, text}).")
  Path corpus;

  @Option(names = "--queries", required = true, paramLabel = "FILE", description = "queries.jsonl ({_id, text}).")
  Path queries;

  @Option(names = "--qrels", required = true, paramLabel = "FILE", description = "qrels TSV (query-id, corpus-id, score).")
  Path qrels;

  @CommandLine.Mixin EmbedderOptions embedderOptions;

  @Option(names = "--title-boost", paramLabel = "W", defaultValue = "1.0",
      description = "BM25 weight of a term in the title against the body (default: ${DEFAULT-VALUE}; 0 = not searched).")
  double titleBoost;

  @Option(names = "--heading-boost", paramLabel = "W", defaultValue = "0.5",
      description = "BM25 weight of a term in the headings against the body (default: ${DEFAULT-VALUE}).")
  double headingBoost;

  @Option(names = "--work", paramLabel = "DIR",
      description = "Keep the evaluation index here and reuse it on the next run (default: a temporary folder, deleted).")
  Path work;

  @CommandLine.Mixin FusionOptions fusionOptions;

  @Option(names = "--candidates", paramLabel = "N", description = "Hybrid: depth of each ranking fed to fusion (default: 100).")
  Integer candidates;

  @Override
  public Integer call() throws IOException {
    BeirDataset data = BeirDataset.load(corpus, queries, qrels);
    Fusion fusion = fusionOptions.fusion(candidates == null ? Fusion.DEFAULT.candidates() : candidates);
    PrintWriter err = spec.commandLine().getErr();
    Path dir = work != null ? work : Files.createTempDirectory("opsmind-eval-");
    var entries = embedderOptions.entries(dir.resolve("index"));
    err.printf(Locale.ROOT, "%d documents, %d queries with judgements; embedders %s%n", data.corpus().size(),
        data.qrels().size(), entries.stream().map(e -> e.name() + (e.languages().isEmpty() ? "" : ":" + String.join("+", e.languages()))).toList());
    err.flush();
    EmbedderSet embedders = EmbedderOptions.load(entries);
    try {
      RetrievalEvaluation.Report report = RetrievalEvaluation.run(data, dir, embedders, fusion,
          new FieldBoosts(titleBoost, headingBoost), line -> {
            err.println(line);
            err.flush();
          }, new ProgressPrinter(System.err, IndexCommand.progressMode("auto")));
      PrintWriter out = spec.commandLine().getOut();
      out.printf(Locale.ROOT, "embedders %s · fusion: RRF k=%d, bm25 weight %.2f, vector weight %.2f, %d candidates"
          + " · field boosts title %.2f, headings %.2f · %d queries%n", String.join(", ", embedders.names()), fusion.k(),
          fusion.bm25Weight(), fusion.vectorWeight(), fusion.candidates(), titleBoost, headingBoost, data.qrels().size());
      out.print(report.table());
      out.printf(Locale.ROOT, "index of %d documents: %s%n", data.corpus().size(), report.ingest().summaryLine());
      out.flush();
    } finally {
      EmbedderOptions.close(embedders);
      if (work == null) {
        deleteTree(dir);
      }
    }
    return 0;
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir, e);
    }
  }
}
