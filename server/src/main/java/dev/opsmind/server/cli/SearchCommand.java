package dev.opsmind.server.cli;

import dev.opsmind.inference.embed.Embedder;
import dev.opsmind.inference.embed.EmbedderSpec;
import dev.opsmind.retrieval.KnowledgeIndex;
import dev.opsmind.retrieval.Principal;
import dev.opsmind.retrieval.search.Fusion;
import dev.opsmind.retrieval.search.HybridSearcher;
import dev.opsmind.retrieval.search.SearchFilter;
import dev.opsmind.retrieval.search.SearchHit;
import dev.opsmind.retrieval.search.SearchMode;
import dev.opsmind.retrieval.search.SearchRequest;
import dev.opsmind.retrieval.search.SearchResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code opsmind search QUERY}: ranked citations from the knowledge index, as an admin. */
@Command(name = "search", mixinStandardHelpOptions = true,
    description = "Search the knowledge index and print ranked citations with snippets.")
public final class SearchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "QUERY", description = "What to look for (English or Chinese).")
  String query;

  @Option(names = "--collection", paramLabel = "C", description = "Only these collections (repeatable).")
  List<String> collections = new ArrayList<>();

  @Option(names = "--mode", paramLabel = "MODE", defaultValue = "hybrid",
      description = "bm25, vector or hybrid (default: ${DEFAULT-VALUE}).")
  String mode;

  @Option(names = "--top-k", paramLabel = "N", defaultValue = "5", description = "Hits to print (default: ${DEFAULT-VALUE}).")
  int topK;

  @Option(names = "--index", paramLabel = "DIR", description = "Index folder (default: <opsmind home>/data/index).")
  Path index;

  @Option(names = "--source-type", paramLabel = "T", description = "Only these source types (repeatable).")
  List<String> sourceTypes = new ArrayList<>();

  @Option(names = "--path-prefix", paramLabel = "P", description = "Only sources whose path starts with P.")
  String pathPrefix = "";

  @Option(names = "--tag", paramLabel = "T", description = "Only chunks carrying every given tag (repeatable).")
  List<String> tags = new ArrayList<>();

  @Option(names = "--since", paramLabel = "TIME", description = "Only sources modified at or after TIME (ISO-8601, e.g. 2024-05-01T00:00:00Z).")
  String since;

  @Option(names = "--until", paramLabel = "TIME", description = "Only sources modified at or before TIME (ISO-8601).")
  String until;

  @Option(names = "--principal", paramLabel = "NAME", description = "Search as this principal (default: admin, sees every collection).")
  String principal;

  @CommandLine.Mixin FusionOptions fusionOptions;

  @Override
  public Integer call() {
    Path dir = index != null ? index : IndexLocation.defaultDir();
    KnowledgeIndex.Info info = KnowledgeIndex.inspect(dir).orElseThrow(() -> new IllegalArgumentException(
        "no knowledge index at " + dir + ": build one with './opsmind index' or pass --index DIR"));
    SearchMode searchMode = SearchMode.parse(mode);
    SearchFilter filter = new SearchFilter(collections, sourceTypes, pathPrefix, tags, instant(since, "--since"),
        instant(until, "--until"));
    Fusion fusion = fusionOptions.fusion(Fusion.DEFAULT.candidates());
    SearchRequest request = new SearchRequest(query, searchMode, topK, filter, fusion, null, true);
    Principal who = principal == null ? Principal.ADMIN : Principal.of(principal);
    Embedder embedder = null;
    // Read-only: works while a server holds the index's write lock.
    try (KnowledgeIndex knowledge = KnowledgeIndex.openReadOnly(dir)) {
      if (searchMode != SearchMode.BM25) {
        // The index records its embedder by name: an operator's own one is found again under models/.
        String model = info.vectorModel().isEmpty() ? EmbedderSpec.DEFAULT : info.vectorModel();
        embedder = Embedder.load(EmbedderSpec.resolve(model, List.of(ModelsCommand.defaultModelsDir())));
      }
      HybridSearcher searcher = new HybridSearcher(knowledge, embedder == null ? null : embedder::embedQuery);
      print(searcher.search(who, request), spec.commandLine().getOut());
    } finally {
      if (embedder != null) {
        embedder.close();
      }
    }
    return 0;
  }

  private static Long instant(String text, String option) {
    if (text == null) {
      return null;
    }
    try {
      return Instant.parse(text).toEpochMilli();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(option + " '" + text + "' is not an ISO-8601 instant like 2024-05-01T00:00:00Z");
    }
  }

  static void print(SearchResult result, PrintWriter out) {
    if (result.hits().isEmpty()) {
      out.println("no hits");
      out.flush();
      return;
    }
    int rank = 1;
    for (SearchHit hit : result.hits()) {
      StringBuilder how = new StringBuilder(String.format(Locale.ROOT, "%s %.4f", result.mode().label(), hit.score()));
      if (hit.bm25Rank() > 0) {
        how.append(" · bm25 #").append(hit.bm25Rank());
      }
      if (hit.vectorRank() > 0) {
        how.append(" · vector #").append(hit.vectorRank());
      }
      out.printf(Locale.ROOT, "%d. [%s] %s  (%s)%n", rank++, hit.citation().collection(), hit.citation().label(), how);
      for (String line : hit.snippet().replace('\r', ' ').split("\n")) {
        if (!line.isBlank()) {
          out.println("   " + line.strip());
        }
      }
    }
    out.flush();
  }
}
