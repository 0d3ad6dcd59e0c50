package dev.opsmind.indexer.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetrievalMetricsTest {
  @TempDir Path dir;

  @Test
  void metricsOfOneQueryFollowTheirDefinitions() {
    Map<String, Integer> relevant = Map.of("a", 1, "b", 1);
    RetrievalMetrics m = RetrievalMetrics.ofQuery(List.of("x", "a", "y", "z", "w", "v", "b"), relevant);
    double dcg = 1 / log2(3) + 1 / log2(8);
    double idcg = 1 + 1 / log2(3);
    assertEquals(dcg / idcg, m.ndcg10(), 1e-12);
    assertEquals(0.5, m.recall5(), 1e-12);
    assertEquals(1.0, m.recall10(), 1e-12);
    assertEquals(0.5, m.mrr10(), 1e-12);
    RetrievalMetrics perfect = RetrievalMetrics.ofQuery(List.of("a", "b"), relevant);
    assertEquals(1.0, perfect.ndcg10(), 1e-12);
    RetrievalMetrics mean = RetrievalMetrics.mean(List.of(m, perfect));
    assertEquals((m.ndcg10() + 1) / 2, mean.ndcg10(), 1e-12);
    assertEquals(2, mean.queries());
  }

  @Test
  void beirFilesLoadAndBadLinesAreNamed() throws Exception {
    Path corpus = Files.writeString(dir.resolve("corpus.jsonl"),
        "{\"_id\":\"d1\",\"title\":\"Disk\",\"text\":\"full disk\"}\n{\"_id\":\"d2\",\"title\":\"\",\"text\":\"cpu\"}\n");
    Path queries = Files.writeString(dir.resolve("queries.jsonl"), "{\"_id\":\"q1\",\"text\":\"disk full\"}\n");
    Path qrels = Files.writeString(dir.resolve("qrels.tsv"), "query-id\tcorpus-id\tscore\nq1\td1\t1\nq9\td2\t1\n");
    BeirDataset data = BeirDataset.load(corpus, queries, qrels);
    assertEquals(2, data.corpus().size());
    assertEquals("Disk\nfull disk", data.corpus().get("d1").fullText());
    assertEquals(Map.of("q1", Map.of("d1", 1)), data.qrels(), "judgements of unknown queries are dropped");
    Path bad = Files.writeString(dir.resolve("bad.tsv"), "q1 d1 1\n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BeirDataset.load(corpus, queries, bad));
    assertTrue(e.getMessage().contains("line 1"), e.getMessage());
  }

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }
}
