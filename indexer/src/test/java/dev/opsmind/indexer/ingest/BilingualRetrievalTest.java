package dev.opsmind.indexer.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.opsmind.indexer.Samples;
import dev.opsmind.indexer.embed.EmbedderSet;
import dev.opsmind.inference.embed.Embedder;
import dev.opsmind.retrieval.Chunk;
import dev.opsmind.retrieval.KnowledgeIndex;
import dev.opsmind.retrieval.Principal;
import dev.opsmind.retrieval.search.HybridSearcher;
import dev.opsmind.retrieval.search.QueryVector;
import dev.opsmind.retrieval.search.SearchHit;
import dev.opsmind.retrieval.search.SearchMode;
import dev.opsmind.retrieval.search.SearchRequest;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The default pair of embedders on the project's sample runbooks: English chunks carry an English
 * model's vector and the bilingual model's, Chinese chunks only the bilingual one's; a Chinese
 * question reaches an English runbook (the bilingual model, and the glossary's translation for
 * BM25 and the English model), and an English question a Chinese one.
 */
class BilingualRetrievalTest {
  static final String EN = "bge-small-en-v1.5-q";
  static final String ZH = "bge-small-zh-v1.5";
  @TempDir static Path tmp;
  static EmbedderSet embedders;
  static KnowledgeIndex index;
  static HybridSearcher searcher;

  @BeforeAll
  static void build() {
    embedders = new EmbedderSet(List.of(new EmbedderSet.Member(Embedder.load(EN), List.of("en")),
        new EmbedderSet.Member(Embedder.load(ZH), List.of("zh", "en"))));
    index = KnowledgeIndex.open(tmp.resolve("index"), embedders.spaces());
    new IngestRun(index, embedders, IngestOptions.DEFAULT).syncDirectory(Samples.runbooks(), "samples", IngestListener.NONE);
    searcher = new HybridSearcher(index, embedders.queryEncoder());
  }

  @AfterAll
  static void close() {
    index.close();
    embedders.members().forEach(m -> m.embedder().close());
  }

  @Test
  void eachChunkIsEmbeddedByTheModelsOfItsLanguage() {
    for (Chunk c : index.storedChunks("samples", "disk-full.md")) {
      assertNotNull(c.vector(EN), c.id());
      assertNotNull(c.vector(ZH), c.id());
    }
    for (Chunk c : index.storedChunks("samples", "pod-pending.zh.md")) {
      assertNull(c.vector(EN), "an English-only model never embeds Chinese text");
      assertNotNull(c.vector(ZH), c.id());
    }
  }

  @Test
  void queriesAreEmbeddedByTheModelsOfTheirLanguageThePrimaryFirst() {
    List<QueryVector> en = embedders.queryEncoder().encode("disk full on /var");
    assertEquals(List.of(EN, ZH), en.stream().map(QueryVector::space).toList());
    // the English model is the English question's specialist; the bilingual one counts less
    assertEquals(List.of(1.0, EmbedderSet.GENERALIST_WEIGHT), en.stream().map(QueryVector::weight).toList());
    // ... except on Chinese chunks, which the English model cannot see
    assertEquals(List.of("zh"), en.get(1).fullWeightLanguages());
    assertEquals(1.0, en.get(1).weightFor("zh"));
    assertEquals(EmbedderSet.GENERALIST_WEIGHT, en.get(1).weightFor("en"));
    List<QueryVector> zh = embedders.queryEncoder().encode("磁盘满了怎么办");
    // the English-only model searches with the glossary's translation ("disk full"), at lower weight
    assertEquals(List.of(ZH, EN), zh.stream().map(QueryVector::space).toList());
    assertEquals(List.of(1.0, EmbedderSet.TRANSLATED_WEIGHT), zh.stream().map(QueryVector::weight).toList());
    assertEquals(1, embedders.queryEncoder().encode("这是一个没有术语的句子").size());
  }

  @Test
  void aChineseQuestionReachesAnEnglishRunbookAndTheOtherWayRound() {
    assertTop("证书快过期了，怎么续期？", "certificate-expiry.md", 2);
    assertTop("服务器磁盘满了怎么处理？", "disk-full.md", 3);
    assertTop("a new pod stays Pending for a long time and is never scheduled to a node", "pod-pending.zh.md", 3);
  }

  @Test
  void aTitleOnlyWordFindsItsRunbook() {
    // "TLSCertificateExpiringSoon" is the title; the file name reads "certificate expiry".
    assertTop("TLSCertificateExpiringSoon", "certificate-expiry.md", 1);
  }

  private static void assertTop(String question, String file, int k) {
    List<SearchHit> hits = searcher.search(Principal.ADMIN, SearchRequest.of(question, SearchMode.HYBRID, k)).hits();
    List<String> paths = hits.stream().map(h -> h.citation().path()).toList();
    assertTrue(paths.contains(file), question + " -> " + paths);
  }
}
