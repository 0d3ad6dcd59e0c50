package dev.opsmind.retrieval;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Child process of {@link KillDuringWritesTest}: rewrites five sources generation after
 * generation (a different number of chunks each time), committing after every second source, and
 * prints each commit, until it is killed.
 */
public final class CrashWriter {
  static final int SOURCES = 5;

  public static void main(String[] args) {
    Path dir = Path.of(args[0]);
    try (KnowledgeIndex index = KnowledgeIndex.open(dir, TestChunks.DIM, "crash-test")) {
      int replaced = 0;
      for (int generation = 1; ; generation++) {
        for (int s = 0; s < SOURCES; s++) {
          String path = "src-" + s + ".md";
          String hash = "gen-" + generation;
          List<Chunk> chunks = new ArrayList<>();
          for (int c = 0; c < 1 + (generation + s) % 4; c++) {
            chunks.add(new Chunk(path + "#" + generation + "-" + c, "ops", path, "markdown", c + 1, c + 1, List.of(),
                "en", hash, 0L, List.of(), "generation " + generation + " chunk " + c,
                java.util.Map.of("crash-test", TestChunks.unit(generation * 31L + c))));
          }
          index.replaceSource("ops", path, SourceManifest.of(path, "markdown", hash, 0L, chunks, index.spaceNames()), chunks);
          if (++replaced % 2 == 0) {
            index.commit();
            System.out.println("commit " + replaced);
            System.out.flush();
          }
        }
      }
    }
  }
}
