package dev.opsmind.server.cli;

import dev.opsmind.server.OpsmindServer;
import dev.opsmind.server.config.ServerConfig;
import dev.opsmind.server.config.ServerConfigLoader;
import dev.opsmind.server.eval.AnswerEvaluation;
import dev.opsmind.server.eval.EvalQuestion;
import dev.opsmind.server.eval.QuestionSet;
import dev.opsmind.server.grounded.FeedbackStore;
import dev.opsmind.server.models.GroundedModels;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code opsmind eval-answers}: runs a question set through the grounded chat endpoint (a running
 * server, or one started in-process over a subset of the runbooks) and prints recall@k, citation
 * precision and keyword recall by language, kind and split; optionally with vs without feedback.
 */
@Command(name = "eval-answers", mixinStandardHelpOptions = true,
    description = "Score grounded answers on a question set: retrieval recall@k, citation precision, keyword recall.")
public final class EvalAnswersCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--questions", required = true, paramLabel = "FILE",
      description = "JSONL: {id, language, kind, split, messages or question, expected_sources, expected_keywords}.")
  Path questions;

  @Option(names = "--server", paramLabel = "URL", description = "A running opsmind server (default: start one in-process).")
  String server;

  @Option(names = "--api-key", paramLabel = "KEY", description = "API key for --server.")
  String apiKey;

  @Option(names = "--model", paramLabel = "NAME", defaultValue = GroundedModels.EXTRACTIVE,
      description = "Model to ask (default: ${DEFAULT-VALUE}; a generator alias such as qwen+opsmind with --server).")
  String model;

  @Option(names = "--collection", paramLabel = "C", description = "Collection to search (in-process default: runbooks).")
  String collection;

  @Option(names = "--k", paramLabel = "K", defaultValue = "5", description = "Sources retrieved and scored (default: 5).")
  int k;

  @Option(names = "--runbooks", paramLabel = "DIR",
      description = "In-process: the runbooks folder expected_sources are relative to (default: <shared>/data/runbooks).")
  Path runbooks;

  @Option(names = "--distractors", paramLabel = "N",
      description = "In-process: index only the expected sources plus N other Markdown files (seeded): a quick,"
          + " easier setting. Default: every file of --runbooks, the setting users live in.")
  Integer distractors;

  @picocli.CommandLine.Mixin EmbedderOptions embedderOptions;

  @Option(names = "--work", paramLabel = "DIR",
      description = "In-process: keep the corpus copy and index here and reuse them (default: a temporary folder).")
  Path work;

  @Option(names = "--details", paramLabel = "FILE",
      description = "Also write one JSON line per question: id, language, kind, split, recall, mode, expected sources"
          + " and the reply's opsmind object (sources with their cosines, relevance, citations).")
  Path details;

  @Option(names = "--split", paramLabel = "S", description = "Only questions of this split (tune, test).")
  String split;

  @Option(names = "--feedback-from", paramLabel = "S",
      description = "Also measure with feedback: score --split, rate the answers of split S "
          + "(+1 when an expected source was cited, else -1 naming the first expected source), score --split again. "
          + "With --server the ratings stay stored on that server.")
  String feedbackFrom;

  @Override
  public Integer call() throws IOException {
    if (k < 1 || k > 20) {
      throw new IllegalArgumentException("--k must be between 1 and 20, got " + k);
    }
    List<EvalQuestion> all = QuestionSet.lenient(questions);
    List<EvalQuestion> scored = split == null ? all
        : all.stream().filter(q -> q.split().equals(split)).toList();
    if (scored.isEmpty()) {
      throw new IllegalArgumentException("no questions" + (split == null ? "" : " of split '" + split + "'") + " in " + questions);
    }
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter out = spec.commandLine().getOut();
    if (server != null) {
      evaluate(new AnswerEvaluation(server, apiKey, model, collection, k), all, scored, out, err);
      return 0;
    }
    String name = collection == null ? "runbooks" : collection;
    Path dir = work != null ? work : Files.createTempDirectory("opsmind-eval-answers-");
    Path root = runbooks != null ? runbooks : sharedRunbooks();
    if (!Files.isDirectory(root)) {
      throw new IllegalArgumentException("runbooks folder " + root + " does not exist (give --runbooks DIR)");
    }
    Path corpus = dir.resolve("corpus");
    boolean allFiles = distractors == null;
    int files = allFiles ? -1 : copySubset(root, all, corpus);
    Path index = dir.resolve("data").resolve("index");
    Files.deleteIfExists(index.resolveSibling("feedback").resolve(FeedbackStore.FILE)); // every run starts unrated
    // Loopback only: the evaluation server runs without API keys. Of the environment only the
    // grounded settings apply (a generator under evaluation may need a longer timeout; a relevance
    // threshold or citation cut-off can be tried without a config file).
    var env = new java.util.HashMap<String, String>(Map.of("OPSMIND_HOST", "127.0.0.1"));
    System.getenv().forEach((variable, value) -> {
      if (variable.startsWith("OPSMIND_GROUNDED_")) {
        env.put(variable, value);
      }
    });
    var embedders = embedderOptions.entries(index);
    String embedder = String.join(",", embedders.stream().map(ServerConfig.EmbedderEntry::name).toList());
    ServerConfig config = ServerConfigLoader.load(null, env).withPort(0).withEmbedders(embedders).withIndex(index)
        .withSources(List.of(new ServerConfig.Source(name, allFiles ? root : corpus, List.of("*"))));
    err.printf(Locale.ROOT, "indexing %s into %s with %s (first run embeds every chunk: minutes)%n",
        allFiles ? "every file of " + root : files + " files (expected sources + " + distractors + " distractors)",
        index, embedder);
    err.flush();
    try (OpsmindServer local = OpsmindServer.start(config)) {
      awaitSynced(local, err);
      out.printf(Locale.ROOT, "in-process server · corpus: %s · embedder %s%n", allFiles ? "all of " + root
          : files + " files of " + root + " (every expected source + " + distractors + " seeded distractors)", embedder);
      evaluate(new AnswerEvaluation("http://127.0.0.1:" + local.port(), null, model, name, k), all, scored, out, err);
    } finally {
      if (work == null) {
        deleteTree(dir);
      }
    }
    return 0;
  }

  private void evaluate(AnswerEvaluation eval, List<EvalQuestion> all,
      List<EvalQuestion> scored, PrintWriter out, PrintWriter err) {
    List<AnswerEvaluation.Score> before = run(eval, scored, err);
    if (details != null) {
      try {
        Files.write(details, before.stream().map(AnswerEvaluation.Score::detailsLine).toList());
      } catch (IOException e) {
        throw new java.io.UncheckedIOException("cannot write " + details, e);
      }
    }
    out.printf(Locale.ROOT, "model %s · k=%d · %d questions%s%n%n", model, k, scored.size(),
        split == null ? "" : " (split " + split + ")");
    out.print(eval.table(before));
    if (feedbackFrom != null) {
      List<EvalQuestion> raters = all.stream().filter(q -> q.split().equals(feedbackFrom)).toList();
      err.printf(Locale.ROOT, "rating the answers of %d '%s' questions%n", raters.size(), feedbackFrom);
      err.flush();
      for (AnswerEvaluation.Score s : run(eval, raters, err)) {
        eval.feedback(s);
      }
      List<AnswerEvaluation.Score> after = run(eval, scored, err);
      out.printf(Locale.ROOT, "%nwith feedback from the %d '%s' questions:%n%n", raters.size(), feedbackFrom);
      out.print(eval.table(after));
    }
    out.flush();
  }

  private static List<AnswerEvaluation.Score> run(AnswerEvaluation eval, List<EvalQuestion> questions,
      PrintWriter err) {
    var scores = new ArrayList<AnswerEvaluation.Score>();
    for (EvalQuestion q : questions) {
      scores.add(eval.ask(q));
      if (scores.size() % 10 == 0) {
        err.printf(Locale.ROOT, "  %d/%d questions%n", scores.size(), questions.size());
        err.flush();
      }
    }
    return scores;
  }

  /** Copies every expected source and {@code distractors} other Markdown files (seed 42); returns the count. */
  private int copySubset(Path root, List<EvalQuestion> all, Path corpus) throws IOException {
    Set<String> chosen = new LinkedHashSet<>();
    for (EvalQuestion q : all) {
      for (String p : q.expectedSources()) {
        if (Files.isRegularFile(root.resolve(p))) {
          chosen.add(p);
        }
      }
    }
    List<String> others = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(root)) {
      walk.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(".md"))
          .map(p -> root.relativize(p).toString().replace('\\', '/'))
          .filter(p -> !chosen.contains(p)).sorted().forEach(others::add);
    }
    Collections.shuffle(others, new Random(42));
    chosen.addAll(others.subList(0, Math.min(distractors, others.size())));
    for (String p : chosen) {
      Path target = corpus.resolve(p);
      Files.createDirectories(target.getParent());
      if (!Files.exists(target)) {
        Files.copy(root.resolve(p), target, StandardCopyOption.COPY_ATTRIBUTES);
      }
    }
    return chosen.size();
  }

  private static Path sharedRunbooks() {
    String env = System.getenv("OPSMIND_SHARED_DIR");
    Path shared = env != null && !env.isBlank() ? Path.of(env)
        : Path.of(System.getProperty("opsmind.home", ".")).resolve("..").resolve("shared");
    return shared.resolve("data").resolve("runbooks");
  }

  private static void awaitSynced(OpsmindServer server, PrintWriter err) {
    long start = System.nanoTime();
    long lastReport = start;
    while (!server.sourcesSynced()) {
      if (System.nanoTime() - lastReport > 30_000_000_000L) {
        lastReport = System.nanoTime();
        err.printf(Locale.ROOT, "  still indexing (%d s)%n", (lastReport - start) / 1_000_000_000L);
        err.flush();
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while indexing", e);
      }
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
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
