package dev.opsmind.retrieval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A writer process is killed with SIGKILL in the middle of replacing sources; the index it leaves
 * must open, and every source must be wholly of one generation: its chunks exactly the ones its
 * manifest lists, all with the manifest's content hash.
 */
class KillDuringWritesTest {
  @TempDir Path dir;

  @Test
  void afterKillMinus9EverySourceIsWhollyOldOrWhollyNew() throws Exception {
    for (int round = 0; round < 3; round++) {
      killWriterAfterCommits(5 + round * 7);
      checkConsistent();
    }
  }

  private void killWriterAfterCommits(int commits) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    Process child = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
        CrashWriter.class.getName(), dir.toString()).redirectErrorStream(true).start();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      int seen = 0;
      String line;
      List<String> other = new ArrayList<>();
      while (seen < commits && (line = out.readLine()) != null) {
        if (line.startsWith("commit ")) {
          seen++;
        } else {
          other.add(line);
        }
      }
      assertEquals(commits, seen, "writer died early: " + other);
      child.destroyForcibly(); // SIGKILL: no shutdown hooks, no close
      child.waitFor();
    }
  }

  private void checkConsistent() {
    try (KnowledgeIndex index = KnowledgeIndex.open(dir, TestChunks.DIM, "crash-test")) {
      Map<String, SourceManifest> manifests = index.manifests("ops");
      assertFalse(manifests.isEmpty());
      long chunks = 0;
      for (SourceManifest m : manifests.values()) {
        List<Chunk> stored = chunksOf(index, m.sourcePath());
        assertEquals(m.chunkIds().stream().sorted().toList(), stored.stream().map(Chunk::id).sorted().toList(),
            m.sourcePath() + ": chunks differ from the manifest");
        assertTrue(stored.stream().allMatch(c -> c.contentHash().equals(m.contentHash())),
            m.sourcePath() + " mixes generations");
        chunks += stored.size();
      }
      assertEquals(chunks, index.chunkCount("ops"), "no chunk without a manifest");
    }
  }

  private static List<Chunk> chunksOf(KnowledgeIndex index, String path) {
    return index.withSearcher(searcher -> {
      BooleanQuery q = new BooleanQuery.Builder()
          .add(new TermQuery(new Term(IndexLayout.DOC_TYPE, IndexLayout.TYPE_CHUNK)), BooleanClause.Occur.FILTER)
          .add(new TermQuery(IndexLayout.sourceTerm("ops", path)), BooleanClause.Occur.FILTER)
          .build();
      List<Chunk> out = new ArrayList<>();
      for (ScoreDoc sd : searcher.search(q, 100).scoreDocs) {
        Document doc = searcher.storedFields().document(sd.doc);
        out.add(IndexLayout.chunkOf(doc));
      }
      return out;
    });
  }
}
