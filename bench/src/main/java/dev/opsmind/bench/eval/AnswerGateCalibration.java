package dev.opsmind.bench.eval;

import dev.opsmind.server.eval.EvalQuestion;
import dev.opsmind.indexer.ingest.IngestOptions;
import dev.opsmind.indexer.ingest.IngestReport;
import dev.opsmind.indexer.ingest.IngestRun;
import dev.opsmind.indexer.progress.ProgressPrinter;
import dev.opsmind.inference.embed.Embedder;
import dev.opsmind.retrieval.KnowledgeIndex;
import dev.opsmind.retrieval.Principal;
import dev.opsmind.retrieval.search.Fusion;
import dev.opsmind.retrieval.search.HybridSearcher;
import dev.opsmind.retrieval.search.SearchFilter;
import dev.opsmind.server.answer.ExtractiveAnswer;
import dev.opsmind.server.answer.GroundedAnswer;
import dev.opsmind.server.answer.KnowledgeRetriever;
import dev.opsmind.server.answer.RelevanceGate;
import dev.opsmind.server.answer.RetrievalQuery;
import dev.opsmind.server.answer.SourcePassage;
import dev.opsmind.inference.tokenizer.ChatMessage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * Calibrates the {@link RelevanceGate} of the extractive answer on real data: indexes the runbook
 * corpus (incrementally, so a second run only searches), retrieves the top passages for every
 * question of the runbook evaluation set (covered: positives) and of
 * {@code eval/uncovered-questions.txt} (negatives), and prints the distribution of the top vector
 * hit's cosine and of the best term coverage for both, with the threshold that maximises balanced
 * accuracy; then answers every question extractively with the default gate and reports how
 * often it answers, cites an expected source and contains the expected keywords.
 *
 * <p>Usage: {@code AnswerGateCalibration RUNBOOKS_DIR INDEX_DIR [TOP_K]} (progress on stderr,
 * results on stdout).
 */
public final class AnswerGateCalibration {
  /** Step sections of the top hit's runbook added after it (as the chat endpoint should). */
  static final int STEP_CHUNKS = 2;

  record Measured(String id, String language, String kind, boolean covered, double cosine, double coverage, boolean hit,
      boolean answered, boolean citedExpected, double keywordRecall) {}

