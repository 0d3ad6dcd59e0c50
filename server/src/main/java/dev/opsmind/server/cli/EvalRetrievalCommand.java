package dev.opsmind.server.cli;

import dev.opsmind.inference.embed.Embedder;
import dev.opsmind.inference.embed.EmbedderSpec;
import dev.opsmind.retrieval.eval.BeirDataset;
import dev.opsmind.retrieval.eval.RetrievalEvaluation;
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

/** {@code opsmind eval-retrieval}: nDCG, recall and MRR of bm25, vector and hybrid on a BEIR dataset. */
@Command(name = "eval-retrieval", mixinStandardHelpOptions = true,
    description = "Index a BEIR corpus and print nDCG@10, recall@5/10/100 and MRR@10 for bm25, vector and hybrid.")
public final class EvalRetrievalCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--corpus", required = true, paramLabel = "FILE", description = "corpus.jsonl ({_id, title, text}).")
  Path corpus;

  @Option(names = "--queries", required = true, paramLabel = "FILE", description = "queries.jsonl ({_id, text}).")
  Path queries;

  @Option(names = "--qrels", required = true, paramLabel = "FILE", description = "qrels TSV (query-id, corpus-id, score).")
  Path qrels;

  @Option(names = "--embedder", paramLabel = "NAME", defaultValue = EmbedderSpec.DEFAULT,
      description = "Sentence embedder (default: ${DEFAULT-VALUE}); for English corpora bge-small-en-v1.5-q or all-minilm-l6-v2.")
  String embedderName;

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
    err.printf(Locale.ROOT, "%d documents, %d queries with judgements; embedder %s%n", data.corpus().size(),
        data.qrels().size(), embedderName);
    err.flush();
    Path dir = work != null ? work : Files.createTempDirectory("opsmind-eval-");
    try (Embedder embedder = Embedder.load(embedderName)) {
      RetrievalEvaluation.Report report = RetrievalEvaluation.run(data, dir, embedder.dimension(), embedder.name(),
          embedder::embed, embedder::embedQuery, embedder::truncatedCount, fusion, line -> {
            err.println(line);
            err.flush();
          });
      PrintWriter out = spec.commandLine().getOut();
      out.printf(Locale.ROOT, "embedder %s · fusion: RRF k=%d, bm25 weight %.2f, vector weight %.2f, %d candidates"
          + " · %d queries%n", embedder.name(), fusion.k(), fusion.bm25Weight(), fusion.vectorWeight(),
          fusion.candidates(), data.qrels().size());
      out.print(report.table());
      if (report.truncatedDocs() > 0) {
        out.printf(Locale.ROOT, "(%d inputs were longer than the embedder's limit and truncated)%n", report.truncatedDocs());
      }
      out.flush();
    } finally {
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
