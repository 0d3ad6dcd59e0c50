package dev.opsmind.retrieval.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.opsmind.retrieval.TestChunks;
import dev.opsmind.retrieval.Chunk;
import dev.opsmind.retrieval.KnowledgeCollection;
import dev.opsmind.retrieval.KnowledgeIndex;
import dev.opsmind.retrieval.Principal;
import dev.opsmind.retrieval.SourceManifest;
import dev.opsmind.retrieval.UnknownCollectionException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Search, fusion, filters and access control over a small hand-written runbook corpus. */
class HybridSearcherTest {
  static final int DIM = 16;
  static final long DAY = 86_400_000L;
  static final long T0 = 1_700_000_000_000L;

  @TempDir static Path dir;
  static KnowledgeIndex index;
  static HybridSearcher searcher;
  static final List<Chunk> all = new ArrayList<>();

  static List<QueryVector> qv(float[] vector) {
    return List.of(new QueryVector("test", vector, 1.0));
  }

  static float[] unit(long seed) {
    return TestChunks.unit(seed, DIM);
  }

  static void add(String collection, String path, String type, List<String> tags, long modified, String... texts) {
    List<Chunk> chunks = new ArrayList<>();
    for (int i = 0; i < texts.length; i++) {
      chunks.add(new Chunk(collection + "/" + path + "#" + i, collection, path, type, i * 5 + 1, i * 5 + 4,
          List.of("Runbook", "Step " + (i + 1)), null, "h-" + path, modified, tags, texts[i],
          Map.of("test", unit((collection + path + i).hashCode()))));
    }
    index.replaceSource(collection, path, SourceManifest.of(path, type, "h-" + path, modified, chunks, index.spaceNames()), chunks);
    all.addAll(chunks);
  }

  @BeforeAll
  static void build() {
    index = KnowledgeIndex.open(dir, DIM, "test");
    index.putCollection(new KnowledgeCollection("team-a", List.of("alice"), "Team A"));
    index.putCollection(new KnowledgeCollection("team-b", List.of("bob"), "Team B"));
    index.putCollection(new KnowledgeCollection("public", List.of(KnowledgeCollection.EVERYONE), "Everyone"));
    add("team-a", "web/nginx.md", "markdown", List.of("web", "prod"), T0,
        "Restarting nginx: run systemctl restart nginx and check the error log.",
        "If the certificate expired, renew it with certbot and reload the web server.");
    add("team-a", "db/postgres.md", "markdown", List.of("db"), T0 + DAY,
        "When PostgreSQL runs out of disk space, remove old WAL segments and vacuum.");
    add("team-a", "logs/app.log", "log", List.of("prod"), T0 + 2 * DAY,
        "ERROR connection refused to database host db-1 port 5432");
    add("team-b", "zh/disk.md", "markdown", List.of("db"), T0 + 3 * DAY,
        "磁盘空间不足时，先清理日志文件，再检查数据库的临时表。",
        "节点状态为 NotReady 时，检查 kubelet 服务是否正常运行。");
    add("public", "faq.md", "markdown", List.of(), T0 + 4 * DAY,
        "Frequently asked questions about on-call rotations and escalation policies.");
    // Title and headings only: the body never says "disk full" or "inodes".
    Chunk titled = new Chunk("ops/node-disk-full.md#0", "public", "runbooks/node-disk-full.md", "markdown", 3, 9,
        List.of("Node disk full", "Mitigation"), "en", "h-titled", T0, List.of(),
        "Delete old journal files with journalctl --vacuum-size and rotate the application logs.",
        Map.of("test", unit(4242)));
    Chunk headed = new Chunk("ops/fs.md#0", "public", "runbooks/fs.md", "markdown", 1, 5,
        List.of("Filesystem alerts", "Inodes exhausted"), "en", "h-fs", T0, List.of(),
        "Find directories with many small files and remove stale session files.", Map.of("test", unit(4343)));
    // Identifiers only: the text never says "persistent volume" or "not ready" in words.
    Chunk identifiers = new Chunk("ops/alerts.md#0", "public", "runbooks/KubePersistentVolumeErrors.md", "markdown", 1,
        4, List.of("KubePersistentVolumeErrors"), "en", "h-alerts", T0, List.of(),
        "Check the PersistentVolumeClaim events and the kube_persistentvolume_status_phase metric.",
        Map.of("test", unit(4444)));
    for (Chunk c : List.of(titled, headed, identifiers)) {
      index.replaceSource("public", c.sourcePath(), SourceManifest.of(c.sourcePath(), "markdown", c.contentHash(), T0,
          List.of(c), index.spaceNames()), List.of(c));
      all.add(c);
    }
    for (int i = 0; i < 20; i++) { // Chinese filler: per-field statistics as in a bilingual corpus
      add("public", "filler/zh-" + i + ".md", "markdown", List.of(), T0, "第 " + i + " 段无关的办公室话题，例如午餐菜单和停车位安排。");
    }
    for (int i = 0; i < 60; i++) { // filler so the HNSW graph has some size
      add("public", "filler/" + i + ".md", "markdown", List.of(), T0, "Filler paragraph number " + i
          + " about unrelated office topics such as lunch menus and parking.");
    }
    index.commit();
    searcher = new HybridSearcher(index, q -> List.of(new QueryVector("test", unit(q.hashCode()), 1.0)));
  }

