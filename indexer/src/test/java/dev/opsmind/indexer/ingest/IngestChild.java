package dev.opsmind.indexer.ingest;

import dev.opsmind.indexer.chunk.ChunkingOptions;
import dev.opsmind.inference.embed.Embedder;
import dev.opsmind.retrieval.KnowledgeIndex;
import java.nio.file.Path;

/**
 * The child JVM of {@link KillRecoveryTest}: runs one directory sync and prints a line per event
 * on stdout (READY, DONE kind path, COMMIT n, FINISHED summary) so the parent can kill it at a
 * chosen point.
 */
public final class IngestChild {
  private IngestChild() {}

  /** Arguments: source directory, index directory, collection, commit every N files. */
  public static void main(String[] args) {
    Path root = Path.of(args[0]);
    Path indexDir = Path.of(args[1]);
    String collection = args[2];
    int commitEvery = Integer.parseInt(args[3]);
    try (Embedder embedder = Embedder.load(KillRecoveryTest.EMBEDDER);
        KnowledgeIndex index = KnowledgeIndex.open(indexDir, embedder.dimension(), embedder.name())) {
      IngestOptions options = new IngestOptions(ChunkingOptions.DEFAULT, commitEvery, Long.MAX_VALUE, 8);
      System.out.println("READY");
      System.out.flush();
      IngestReport report = new IngestRun(index, embedder, options).syncDirectory(root, collection, new IngestListener() {
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
