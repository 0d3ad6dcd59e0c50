package dev.opsmind.indexer.ingest;

import dev.opsmind.indexer.chunk.ChunkingOptions;
import dev.opsmind.indexer.embed.EmbedderSet;
import dev.opsmind.inference.embed.Embedder;
import java.util.ArrayList;
import java.util.List;
import dev.opsmind.retrieval.KnowledgeIndex;
import java.nio.file.Path;

/**
 * The child JVM of {@link KillRecoveryTest}: runs one directory sync and prints a line per event
 * on stdout (READY, DONE kind path, COMMIT n, FINISHED summary) so the parent can kill it at a
 * chosen point.
 */
public final class IngestChild {
  private IngestChild() {}

  /**
   * Arguments: source directory, index directory, collection, commit every N files, and
   * optionally the embedders as "name[:lang+lang],..." (default: the test's one embedder).
   */
  public static void main(String[] args) {
    Path root = Path.of(args[0]);
    Path indexDir = Path.of(args[1]);
    String collection = args[2];
    int commitEvery = Integer.parseInt(args[3]);
    List<EmbedderSet.Member> members = new ArrayList<>();
    for (String item : (args.length > 4 ? args[4] : KillRecoveryTest.EMBEDDER).split(",")) {
      String[] parts = item.split(":");
      members.add(new EmbedderSet.Member(Embedder.load(parts[0]), parts.length > 1 ? List.of(parts[1].split("\\+")) : null));
    }
    EmbedderSet embedders = new EmbedderSet(members);
    try (KnowledgeIndex index = KnowledgeIndex.open(indexDir, embedders.spaces())) {
      IngestOptions options = new IngestOptions(ChunkingOptions.DEFAULT, commitEvery, Long.MAX_VALUE, 8);
      System.out.println("READY");
      System.out.flush();
      IngestReport report = new IngestRun(index, embedders, options).syncDirectory(root, collection, new IngestListener() {
        @Override
        public void fileDone(FileOutcome outcome) {
          System.out.println("DONE " + outcome.kind() + " " + outcome.sourcePath());
          System.out.flush();
        }

        @Override
        public void committed(int sources) {
          System.out.println("COMMIT " + sources);
          System.out.flush();
        }
      });
      System.out.println("FINISHED " + report.summaryLine());
      System.out.flush();
    }
  }
}
