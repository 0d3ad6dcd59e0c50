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
    try (KnowledgeIndex index = KnowledgeIndex.open(dir, DIM, "test-model")) {
      assertEquals(List.of(new VectorSpace("test-model", DIM)), index.spaces());
      assertEquals(1, index.chunkCount("ops"));
      assertEquals("h1", index.manifest("ops", "a.md").orElseThrow().contentHash());
      assertFalse(index.manifest("ops", "b.md").isPresent());
    }
  }

  @Test
  void deleteSourceRemovesChunksAndManifest() {
    try (KnowledgeIndex index = KnowledgeIndex.open(dir, DIM, "test-model")) {
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
    try (KnowledgeIndex index = KnowledgeIndex.open(dir, DIM, "test-model")) {
      index.putCollection(new KnowledgeCollection("team-a", List.of("alice", "bob"), "Team A runbooks"));
      List<Chunk> a = List.of(chunk("auto", "a.md", 0, "alpha"));
      index.replaceSource("auto", "a.md", manifest("a.md", "ha", a), a);
      index.commit();
    }
    try (KnowledgeIndex index = KnowledgeIndex.open(dir, DIM, "test-model")) {
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
        assertEquals(List.of(new VectorSpace("test-model", DIM)), reader.spaces());
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
    try (KnowledgeIndex index = KnowledgeIndex.open(dir, DIM, "test-model")) {
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
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> KnowledgeIndex.open(dir, DIM * 2, "test-model"));
    assertTrue(e.getMessage().contains("dimension " + DIM), e.getMessage());
  }

  @Test
  void eachEmbedderHasItsOwnVectorSpaceAndStoredChunksComeBackWithTheirVectors() {
    VectorSpace en = new VectorSpace("model-en", DIM);
    VectorSpace zh = new VectorSpace("model-zh", DIM * 2);
    float[] a = TestChunks.unit(1);
    float[] b = TestChunks.unit(2, DIM * 2);
    try (KnowledgeIndex index = KnowledgeIndex.open(dir, List.of(en, zh))) {
      Chunk both = new Chunk("c1", "ops", "a.md", "markdown", 1, 2, List.of("Title"), "en", "h", 0L, List.of(), "text",
          java.util.Map.of("model-en", a, "model-zh", b));
      Chunk onlyZh = new Chunk("c2", "ops", "a.md", "markdown", 3, 4, List.of("Title"), "zh", "h", 0L, List.of(), "文本",
          java.util.Map.of("model-zh", b));
      index.replaceSource("ops", "a.md", SourceManifest.of("a.md", "markdown", "h", 0L, List.of(both, onlyZh),
          index.spaceNames()), List.of(both, onlyZh));
      Chunk unknown = new Chunk("c3", "ops", "b.md", "markdown", 1, 1, List.of(), "en", "h", 0L, List.of(), "x",
          java.util.Map.of("model-xx", a));
      var e = assertThrows(IllegalArgumentException.class, () -> index.replaceSource("ops", "b.md",
          SourceManifest.of("b.md", "markdown", "h", 0L, List.of(unknown), index.spaceNames()), List.of(unknown)));
      assertTrue(e.getMessage().contains("model-xx"), e.getMessage());
      index.commit();
      List<Chunk> stored = index.storedChunks("ops", "a.md");
      assertEquals(2, stored.size());
      assertTrue(java.util.Arrays.equals(a, stored.get(0).vector("model-en")));
      assertTrue(java.util.Arrays.equals(b, stored.get(0).vector("model-zh")));
      assertEquals(null, stored.get(1).vector("model-en"));
      assertTrue(index.manifest("ops", "a.md").orElseThrow().current(List.of("model-zh", "model-en")));
      assertFalse(index.manifest("ops", "a.md").orElseThrow().current(List.of("model-en")));
    }
    // Reopened with one embedder only: the other's vectors stay on disk, and its dimension is remembered.
    try (KnowledgeIndex index = KnowledgeIndex.open(dir, List.of(en))) {
      assertEquals(List.of(en), index.spaces());
    }
    assertEquals(List.of(en, zh), KnowledgeIndex.inspect(dir).orElseThrow().spaces());
    var e = assertThrows(IllegalArgumentException.class,
        () -> KnowledgeIndex.open(dir, List.of(new VectorSpace("model-zh", 3))));
    assertTrue(e.getMessage().contains("model-zh"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new VectorSpace("bad name", 3));
  }
}