  @AfterAll
  static void close() {
    index.close();
  }

  static SearchResult search(Principal who, String q, SearchMode mode, int k, SearchFilter filter) {
    return searcher.search(who, SearchRequest.of(q, mode, k).withFilter(filter));
  }

  static Chunk chunk(String id) {
    return all.stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow();
  }

  @Test
  void bm25FindsEnglishByStemsAndCites() {
    SearchResult r = search(Principal.ADMIN, "restart nginx", SearchMode.BM25, 3, SearchFilter.NONE);
    SearchHit top = r.hits().get(0);
    assertEquals("team-a/web/nginx.md#0", top.chunkId());
    assertEquals("web/nginx.md", top.citation().path());
    assertEquals(1, top.citation().startLine());
    assertEquals(4, top.citation().endLine());
    assertEquals(List.of("Runbook", "Step 1"), top.citation().headingPath());
    assertTrue(top.snippet().contains("**nginx**"), top.snippet());
    assertTrue(top.snippet().contains("**Restarting**"), "stemmed match highlighted: " + top.snippet());
    assertEquals("en", r.queryLanguage());
  }

  @Test
  void bm25ScoresChineseQueries() {
    SearchResult r = search(Principal.ADMIN, "磁盘空间不足怎么办", SearchMode.BM25, 3, SearchFilter.NONE);
    assertEquals("zh", r.queryLanguage());
    assertFalse(r.hits().isEmpty(), "a Chinese query must find the Chinese chunk");
    assertEquals("team-b/zh/disk.md#0", r.hits().get(0).chunkId());
    assertTrue(r.hits().get(0).snippet().contains("**磁盘**"), r.hits().get(0).snippet());
    SearchResult mixed = search(Principal.ADMIN, "kubelet 服务", SearchMode.BM25, 3, SearchFilter.NONE);
    assertEquals("team-b/zh/disk.md#1", mixed.hits().get(0).chunkId());
  }

  @Test
  void vectorSearchFindsTheNearestChunk() {
    Chunk target = chunk("team-a/db/postgres.md#0");
    SearchRequest request = SearchRequest.of("anything", SearchMode.VECTOR, 3).withQueryVectors(qv(target.vector("test")), true);
    SearchResult r = searcher.search(Principal.ADMIN, request);
    assertEquals(target.id(), r.hits().get(0).chunkId());
    assertEquals(1.0, r.hits().get(0).score(), 1e-4);
    assertEquals(1, r.hits().get(0).vectorRank());
  }

  @Test
  void hybridRanksAChunkFoundByBothFirst() {
    Chunk target = chunk("team-a/web/nginx.md#1");
    // BM25 prefers nginx.md#0 for "nginx"; the vector points at #1; #1 also contains "web server".
    SearchRequest request = SearchRequest.of("nginx web server certificate", SearchMode.HYBRID, 5)
        .withQueryVectors(qv(target.vector("test")), true);
    SearchResult r = searcher.search(Principal.ADMIN, request);
    SearchHit top = r.hits().get(0);
    assertEquals(target.id(), top.chunkId());
    assertTrue(top.bm25Rank() > 0 && top.vectorRank() == 1, top.toString());
    assertEquals(1.0 / (60 + top.bm25Rank()) + 1.0 / 61, top.score(), 1e-9);
  }

