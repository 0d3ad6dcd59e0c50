package dev.opsmind.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.opsmind.inference.embed.Embedder;
import dev.opsmind.retrieval.Chunk;
import dev.opsmind.retrieval.KnowledgeCollection;
import dev.opsmind.retrieval.KnowledgeIndex;
import dev.opsmind.retrieval.SourceManifest;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code search} and {@code eval-retrieval} through the real command line, on small own text. */
class RetrievalCommandsTest {
  static final String EMBEDDER = "all-minilm-l6-v2";
  @TempDir Path dir;


  @Test
  void searchPrintsRankedCitationsInEveryMode() {
    Path indexDir = dir.resolve("index");
    String[] texts = {
        "To restart nginx, run systemctl restart nginx and watch the error log.",
        "When the disk is full, delete old log files under /var/log and rotate them.",
        "磁盘空间不足时，先清理日志文件。"};
    try (Embedder embedder = Embedder.load(EMBEDDER);
        KnowledgeIndex index = KnowledgeIndex.open(indexDir, embedder.dimension(), embedder.name())) {
      index.putCollection(new KnowledgeCollection("ops", List.of("alice"), ""));
      float[][] vectors = embedder.embed(List.of(texts));
      for (int i = 0; i < texts.length; i++) {
        String path = "runbooks/r" + i + ".md";
        List<Chunk> chunks = new ArrayList<>();
        chunks.add(new Chunk(path + "#0", "ops", path, "markdown", 3, 7, List.of("Runbook " + i), null, "h" + i, 0L,
            List.of(), texts[i], java.util.Map.of(embedder.name(), vectors[i])));
        index.replaceSource("ops", path, SourceManifest.of(path, "markdown", "h" + i, 0L, chunks, index.spaceNames()),
            chunks);
      }
      index.commit();
    }
    for (String mode : List.of("bm25", "vector", "hybrid")) {
      CliRun r = CliRun.of("search", "how do I restart nginx", "--mode", mode, "--top-k", "2", "--index", indexDir.toString());
      assertEquals(0, r.code(), r.err());
      assertTrue(r.out().startsWith("1. [ops] runbooks/r0.md:3-7 (Runbook 0)"), mode + ":\n" + r.out());
    }
    CliRun zh = CliRun.of("search", "磁盘空间", "--mode", "bm25", "--index", indexDir.toString());
    assertTrue(zh.out().startsWith("1. [ops] runbooks/r2.md"), zh.out());
    CliRun denied = CliRun.of("search", "nginx", "--collection", "ops", "--principal", "mallory", "--index", indexDir.toString());
    assertEquals(2, denied.code());
    assertTrue(denied.err().contains("not readable by principal 'mallory'"), denied.err());
    CliRun missing = CliRun.of("search", "nginx", "--index", dir.resolve("nowhere").toString());
    assertEquals(2, missing.code());
    assertTrue(missing.err().contains("no knowledge index"), missing.err());
  }

  @Test
  void evalRetrievalPrintsATableForAllThreeModes() throws Exception {
    Path corpus = Files.writeString(dir.resolve("corpus.jsonl"), String.join("\n",
        "{\"_id\":\"d1\",\"title\":\"Nginx restart\",\"text\":\"Restart nginx with systemctl and check its error log.\"}",
        "{\"_id\":\"d2\",\"title\":\"Disk full\",\"text\":\"Free disk space by deleting rotated log files.\"}",
        "{\"_id\":\"d3\",\"title\":\"Certificates\",\"text\":\"Renew expiring TLS certificates with certbot.\"}",
        "{\"_id\":\"d4\",\"title\":\"Lunch\",\"text\":\"The canteen serves soup on Fridays.\"}"));
    Path queries = Files.writeString(dir.resolve("queries.jsonl"), String.join("\n",
        "{\"_id\":\"q1\",\"text\":\"web server will not come back after restart\"}",
        "{\"_id\":\"q2\",\"text\":\"no space left on device\"}",
        "{\"_id\":\"q3\",\"text\":\"TLS certificate expired\"}"));
    Path qrels = Files.writeString(dir.resolve("qrels.tsv"), "query-id\tcorpus-id\tscore\nq1\td1\t1\nq2\td2\t1\nq3\td3\t1\n");
    CliRun r = CliRun.of("eval-retrieval", "--corpus", corpus.toString(), "--queries", queries.toString(), "--qrels",
        qrels.toString(), "--embedder", EMBEDDER);
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("nDCG@10"), r.out());
    for (String mode : List.of("bm25", "vector", "hybrid")) {
      assertTrue(r.out().lines().anyMatch(l -> l.matches("all\\s+" + mode + "\\s.*")), r.out());
    }
    // indexed through the indexer, as the product indexes: every document a Markdown file
    assertTrue(r.out().contains("added 4, updated 0"), r.out());
    assertTrue(r.err().contains("wrote 4 documents as Markdown files"), r.err());
    // a rerun on the same work folder only searches
    Path work = dir.resolve("work");
    CliRun.of("eval-retrieval", "--corpus", corpus.toString(), "--queries", queries.toString(), "--qrels",
        qrels.toString(), "--embedder", EMBEDDER, "--work", work.toString());
    CliRun again = CliRun.of("eval-retrieval", "--corpus", corpus.toString(), "--queries", queries.toString(),
        "--qrels", qrels.toString(), "--embedder", EMBEDDER, "--work", work.toString());
    assertTrue(again.out().contains("added 0, updated 0, renamed 0, deleted 0, unchanged 4"), again.out());
  }
}
