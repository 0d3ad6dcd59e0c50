package dev.opsmind.retrieval;

import static dev.opsmind.retrieval.TestChunks.DIM;
import static dev.opsmind.retrieval.TestChunks.chunk;
import static dev.opsmind.retrieval.TestChunks.manifest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KnowledgeIndexTest {
  @TempDir Path dir;

  @Test
  void replaceSourceSwapsChunksAndManifestAtCommit() {
    try (KnowledgeIndex index = KnowledgeIndex.open(dir, DIM, "test-model")) {
      List<Chunk> v1 = List.of(chunk("ops", "a.md", 0, "restart nginx"), chunk("ops", "a.md", 1, "check logs"));
      index.replaceSource("ops", "a.md", manifest("a.md", "h1", v1), v1);
      assertEquals(0, index.chunkCount("ops"), "invisible before commit");
      index.commit();
      assertEquals(2, index.chunkCount("ops"));
      assertEquals("h1", index.manifest("ops", "a.md").orElseThrow().contentHash());

      List<Chunk> v2 = List.of(chunk("ops", "a.md", 0, "reload nginx gracefully"));
      index.replaceSource("ops", "a.md", manifest("a.md", "h2", v2), v2);
      index.commit();
      assertEquals(1, index.chunkCount("ops"));
      SourceManifest m = index.manifests("ops").get("a.md");
      assertEquals("h2", m.contentHash());
      assertEquals(List.of("ops:a.md#0"), m.chunkIds());
      assertEquals(1, index.manifests("ops").size());
    }
  }

  @Test
  void uncommittedWritesAreLostLikeAfterACrashAndCommittedOnesSurvive() {
    List<Chunk> v1 = List.of(chunk("ops", "a.md", 0, "restart nginx"));
    try (KnowledgeIndex index = KnowledgeIndex.open(dir, DIM, "test-model")) {
      index.replaceSource("ops", "a.md", manifest("a.md", "h1", v1), v1);
      index.commit();
      List<Chunk> v2 = List.of(chunk("ops", "a.md", 0, "new"), chunk("ops", "a.md", 1, "newer"));
      index.replaceSource("ops", "a.md", manifest("a.md", "h2", v2), v2);
      index.replaceSource("ops", "b.md", manifest("b.md", "hb", List.of()), List.of());
    } // closed without commit: the pending replacement is dropped
    try (KnowledgeIndex index = KnowledgeIndex.open(dir, DIM)) {
      assertEquals("test-model", index.vectorModel());
      assertEquals(1, index.chunkCount("ops"));
      assertEquals("h1", index.manifest("ops", "a.md").orElseThrow().contentHash());
      assertFalse(index.manifest("ops", "b.md").isPresent());
    }
  }

  @Test
  void deleteSourceRemovesChunksAndManifest() {
    try (KnowledgeIndex index = KnowledgeIndex.open(dir, DIM)) {
      List<Chunk> a = List.of(chunk("ops", "a.md", 0, "alpha"));
      List<Chunk> b = List.of(chunk("ops", "b.md", 0, "beta"));
      index.replaceSource("ops", "a.md", manifest("a.md", "ha", a), a);
      index.replaceSource("ops", "b.md", manifest("b.md", "hb", b), b);
      index.commit();
      index.deleteSource("ops", "a.md");
      index.commit();
      assertEquals(1, index.chunkCount("ops"));
      assertEquals(List.of("b.md"), List.copyOf(index.manifests("ops").keySet()));
    }
  }

  @Test
  void collectionsPersistWithTheirReaders() {
    try (KnowledgeIndex index = KnowledgeIndex.open(dir, DIM)) {
      index.putCollection(new KnowledgeCollection("team-a", List.of("alice", "bob"), "Team A runbooks"));
      List<Chunk> a = List.of(chunk("auto", "a.md", 0, "alpha"));
      index.replaceSource("auto", "a.md", manifest("a.md", "ha", a), a);
      index.commit();
    }
    try (KnowledgeIndex index = KnowledgeIndex.open(dir, DIM)) {
      assertEquals(List.of("auto", "team-a"), index.collections().stream().map(KnowledgeCollection::name).toList());
      KnowledgeCollection teamA = index.collection("team-a").orElseThrow();
      assertEquals(List.of("alice", "bob"), teamA.readers());
      assertTrue(teamA.readableBy(Principal.of("alice")));
      assertFalse(teamA.readableBy(Principal.of("carol")));
      assertTrue(teamA.readableBy(Principal.ADMIN));
      assertTrue(index.collection("auto").orElseThrow().readers().isEmpty(), "auto-created: admins only");
      index.deleteCollection("auto");
      index.commit();
      assertEquals(0, index.chunkCount("auto"));
      assertTrue(index.manifests("auto").isEmpty());
    }
  }

  @Test
  void readOnlyOpenWorksBesideTheWriterAndSeesNewCommitsAfterRefresh() {
    try (KnowledgeIndex writer = KnowledgeIndex.open(dir, DIM, "test-model")) {
      List<Chunk> a = List.of(chunk("ops", "a.md", 0, "alpha"));
      writer.replaceSource("ops", "a.md", manifest("a.md", "ha", a), a);
      writer.commit();
      try (KnowledgeIndex reader = KnowledgeIndex.openReadOnly(dir)) {
        assertEquals("test-model", reader.vectorModel());
        assertEquals(1, reader.chunkCount("ops"));
        List<Chunk> b = List.of(chunk("ops", "b.md", 0, "beta"));
        writer.replaceSource("ops", "b.md", manifest("b.md", "hb", b), b);
        writer.putCollection(new KnowledgeCollection("new", List.of(), ""));
        writer.commit();
        assertEquals(1, reader.chunkCount("ops"), "a reader keeps its snapshot until refresh");
        reader.refresh();
        assertEquals(2, reader.chunkCount("ops"));
        assertTrue(reader.collection("new").isPresent());
        assertThrows(IllegalStateException.class, () -> reader.deleteSource("ops", "a.md"));
        assertThrows(IllegalStateException.class, reader::commit);
      }
    }
    assertThrows(IllegalArgumentException.class, () -> KnowledgeIndex.openReadOnly(dir.resolve("none")));
  }

  @Test
  void badInputIsRefusedWithAPlainMessage() {
    try (KnowledgeIndex index = KnowledgeIndex.open(dir, DIM)) {
      Chunk wrongDim = chunk("ops", "a.md", 0, "x", List.of(), 0, new float[] {1f, 0f});
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> index.replaceSource("ops", "a.md", manifest("a.md", "h", List.of(wrongDim)), List.of(wrongDim)));
      assertTrue(e.getMessage().contains("2 dimensions"), e.getMessage());
      float[] notUnit = new float[DIM];
      notUnit[0] = 3f;
      Chunk unnormalised = chunk("ops", "a.md", 0, "x", List.of(), 0, notUnit);
      assertThrows(IllegalArgumentException.class,
          () -> index.replaceSource("ops", "a.md", manifest("a.md", "h", List.of(unnormalised)), List.of(unnormalised)));
      Chunk ok = chunk("ops", "a.md", 0, "x");
      assertThrows(IllegalArgumentException.class,
          () -> index.replaceSource("ops", "a.md", manifest("a.md", "h", List.of()), List.of(ok)));
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KnowledgeIndex.open(dir, DIM * 2));
    assertTrue(e.getMessage().contains("dimension " + DIM), e.getMessage());
  }
}