  @Test
  void aHitReportsItsCosineToTheQuerysGlossaryTranslation() {
    Chunk target = chunk("team-a/web/nginx.md#1");
    // the query itself points elsewhere; its translation, searched as a second list, at the target
    var vectors = List.of(new QueryVector("test", unit(7), 1.0),
        QueryVector.ofTranslation("test", target.vector("test"), 0.5));
    SearchResult r = searcher.search(Principal.ADMIN, SearchRequest.of("证书 过期", SearchMode.HYBRID, 100)
        .withQueryVectors(vectors, true));
    SearchHit hit = r.hits().stream().filter(h -> h.chunkId().equals(target.id())).findFirst().orElseThrow();
    assertEquals(1.0, hit.crossSimilarity(), 1e-4);
    assertEquals("test", hit.crossSpace());
    assertTrue(hit.vectorSimilarity() < 0.9, "the primary cosine is the query's own: " + hit.vectorSimilarity());
    // without a translated list there is nothing to report
    SearchHit plain = searcher.search(Principal.ADMIN, SearchRequest.of("证书 过期", SearchMode.HYBRID, 5)
        .withQueryVectors(qv(target.vector("test")), true)).hits().get(0);
    assertTrue(Double.isNaN(plain.crossSimilarity()));
    assertEquals("", plain.crossSpace());
  }

  @Test
  void aChineseHitReportsItsCosineInTheSpaceThatAloneReadsChineseForAnEnglishQuestion() {
    Chunk chinese = chunk("team-b/zh/disk.md#0");
    Chunk english = chunk("team-a/db/postgres.md#0");
    // an English question: the primary list its own; the bilingual voice counts fully on Chinese chunks
    var vectors = List.of(new QueryVector("test", unit(7), 1.0),
        new QueryVector("test", chinese.vector("test"), 0.5, List.of("zh")));
    SearchResult r = searcher.search(Principal.ADMIN, SearchRequest.of("disk space", SearchMode.HYBRID, 100)
        .withQueryVectors(vectors, true));
    SearchHit zh = r.hits().stream().filter(h -> h.chunkId().equals(chinese.id())).findFirst().orElseThrow();
    assertEquals(1.0, zh.crossSimilarity(), 1e-4);
    assertEquals("test", zh.crossSpace());
    // an English chunk is measured in the primary space only
    SearchHit en = r.hits().stream().filter(h -> h.chunkId().equals(english.id())).findFirst().orElseThrow();
    assertTrue(Double.isNaN(en.crossSimilarity()), "English chunk: " + en.crossSimilarity());
  }

  @Test
  void filtersApplyInsideKnnAndBm25() {
    Chunk log = chunk("team-a/logs/app.log#0");
    float[] farVector = chunk("public/faq.md#0").vector("test");
    for (SearchMode mode : SearchMode.values()) {
      SearchRequest request = SearchRequest.of("database connection", mode, 5).withQueryVectors(qv(farVector), true);
      SearchResult r = searcher.search(Principal.ADMIN, request.withFilter(SearchFilter.NONE.withSourceTypes(List.of("log"))));
      assertEquals(List.of(log.id()), r.hits().stream().map(SearchHit::chunkId).toList(), mode.label());
    }
    SearchResult byPath = search(Principal.ADMIN, "database disk", SearchMode.VECTOR, 10,
        SearchFilter.NONE.withPathPrefix("db/"));
    assertEquals(List.of("team-a/db/postgres.md#0"), byPath.hits().stream().map(SearchHit::chunkId).toList());
    SearchResult byTags = search(Principal.ADMIN, "nginx database", SearchMode.HYBRID, 10,
        SearchFilter.NONE.withTags(List.of("prod", "web")));
    assertTrue(byTags.hits().stream().allMatch(h -> h.citation().path().equals("web/nginx.md")), byTags.toString());
    assertEquals(2, byTags.hits().size());
    SearchResult byTime = search(Principal.ADMIN, "disk", SearchMode.VECTOR, 10,
        SearchFilter.NONE.withModified(T0 + DAY, T0 + 3 * DAY));
    assertEquals(4, byTime.hits().size());
    assertTrue(byTime.hits().stream().allMatch(h -> h.modifiedMillis() >= T0 + DAY && h.modifiedMillis() <= T0 + 3 * DAY));
  }

  @Test
  void accessControlLimitsWhatAPrincipalSees() {
    Principal alice = Principal.of("alice");
    SearchResult r = search(alice, "disk space database", SearchMode.HYBRID, 100, SearchFilter.NONE);
    assertFalse(r.hits().isEmpty());
    assertTrue(r.hits().stream().noneMatch(h -> h.citation().collection().equals("team-b")), "alice never sees team-b");
    assertTrue(r.hits().stream().anyMatch(h -> h.citation().collection().equals("public")));
    assertThrows(UnknownCollectionException.class,
        () -> search(alice, "磁盘", SearchMode.BM25, 5, SearchFilter.collections("team-b")));
    assertThrows(UnknownCollectionException.class,
        () -> search(alice, "disk", SearchMode.BM25, 5, SearchFilter.collections("no-such")));
    SearchResult stranger = search(Principal.of("mallory"), "nginx", SearchMode.BM25, 10, SearchFilter.NONE);
    assertTrue(stranger.hits().stream().allMatch(h -> h.citation().collection().equals("public")));
    SearchResult admin = search(Principal.ADMIN, "磁盘", SearchMode.BM25, 5, SearchFilter.collections("team-b"));
    assertEquals("team-b", admin.hits().get(0).citation().collection());
  }

