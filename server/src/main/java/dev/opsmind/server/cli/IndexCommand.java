package dev.opsmind.server.cli;

import dev.opsmind.indexer.ingest.IngestOptions;
import dev.opsmind.indexer.ingest.IngestReport;
import dev.opsmind.indexer.ingest.IngestRun;
import dev.opsmind.indexer.progress.ProgressPrinter;
import dev.opsmind.indexer.source.SkippedFile;
import dev.opsmind.indexer.embed.EmbedderSet;
import dev.opsmind.retrieval.KnowledgeCollection;
import dev.opsmind.retrieval.KnowledgeIndex;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code opsmind index DIR --collection NAME}: brings a collection in step with a directory of
 * runbooks, docs and logs (only changed files are embedded again). Progress on stderr, the summary
 * on stdout.
 */
@Command(name = "index", mixinStandardHelpOptions = true,
    description = "Index a directory (Markdown, text, HTML, PDF, logs incl. .gz) into a collection; incremental.")
public final class IndexCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "DIR", description = "The directory tree to index.")
  Path dir;

  @Option(names = "--collection", required = true, paramLabel = "NAME",
      description = "The collection to keep in step with DIR (files gone from DIR are removed from it).")
  String collection;

  @Option(names = "--index", paramLabel = "DIR", description = "Index folder (default: <opsmind home>/data/index).")
  Path index;

  @picocli.CommandLine.Mixin EmbedderOptions embedderOptions;

  @Option(names = "--readers", split = ",", paramLabel = "P1,P2",
      description = "Principals allowed to read the collection ('*' = everyone); replaces its reader list.")
  List<String> readers;

  @Option(names = "--progress", paramLabel = "MODE", defaultValue = "auto",
      description = "auto (a bar on a terminal, plain lines otherwise), bar, plain or none (default: ${DEFAULT-VALUE}).")
  String progress;

  @Override
  public Integer call() {
    if (!Files.isDirectory(dir)) throw new IllegalArgumentException("not a directory: " + dir);
    ProgressPrinter.Mode mode = progressMode(progress);
    new KnowledgeCollection(collection, readers, ""); // validates the name and readers before any work
    Path indexDir = index != null ? index : IndexLocation.defaultDir();
    var entries = embedderOptions.entries(indexDir);
    PrintWriter out = spec.commandLine().getOut();
    EmbedderSet emb = EmbedderOptions.load(entries);
    try (KnowledgeIndex idx = openForWriting(indexDir, emb.spaces(), dir)) {
      if (readers != null) {
        String description = idx.collection(collection).map(KnowledgeCollection::description).orElse("");
        idx.putCollection(new KnowledgeCollection(collection, readers, description));
        idx.commit();
      }
      IngestRun run = new IngestRun(idx, emb, IngestOptions.DEFAULT);
      IngestReport report = run.syncDirectory(dir, collection, new ProgressPrinter(System.err, mode));
      out.printf("indexed %s into collection '%s' (index %s, embedders %s)%n", dir, collection, indexDir,
          String.join(", ", emb.names()));
      out.println(report.summaryLine());
      out.printf(Locale.ROOT, "chunks written %d (embedded %d, reused %d), %d in the collection, %.1f s%n",
          report.chunksWritten(), report.embeddingsComputed(), report.embeddingsReused(),
          idx.chunkCount(collection), report.elapsedMillis() / 1000.0);
      if (report.truncated() > 0) {
        out.printf("%d chunk(s) were longer than the embedder's window and were cut for embedding%n", report.truncated());
      }
      for (SkippedFile s : report.skipped()) out.println("skipped " + s);
      actionsReport(idx, out);
      out.println(readersLine(idx.collection(collection).map(KnowledgeCollection::readers).orElse(List.of())));
      out.flush();
    } finally {
      EmbedderOptions.close(emb);
    }
    return 0;
  }

  /**
   * The runbook actions the collection declares, and every declaration that never becomes
   * runnable with its reason (the server also refuses executables not on actions.allow).
   */
  private void actionsReport(KnowledgeIndex idx, PrintWriter out) {
    var declared = idx.notes(dev.opsmind.indexer.actions.ActionScanner.NOTE_ACTION, collection);
    var refused = idx.notes(dev.opsmind.indexer.actions.ActionScanner.NOTE_PROBLEM, collection);
    if (declared.isEmpty() && refused.isEmpty()) return;
    out.printf("runbook actions: %d declared, %d refused (executables must also be on the server's actions.allow)%n",
        declared.size(), refused.size());
    for (var note : refused) {
      try {
        var problem = dev.opsmind.indexer.actions.ActionProblem.fromJson(
            new com.fasterxml.jackson.databind.ObjectMapper().readTree(note.body()));
        out.printf("action error %s:%d-%d: %s%n", note.sourcePath(), problem.startLine(), problem.endLine(),
            problem.message());
      } catch (java.io.IOException e) {
        out.printf("action error %s: (unreadable)%n", note.sourcePath());
      }
    }
  }

  /** Who may read the collection, in words, with how to change it. */
  static String readersLine(List<String> readers) {
    if (readers.contains(KnowledgeCollection.EVERYONE)) {
      return "readable by every principal (--readers '*')";
    }
    if (readers.isEmpty()) {
      return "readable by admins only: pass --readers '*' (everyone) or --readers alice,bob to let others search it";
    }
    return "readable by admins and " + String.join(", ", readers) + " (--readers replaces the list)";
  }

  /** The index for writing, or, when a running server holds it, exactly how to hand the work over. */
  private KnowledgeIndex openForWriting(Path indexDir, List<dev.opsmind.retrieval.VectorSpace> spaces, Path source) {
    try {
      return KnowledgeIndex.open(indexDir, spaces);
    } catch (dev.opsmind.retrieval.IndexLockedException e) {
      throw new IllegalStateException("the index " + indexDir + " is held by a running opsmind server, and one index"
          + " has one writer. Hand the work to the server: either add to its config\n"
          + "  sources:\n    - {collection: " + collection + ", path: " + source.toAbsolutePath() + "}\n"
          + "and restart it (it indexes incrementally at start), or upload the files through its API:\n"
          + "  find " + source.toAbsolutePath() + " -type f \\( -name '*.md' -o -name '*.txt' -o -name '*.html' -o -name"
          + " '*.pdf' -o -name '*.log' \\) -exec curl -sf -F file=@{} http://localhost:8080/v1/collections/" + collection
          + "/documents \\;\n(or stop the server and run this command again).", e);
    }
  }

  static ProgressPrinter.Mode progressMode(String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "auto" -> stderrIsTerminal() ? ProgressPrinter.Mode.BAR : ProgressPrinter.Mode.PLAIN;
      case "bar" -> ProgressPrinter.Mode.BAR;
      case "plain" -> ProgressPrinter.Mode.PLAIN;
      case "none" -> ProgressPrinter.Mode.NONE;
      default -> throw new IllegalArgumentException("--progress '" + value + "' is unknown: use auto, bar, plain or none");
    };
  }

  /**
   * Whether the bar can be drawn: the launcher tells (it can test stderr itself); otherwise the
   * JVM's console, when it is a terminal, and a terminal that is not "dumb".
   */
  private static boolean stderrIsTerminal() {
    String told = System.getenv("OPSMIND_STDERR_TTY");
    if (told != null) return told.equals("1") || told.equalsIgnoreCase("true");
    if ("dumb".equals(System.getenv("TERM"))) return false;
    java.io.Console console = System.console();
    if (console == null) return false;
    try { // Console.isTerminal() exists from Java 22; before, a console means a terminal
      return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException e) {
      return true;
    }
  }
}
