package dev.opsmind.indexer.eval;

import dev.opsmind.indexer.embed.EmbedderSet;
import dev.opsmind.indexer.ingest.IngestListener;
import dev.opsmind.indexer.ingest.IngestOptions;
import dev.opsmind.indexer.ingest.IngestReport;
import dev.opsmind.indexer.ingest.IngestRun;
import dev.opsmind.retrieval.KnowledgeIndex;
import dev.opsmind.retrieval.Languages;
import dev.opsmind.retrieval.Principal;
import dev.opsmind.retrieval.search.FieldBoosts;
import dev.opsmind.retrieval.search.Fusion;
import dev.opsmind.retrieval.search.HybridSearcher;
import dev.opsmind.retrieval.search.QueryVector;
import dev.opsmind.retrieval.search.SearchHit;
import dev.opsmind.retrieval.search.SearchMode;
import dev.opsmind.retrieval.search.SearchRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Scores BM25, vector and hybrid retrieval on a BEIR dataset the way the product retrieves: each
 * document is written as a Markdown file (title as its heading) and indexed by the ingest run
 * (the indexer's chunker, every embedder of the set, nothing truncated away from the index: long
 * documents become several chunks), and a document ranks as its best chunk. The index in the work
 * folder is kept and brought up to date incrementally, so reruns only search.
 */
public final class RetrievalEvaluation {
  static final String COLLECTION = "eval";
  /** Documents scored per query (recall@100 needs 100). */
  static final int DEPTH = 100;
  /** Chunks fetched to fill {@value #DEPTH} distinct documents. */
  static final int CHUNK_DEPTH = 400;

  private RetrievalEvaluation() {}

  /** Metrics per mode (bm25, vector, hybrid), overall and per query language. */
  public record Report(Map<String, Map<SearchMode, RetrievalMetrics>> byLanguage, Fusion fusion, IngestReport ingest) {
    public static final String ALL = "all";

    /** A plain-text table, one row per mode (and language, when the queries have several). */
    public String table() {
      StringBuilder sb = new StringBuilder();
      sb.append(String.format(Locale.ROOT, "%-5s %-8s %8s %9s %10s %11s %7s %7s%n", "lang", "mode", "nDCG@10",
          "recall@5", "recall@10", "recall@100", "MRR@10", "queries"));
      byLanguage.forEach((language, modes) -> {
        if (!language.equals(ALL) && byLanguage.size() == 2) {
          return; // one language: its rows equal the overall ones
        }
        modes.forEach((mode, m) -> sb.append(String.format(Locale.ROOT, "%-5s %-8s %8.4f %9.4f %10.4f %11.4f %7.4f %7d%n",
            language, mode.label(), m.ndcg10(), m.recall5(), m.recall10(), m.recall100(), m.mrr10(), m.queries())));
      });
      return sb.toString();
    }
  }

  public static Report run(BeirDataset data, Path workDir, EmbedderSet embedders, Fusion fusion, FieldBoosts boosts,
      Consumer<String> progress, IngestListener listener) {
    Path docs = workDir.resolve("docs");
    writeDocuments(data, docs, progress);
    try (KnowledgeIndex index = KnowledgeIndex.open(workDir.resolve("index"), embedders.spaces())) {
      IngestReport ingest = new IngestRun(index, embedders, IngestOptions.DEFAULT).syncDirectory(docs, COLLECTION, listener);
      HybridSearcher searcher = new HybridSearcher(index, embedders.queryEncoder(), boosts);
      Map<String, Map<SearchMode, List<RetrievalMetrics>>> per = new TreeMap<>();
      int done = 0;
      for (Map.Entry<String, Map<String, Integer>> q : data.qrels().entrySet()) {
        String text = data.queries().get(q.getKey());
        List<QueryVector> vectors = embedders.queryEncoder().encode(text);
        String language = Languages.detect(text);
        for (SearchMode mode : SearchMode.values()) {
          SearchRequest request = new SearchRequest(text, mode, CHUNK_DEPTH, null, fusion, vectors, false);
          List<String> ranked = documents(searcher.search(Principal.ADMIN, request).hits());
          RetrievalMetrics m = RetrievalMetrics.ofQuery(ranked, q.getValue());
          for (String key : List.of(Report.ALL, language)) {
            per.computeIfAbsent(key, k -> new EnumMap<>(SearchMode.class)).computeIfAbsent(mode, k -> new ArrayList<>()).add(m);
          }
        }
        if (++done % 50 == 0) {
          progress.accept("queried " + done + "/" + data.qrels().size());
        }
      }
      Map<String, Map<SearchMode, RetrievalMetrics>> out = new TreeMap<>();
      per.forEach((language, modes) -> {
        Map<SearchMode, RetrievalMetrics> means = new EnumMap<>(SearchMode.class);
        modes.forEach((mode, list) -> means.put(mode, RetrievalMetrics.mean(list)));
        out.put(language, means);
      });
      return new Report(out, fusion, ingest);
    }
  }

  /** Document ids in rank order, each at the rank of its best chunk. */
  static List<String> documents(List<SearchHit> hits) {
    LinkedHashSet<String> ids = new LinkedHashSet<>();
    for (SearchHit hit : hits) {
      if (ids.size() == DEPTH) {
        break;
      }
      ids.add(documentId(hit.citation().path()));
    }
    return List.copyOf(ids);
  }

  /** Files are named by the document id, hex-escaped where a character is not safe in a file name. */
  static String fileName(String id) {
    StringBuilder sb = new StringBuilder();
    for (char c : id.toCharArray()) {
      if (Character.isLetterOrDigit(c) && c < 128 || c == '-' || c == '_') {
        sb.append(c);
      } else {
        sb.append(String.format(Locale.ROOT, "~%04x", (int) c));
      }
    }
    return sb + ".md";
  }

  static String documentId(String path) {
    String name = path.substring(path.lastIndexOf('/') + 1);
    name = name.substring(0, name.length() - ".md".length());
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '~') {
        sb.append((char) Integer.parseInt(name.substring(i + 1, i + 5), 16));
        i += 4;
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  private static void writeDocuments(BeirDataset data, Path docs, Consumer<String> progress) {
    try {
      Files.createDirectories(docs);
      int written = 0;
      for (BeirDataset.Document d : data.corpus().values()) {
        Path file = docs.resolve(fileName(d.id()));
        String title = d.title() == null ? "" : d.title().strip().replaceAll("\\s+", " ");
        String content = (title.isEmpty() ? "" : "# " + title + "\n\n") + d.text() + "\n";
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        if (!Files.exists(file) || !java.util.Arrays.equals(Files.readAllBytes(file), bytes)) {
          Files.write(file, bytes);
          written++;
        }
      }
      if (written > 0) {
        progress.accept("wrote " + written + " documents as Markdown files to " + docs);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the corpus to " + docs, e);
    }
  }
}