  @Test
  void titlesFileNamesAndHeadingsAreSearchable() {
    SearchResult byTitle = search(Principal.ADMIN, "node disk full", SearchMode.BM25, 3, SearchFilter.NONE);
    assertEquals("ops/node-disk-full.md#0", byTitle.hits().get(0).chunkId(), byTitle.toString());
    SearchResult byHeading = search(Principal.ADMIN, "inodes exhausted", SearchMode.BM25, 3, SearchFilter.NONE);
    assertEquals("ops/fs.md#0", byHeading.hits().get(0).chunkId(), byHeading.toString());
    // Without the title and heading fields neither is found at all.
    HybridSearcher bodyOnly = new HybridSearcher(index, null, FieldBoosts.BODY_ONLY);
    SearchResult none = bodyOnly.search(Principal.ADMIN, SearchRequest.of("inodes exhausted", SearchMode.BM25, 3));
    assertTrue(none.hits().stream().noneMatch(h -> h.chunkId().equals("ops/fs.md#0")), none.toString());
  }

  @Test
  void identifiersAreFoundByTheirWordsAndByThemselves() {
    for (String q : List.of("persistent volume claim events", "volume status phase", "PersistentVolumeClaim")) {
      SearchResult r = search(Principal.ADMIN, q, SearchMode.BM25, 3, SearchFilter.NONE);
      assertEquals("ops/alerts.md#0", r.hits().get(0).chunkId(), q + ": " + r);
    }
    // a camel-cased query word splits the same way: "DiskSpace" reaches a text that says "disk space"
    SearchResult camel = search(Principal.ADMIN, "OutOfDiskSpace", SearchMode.BM25, 3, SearchFilter.NONE);
    assertEquals("team-a/db/postgres.md#0", camel.hits().get(0).chunkId(), camel.toString());
  }

  @Test
  void snippetsHighlightNoStopWords() {
    SearchResult r = search(Principal.ADMIN, "what is the way to restart the nginx", SearchMode.BM25, 1, SearchFilter.NONE);
    String snippet = r.hits().get(0).snippet();
    assertTrue(snippet.contains("**nginx**"), snippet);
    assertFalse(snippet.contains("**the**") || snippet.contains("**and**"), snippet);
    SearchResult zh = search(Principal.ADMIN, "磁盘空间不足怎么办", SearchMode.BM25, 1, SearchFilter.NONE);
    assertFalse(zh.hits().get(0).snippet().contains("**的**"), zh.hits().get(0).snippet());
  }

  @Test
  void aPastedRunbookOrThousandsOfTagsNeverReachTheClauseLimit() {
    StringBuilder longQuery = new StringBuilder();
    for (int i = 0; i < 1100; i++) {
      longQuery.append("word").append(i).append(' ').append(i % 7 == 0 ? "nginx " : "");
    }
    for (SearchMode mode : SearchMode.values()) {
      SearchResult r = search(Principal.ADMIN, longQuery.toString(), mode, 5, SearchFilter.NONE);
      assertFalse(r.hits().isEmpty(), mode.label());
    }
    List<String> tags = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      tags.add("t" + i);
    }
    var e = assertThrows(IllegalArgumentException.class, () -> SearchFilter.NONE.withTags(tags));
    assertTrue(e.getMessage().contains("64"), e.getMessage());
  }

  @Test
  void badRequestsAreTheCallersError() {
    assertThrows(IllegalArgumentException.class, () -> SearchRequest.of(" ", SearchMode.BM25, 5));
    assertThrows(IllegalArgumentException.class, () -> SearchRequest.of("x", SearchMode.BM25, 0));
    assertThrows(IllegalArgumentException.class, () -> SearchMode.parse("fuzzy"));
    assertThrows(IllegalArgumentException.class, () -> new Fusion(60, 0, 0, 10));
    assertThrows(IllegalArgumentException.class, () -> searcher.search(Principal.ADMIN,
        SearchRequest.of("x", SearchMode.VECTOR, 5).withQueryVectors(qv(new float[3]), true)));
    HybridSearcher bm25Only = new HybridSearcher(index, null);
    assertThrows(IllegalArgumentException.class, () -> bm25Only.search(Principal.ADMIN, SearchRequest.of("x", SearchMode.HYBRID, 5)));
  }
}