  public static void main(String[] args) throws IOException {
    if (args.length < 2) {
      System.err.println("usage: AnswerGateCalibration RUNBOOKS_DIR INDEX_DIR [TOP_K]");
      System.exit(2);
    }
    Path runbooks = Path.of(args[0]);
    Path indexDir = Path.of(args[1]);
    int topK = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    try (Embedder embedder = Embedder.load();
        KnowledgeIndex index = KnowledgeIndex.open(indexDir, embedder.dimension(), embedder.name())) {
      long t0 = System.nanoTime();
      IngestReport report = new IngestRun(index, embedder, IngestOptions.DEFAULT)
          .syncDirectory(runbooks, "runbooks", new ProgressPrinter(System.err, ProgressPrinter.Mode.PLAIN));
      System.err.printf("indexed in %.1f s: %s%n", (System.nanoTime() - t0) / 1e9, report);
      var encoder = dev.opsmind.indexer.embed.EmbedderSet.of(embedder).queryEncoder();
      var retriever = new KnowledgeRetriever(new HybridSearcher(index, encoder), encoder, Fusion.DEFAULT);
      List<Measured> rows = new ArrayList<>();
      for (EvalQuestion q : EvalQuestions.runbookQuestions()) {
        List<ChatMessage> turns = q.messages();
        rows.add(measure(retriever, q.id(), q.language(), q.kind(), true, turns, q.expectedSources(), q.expectedKeywords(), topK));
      }
      int n = 0;
      for (String line : uncovered()) {
        String language = line.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN)
            ? "zh" : "en";
        rows.add(measure(retriever, "uncovered-" + (++n), language, "uncovered", false, List.of(ChatMessage.user(line)), List.of(), List.of(),
            topK));
      }
      print(rows, topK);
    }
  }

  static Measured measure(KnowledgeRetriever retriever, String id, String language, String kind, boolean covered,
      List<ChatMessage> turns, List<String> expected, List<String> keywords, int topK) {
    RetrievalQuery query = RetrievalQuery.of(turns);
    List<SourcePassage> passages = retriever.retrieve(Principal.ADMIN, query, SearchFilter.NONE, topK, STEP_CHUNKS);
    RelevanceGate.Assessment a = RelevanceGate.DEFAULT.assess(query.text(), passages);
    boolean hit = passages.stream().anyMatch(p -> expected.contains(p.path()));
    GroundedAnswer answer = ExtractiveAnswer.DEFAULT.answer(query, passages);
    boolean answered = answer.mode() == GroundedAnswer.Mode.EXTRACTIVE;
    boolean cited = answer.citations().stream().anyMatch(c -> expected.contains(c.path()));
    String text = answer.text().toLowerCase(Locale.ROOT);
    double recall = keywords.isEmpty() ? 0
        : keywords.stream().filter(k -> text.contains(k.toLowerCase(Locale.ROOT))).count() / (double) keywords.size();
    return new Measured(id, language, kind, covered, a.vectorSimilarity(), a.termCoverage(), hit, answered, cited, recall);
  }

  static List<String> uncovered() throws IOException {
    try (var in = AnswerGateCalibration.class.getResourceAsStream("/eval/uncovered-questions.txt")) {
      if (in == null) {
        throw new IllegalStateException("classpath resource /eval/uncovered-questions.txt is missing");
      }
      var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      return reader.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }
  }

  static void print(List<Measured> rows, int topK) {
    long covered = rows.stream().filter(Measured::covered).count();
    long hits = rows.stream().filter(r -> r.covered() && r.hit()).count();
    System.out.printf(Locale.ROOT, "questions: %d covered (expected source in top %d: %d), %d uncovered%n",
        covered, topK, hits, rows.size() - covered);
    for (String language : List.of("all", "en", "zh")) {
      List<Measured> subset = rows.stream().filter(r -> language.equals("all") || r.language().equals(language)).toList();
      report("top vector cosine", language, subset, Measured::cosine);
      report("term coverage", language, subset, Measured::coverage);
    }
    System.out.println();
    System.out.println("extractive answers with the default gate (covered: answered / expected source cited / keyword recall;"
        + " uncovered: answered)");
    for (String group : List.of("all", "en", "zh", "direct", "symptom", "followup", "uncovered")) {
      List<Measured> g = rows.stream().filter(r -> group.equals("all") ? r.covered()
          : group.equals(r.language()) ? r.covered() : group.equals(r.kind())).toList();
      System.out.printf(Locale.ROOT, "%-10s n=%-3d answered %5.1f%%  cited expected %5.1f%%  keyword recall %5.1f%%%n", group,
          g.size(), pct(g, Measured::answered), pct(g, Measured::citedExpected),
          100 * g.stream().mapToDouble(Measured::keywordRecall).average().orElse(0));
    }
    System.out.println();
    System.out.println("id\tlanguage\tkind\tcovered\thit\tcosine\tcoverage\tanswered\tcited\tkeyword_recall");
    for (Measured r : rows) {
      System.out.printf(Locale.ROOT, "%s\t%s\t%s\t%s\t%s\t%.3f\t%.3f\t%s\t%s\t%.2f%n", r.id(), r.language(), r.kind(),
          r.covered(), r.hit(), r.cosine(), r.coverage(), r.answered(), r.citedExpected(), r.keywordRecall());
    }
  }

  static void report(String signal, String language, List<Measured> rows, ToDoubleFunction<Measured> f) {
    double[] pos = rows.stream().filter(Measured::covered).mapToDouble(f).sorted().toArray();
    double[] neg = rows.stream().filter(r -> !r.covered()).mapToDouble(f).sorted().toArray();
    double best = Double.NaN;
    double bestBalanced = -1;
    double bestTpr = 0;
    double bestTnr = 0;
    for (double t : concat(pos, neg)) {
      double tpr = Arrays.stream(pos).filter(v -> v >= t).count() / (double) pos.length;
      double tnr = Arrays.stream(neg).filter(v -> v < t).count() / (double) neg.length;
      if ((tpr + tnr) / 2 > bestBalanced) {
        bestBalanced = (tpr + tnr) / 2;
        best = t;
        bestTpr = tpr;
        bestTnr = tnr;
      }
    }
    System.out.printf(Locale.ROOT,
        "%-18s %-3s covered %s | uncovered %s | best threshold %.3f: covered kept %.0f%%, uncovered rejected %.0f%%%n",
        signal, language, summary(pos), summary(neg), best, 100 * bestTpr, 100 * bestTnr);
  }

  private static double pct(List<Measured> rows, java.util.function.Predicate<Measured> p) {
    return rows.isEmpty() ? 0 : 100.0 * rows.stream().filter(p).count() / rows.size();
  }

  private static double[] concat(double[] a, double[] b) {
    double[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static String summary(double[] sorted) {
    if (sorted.length == 0) {
      return "(none)";
    }
    return String.format(Locale.ROOT, "n=%d min %.3f p10 %.3f median %.3f p90 %.3f max %.3f", sorted.length, sorted[0],
        q(sorted, 0.1), q(sorted, 0.5), q(sorted, 0.9), sorted[sorted.length - 1]);
  }

  private static double q(double[] sorted, double p) {
    return sorted[(int) Math.min(sorted.length - 1, Math.floor(p * (sorted.length - 1) + 0.5))];
  }

  private AnswerGateCalibration() {}
}
