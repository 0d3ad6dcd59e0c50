package dev.opsmind.server.answer;

import dev.opsmind.inference.tokenizer.ChatMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.opsmind.indexer.ingest.IngestListener;
import dev.opsmind.indexer.ingest.IngestOptions;
import dev.opsmind.indexer.ingest.IngestRun;
import dev.opsmind.inference.embed.Embedder;
import dev.opsmind.retrieval.KnowledgeIndex;
import dev.opsmind.retrieval.Principal;
import dev.opsmind.retrieval.search.Fusion;
import dev.opsmind.retrieval.search.HybridSearcher;
import dev.opsmind.retrieval.search.SearchFilter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retrieval into the answer classes over a real index of the sample runbooks, default embedder. */
class KnowledgeRetrieverTest {
  @TempDir static Path tmp;
  static Embedder embedder;
  static KnowledgeIndex index;

  @BeforeAll
  static void indexSamples() throws Exception {
    embedder = Embedder.load();
    index = KnowledgeIndex.open(tmp.resolve("index"), embedder.dimension(), embedder.name());
    Path samples = Path.of(KnowledgeRetrieverTest.class.getResource("/answer-runbooks").toURI());
    new IngestRun(index, embedder, IngestOptions.DEFAULT).syncDirectory(samples, "samples", IngestListener.NONE);
  }

  @AfterAll
  static void close() {
    index.close();
    embedder.close();
  }

  static KnowledgeRetriever hybrid() {
    var encoder = dev.opsmind.indexer.embed.EmbedderSet.of(embedder).queryEncoder();
    return new KnowledgeRetriever(new HybridSearcher(index, encoder), encoder, Fusion.DEFAULT);
  }

  @Test
  void hybridPassagesCarryTheirCosine() {
    var query = RetrievalQuery.of(List.of(ChatMessage.user("The node is evicting pods because its disk is full. What do I do?")));
    List<SourcePassage> passages = hybrid().retrieve(Principal.ADMIN, query, SearchFilter.NONE, 4);
    assertFalse(passages.isEmpty());
    assertTrue(passages.getFirst().path().startsWith("NodeDiskPressure"), passages.getFirst().path());
    assertEquals("samples", passages.getFirst().collection());
    for (SourcePassage p : passages) {
      assertTrue(p.hasVectorSimilarity() && p.vectorSimilarity() > 0 && p.vectorSimilarity() <= 1.0001,
          p.path() + " cosine " + p.vectorSimilarity());
    }
    GroundedAnswer answer = ExtractiveAnswer.DEFAULT.answer(query, passages);
    assertEquals(GroundedAnswer.Mode.EXTRACTIVE, answer.mode(), answer.text());
    assertTrue(answer.text().contains("crictl rmi --prune"), answer.text());
  }

  @Test
  void stepSectionsOfTheTopRunbookFollowTheTopHit() {
    var query = RetrievalQuery.of(List.of(ChatMessage.user("What does it mean when free space fell below the hard eviction threshold?")));
    List<SourcePassage> plain = hybrid().retrieve(Principal.ADMIN, query, SearchFilter.NONE, 3);
    List<SourcePassage> expanded = hybrid().retrieve(Principal.ADMIN, query, SearchFilter.NONE, 3, 2);
    SourcePassage top = expanded.getFirst();
    assertEquals(plain.getFirst(), top);
    // The chunker may put Diagnosis and Mitigation into one chunk: one or two step chunks follow the top hit.
    List<SourcePassage> steps = expanded.subList(1, expanded.size()).stream()
        .takeWhile(p -> p.path().equals(top.path())
            && p.headingPath().stream().anyMatch(h -> RunbookSteps.STEP_HEADING.matcher(h).find()))
        .toList();
    assertTrue(!steps.isEmpty() && steps.size() <= 2, expanded.toString());
    for (SourcePassage step : steps) {
      assertTrue(step.hasVectorSimilarity());
    }
    for (int i = 1; i < steps.size(); i++) {
      assertTrue(steps.get(i - 1).startLine() < steps.get(i).startLine());
    }
    // the passages that were there stay, after the inserted steps, without repeats
    assertEquals(expanded.size(), expanded.stream().map(p -> p.path() + ":" + p.startLine()).distinct().count());
    assertTrue(steps.stream().anyMatch(p -> p.text().contains("crictl rmi --prune")), expanded.toString());
  }

  @Test
  void offTopicQuestionGetsNoAnswer() {
    var query = RetrievalQuery.of(List.of(ChatMessage.user("What is a good recipe for banana bread?")));
    List<SourcePassage> passages = hybrid().retrieve(Principal.ADMIN, query, SearchFilter.NONE, 4);
    GroundedAnswer answer = ExtractiveAnswer.DEFAULT.answer(query, passages);
    assertEquals(GroundedAnswer.Mode.NO_ANSWER, answer.mode(),
        "top cosine " + RelevanceGate.DEFAULT.assess(query.text(), passages));
  }

  @Test
  void withoutAnEncoderTheSearchIsLexicalAndHasNoCosine() {
    var retriever = new KnowledgeRetriever(new HybridSearcher(index, null), null, Fusion.DEFAULT);
    var query = RetrievalQuery.of(List.of(ChatMessage.user("crictl prune images DiskPressure")));
    List<SourcePassage> passages = retriever.retrieve(Principal.ADMIN, query, SearchFilter.NONE, 3);
    assertFalse(passages.isEmpty());
    assertTrue(passages.stream().noneMatch(SourcePassage::hasVectorSimilarity));
    assertEquals(GroundedAnswer.Mode.EXTRACTIVE, ExtractiveAnswer.DEFAULT.answer(query, passages).mode());
  }
}
