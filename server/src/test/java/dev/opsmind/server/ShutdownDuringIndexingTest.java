package dev.opsmind.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.opsmind.retrieval.KnowledgeIndex;
import dev.opsmind.server.config.ServerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Closing the server while it is still indexing its sources at start-up: the indexing stops after
 * its current embedding batch and commits what it did before the embedder and the index close
 * (it used to keep embedding with a closed embedder and fail); the next start indexes the rest.
 */
class ShutdownDuringIndexingTest {
  @TempDir Path tmp;

  @Test
  void closeStopsTheStartUpIndexingCleanlyAndTheNextStartFinishesIt() throws IOException {
    // Forty distinct files: seconds of embedding, so close() meets the sync in progress.
    Path sources = Files.createDirectories(tmp.resolve("runbooks"));
    List<Path> samples;
    try (Stream<Path> files = Files.list(TestRoots.sampleRunbooks())) {
      samples = files.filter(f -> f.toString().endsWith(".md")).sorted().toList();
    }
    int total = 40;
    for (int i = 0; i < total; i++) {
      Path sample = samples.get(i % samples.size());
      Files.writeString(sources.resolve(i + "-" + sample.getFileName()),
          "# Copy " + i + "\n\nHost group " + i + ".\n\n" + Files.readString(sample));
    }
    Path indexDir = tmp.resolve("index");
    ServerConfig config = ServerConfig.defaults().withPort(0).withEmbedder("bge-small-zh-v1.5-q")
        .withIndex(indexDir).withModels(List.of())
        .withSources(List.of(new ServerConfig.Source("runbooks", sources, List.of("*"))));

    OpsmindServer first = OpsmindServer.start(config);
    first.close(); // returns once the sync has stopped; the embedder closes after it
    assertTrue(first.sourcesSynced(), "close() waited for the start-up indexing to end");
    assertNull(first.sourcesError(), "the start-up indexing ended without an error");

    try (OpsmindServer second = OpsmindServer.start(config)) {
      while (!second.sourcesSynced()) {
        sleep(50);
      }
      assertNull(second.sourcesError());
    }
    try (KnowledgeIndex index = KnowledgeIndex.openReadOnly(indexDir)) {
      assertEquals(total, index.manifests("runbooks").size(), "every source indexed once the second start finished");
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
