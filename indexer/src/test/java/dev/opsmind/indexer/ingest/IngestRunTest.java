package dev.opsmind.indexer.ingest;

import static org.junit.jupiter.api.Assertions.*;

import dev.opsmind.indexer.Samples;
import dev.opsmind.indexer.source.SkippedFile;
import dev.opsmind.inference.embed.Embedder;
import dev.opsmind.retrieval.Chunk;
import dev.opsmind.retrieval.KnowledgeIndex;
import dev.opsmind.retrieval.SourceManifest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Incremental behaviour on the project's own sample runbooks, with a real (int8) embedder. */
class IngestRunTest {
  static final String EMBEDDER = "bge-small-zh-v1.5-q";
  static Embedder embedder;

  @TempDir Path tmp;

  @BeforeAll
  static void loadEmbedder() {
    embedder = Embedder.load(EMBEDDER);
  }

  @AfterAll
  static void closeEmbedder() {
    embedder.close();
  }

  private Path copySamples() throws IOException {
    Path dir = tmp.resolve("runbooks");
    Files.createDirectories(dir);
    try (Stream<Path> files = Files.list(Samples.runbooks())) {
      for (Path f : files.toList()) Files.copy(f, dir.resolve(f.getFileName()));
    }
    return dir;
  }

  private static int fileCount(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return (int) s.count();
    }
  }

  private KnowledgeIndex openIndex() {
    return KnowledgeIndex.open(tmp.resolve("index"), embedder.dimension(), embedder.name());
  }

  @Test
  void editDeleteRenameAreIncremental() throws Exception {
    Path dir = copySamples();
    int sampleCount = fileCount(dir);
    try (KnowledgeIndex index = openIndex()) {
      IngestRun run = new IngestRun(index, embedder, IngestOptions.DEFAULT);
      List<FileOutcome> outcomes = new ArrayList<>();
      IngestReport first = run.syncDirectory(dir, "samples", new IngestListener() {
        @Override
        public void fileDone(FileOutcome outcome) {
          outcomes.add(outcome);
        }
      });
      assertEquals(sampleCount, first.added(), first.toString());
      assertEquals(List.of(), first.skipped());
      assertEquals(first.chunksWritten(), first.embeddingsComputed());
      assertEquals(first.chunksWritten(), index.chunkCount("samples"));
      assertEquals(sampleCount, outcomes.size());

      List<Chunk> redis = index.storedChunks("samples", "redis-memory-high.zh.md");
      assertFalse(redis.isEmpty());
      assertTrue(redis.stream().allMatch(c -> c.language().equals("zh")), redis.toString());
      assertTrue(redis.stream().anyMatch(c -> c.headingPath().equals(List.of("Redis 内存使用率过高", "处理"))), redis.toString());
      Chunk log = index.storedChunks("samples", "payment-service-oom.log").get(0);
      assertEquals("log", log.sourceType());
      assertTrue(log.tags().contains("time_start:2026-03-14T02:10:03.118Z"), log.tags().toString());
      List<Chunk> disk = index.storedChunks("samples", "disk-full.md");
      assertEquals(List.of("Node disk full", "NodeDiskFull"), disk.get(0).headingPath()); // intro + Diagnosis merged
      assertTrue(disk.get(0).text().contains("Diagnosis\n1. Confirm the filesystem"), disk.get(0).text());
      assertEquals(List.of("Node disk full", "NodeDiskFull", "Mitigation"), disk.get(1).headingPath());
      assertTrue(disk.stream().allMatch(c -> c.vector(EMBEDDER) != null && c.vector(EMBEDDER).length == embedder.dimension()));

      // Nothing changed: nothing embedded.
      IngestReport again = run.syncDirectory(dir, "samples", IngestListener.NONE);
      assertEquals(sampleCount, again.unchanged());
      assertEquals(0, again.embeddingsComputed());
      assertEquals("added 0, updated 0, renamed 0, deleted 0, unchanged " + sampleCount + ", skipped 0", again.summaryLine());

      // Edit one section of one file: only that file is rewritten, its other sections' vectors reused.
      Path oom = dir.resolve("oomkilled-pods.md");
      int oomChunks = index.storedChunks("samples", "oomkilled-pods.md").size();
      Files.writeString(oom, Files.readString(oom) + "- Page the owning team if the kill repeats after the rollback.\n");
      IngestReport edited = run.syncDirectory(dir, "samples", IngestListener.NONE);
      assertEquals(1, edited.updated(), edited.toString());
      assertEquals(sampleCount - 1, edited.unchanged());
      assertTrue(edited.embeddingsComputed() >= 1 && edited.embeddingsComputed() < oomChunks,
          "embedded " + edited.embeddingsComputed() + " of " + oomChunks);
      assertTrue(index.storedChunks("samples", "oomkilled-pods.md").stream()
          .anyMatch(c -> c.text().contains("Page the owning team")));

      // Delete one file: its chunks and manifest are purged.
      Files.delete(dir.resolve("dns-resolution-failures.md"));
      IngestReport deleted = run.syncDirectory(dir, "samples", IngestListener.NONE);
      assertEquals(1, deleted.deleted());
      assertTrue(index.storedChunks("samples", "dns-resolution-failures.md").isEmpty());
      assertTrue(index.manifest("samples", "dns-resolution-failures.md").isEmpty());

      // Rename (into a sub-folder): same content at a new path reuses every vector.
      List<Chunk> before = index.storedChunks("samples", "certificate-expiry.md");
      Files.createDirectories(dir.resolve("tls"));
      Files.move(dir.resolve("certificate-expiry.md"), dir.resolve("tls/cert-expiry.md"));
      IngestReport renamed = run.syncDirectory(dir, "samples", IngestListener.NONE);
      assertEquals(1, renamed.renamed(), renamed.toString());
      assertEquals(0, renamed.added());
      assertEquals(0, renamed.deleted());
      assertEquals(0, renamed.embeddingsComputed());
      assertTrue(index.manifest("samples", "certificate-expiry.md").isEmpty());
      List<Chunk> after = index.storedChunks("samples", "tls/cert-expiry.md");
      assertEquals(before.size(), after.size());
      for (int i = 0; i < before.size(); i++) {
        assertEquals(before.get(i).text(), after.get(i).text());
        assertArrayEquals(before.get(i).vector(EMBEDDER), after.get(i).vector(EMBEDDER));
      }
      assertEquals(sumOfManifests(index.manifests("samples")), index.chunkCount("samples"));

      // A file that turns unreadable is skipped with its reason; its last good version stays.
      int pendingChunks = index.storedChunks("samples", "pod-pending.zh.md").size();
      Files.write(dir.resolve("pod-pending.zh.md"), new byte[] {'#', ' ', 0, (byte) 0x28});
      IngestReport broken = run.syncDirectory(dir, "samples", IngestListener.NONE);
      assertEquals(List.of(new SkippedFile("pod-pending.zh.md", "binary content (NUL byte at offset 2)")), broken.skipped());
      assertEquals(0, broken.deleted());
      assertEquals(pendingChunks, index.storedChunks("samples", "pod-pending.zh.md").size());
    }
  }

  @Test
  void aStoppedRunCommitsWhatItDidAndTheNextRunFinishes() throws Exception {
    Path dir = copySamples();
    int sampleCount = fileCount(dir);
    try (KnowledgeIndex index = openIndex()) {
      IngestRun run = new IngestRun(index, embedder, IngestOptions.DEFAULT);
      // asked to stop once three files are done: between files, or inside the fourth's embedding
      int[] done = {0};
      List<IngestReport> finished = new ArrayList<>();
      IngestReport stopped = run.syncDirectory(dir, "samples", new IngestListener() {
        @Override
        public void fileDone(FileOutcome outcome) {
          done[0]++;
        }

        @Override
        public void finished(IngestReport report) {
          finished.add(report);
        }
      }, () -> done[0] >= 3);
      assertTrue(stopped.stopped(), "the report says the run stopped early");
      assertTrue(stopped.summaryLine().contains("stopped early"), stopped.summaryLine());
      assertEquals(3, stopped.added());
      assertEquals(List.of(stopped), finished, "listeners hear the early end");
      assertEquals(3, index.manifests("samples").size(), "the three files done are committed, nothing of the fourth");
      IngestReport rest = run.syncDirectory(dir, "samples", IngestListener.NONE);
      assertFalse(rest.stopped());
      assertEquals(sampleCount - 3, rest.added());
      assertEquals(3, rest.unchanged());
      assertEquals(sampleCount, index.manifests("samples").size());
    }
  }

  @Test
  void badFilesAreSkippedWithReasonsAndTheRunGoesOn() throws Exception {
    Path dir = copySamples();
    Files.write(dir.resolve("binary.txt"), new byte[] {'M', 'Z', 0, 0, 3, 0});
    Files.writeString(dir.resolve("broken.pdf"), "%PDF-1.4\n1 0 obj << /Type /Catalog >>\ntruncated");
    Files.writeString(dir.resolve("rotated.log.gz"), "this was never gzip-compressed\n");
    Files.write(dir.resolve("latin1.md"), "caf\u00e9 au lait\n".getBytes(StandardCharsets.ISO_8859_1));
    Files.write(dir.resolve("diagram.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G'});
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
      out.write("2026-03-14T03:00:00Z ERROR disk /data is full\n".getBytes(StandardCharsets.UTF_8));
    }
    Files.write(dir.resolve("old.log.gz"), gz.toByteArray());
    try (KnowledgeIndex index = openIndex()) {
      IngestReport report = new IngestRun(index, embedder, IngestOptions.DEFAULT).syncDirectory(dir, "samples", IngestListener.NONE);
      Map<String, String> reasons = new java.util.TreeMap<>();
      for (SkippedFile s : report.skipped()) reasons.put(s.sourcePath(), s.reason());
      assertEquals(List.of("binary.txt", "broken.pdf", "diagram.png", "rotated.log.gz"), List.copyOf(reasons.keySet()));
      assertTrue(reasons.get("binary.txt").startsWith("binary content"), reasons.toString());
      assertTrue(reasons.get("broken.pdf").startsWith("corrupt PDF"), reasons.toString());
      assertTrue(reasons.get("diagram.png").startsWith("unsupported file type .png"), reasons.toString());
      assertTrue(reasons.get("rotated.log.gz").startsWith("not a valid gzip file"), reasons.toString());
      assertTrue(index.manifest("samples", "old.log.gz").isPresent(), "the good .gz log is indexed");
      assertTrue(index.manifest("samples", "latin1.md").isPresent(), "a Latin-1 file is decoded and indexed");
      try (Stream<Path> s = Files.list(Samples.runbooks())) {
        assertEquals(s.count() + 2, report.added());
      }
    }
  }

  @Test
  void uploadedDocumentsAreAddedReplacedAndDeleted() throws Exception {
    try (KnowledgeIndex index = openIndex()) {
      // Sections are not merged here, so each is a chunk of its own.
      var options = new IngestOptions(new dev.opsmind.indexer.chunk.ChunkingOptions(360, 48, 0, 30, 3), 200, 2000, 32);
      IngestRun run = new IngestRun(index, embedder, options);
      byte[] v1 = "# KafkaConsumerLag\n\n## Diagnosis\n\nCheck consumer group offsets.\n".getBytes(StandardCharsets.UTF_8);
      FileOutcome added = run.ingestDocument("uploads", "kafka/consumer-lag.md", v1, 1000);
      assertEquals(FileOutcome.Kind.ADDED, added.kind());
      assertEquals(1, added.chunks());
      assertEquals(FileOutcome.Kind.UNCHANGED, run.ingestDocument("uploads", "kafka/consumer-lag.md", v1, 2000).kind());
      byte[] v2 = "# KafkaConsumerLag\n\n## Diagnosis\n\nCheck consumer group offsets.\n\n## Mitigation\n\nAdd partitions.\n"
          .getBytes(StandardCharsets.UTF_8);
      FileOutcome updated = run.ingestDocument("uploads", "kafka/consumer-lag.md", v2, 3000);
      assertEquals(FileOutcome.Kind.UPDATED, updated.kind());
      assertEquals(2, updated.chunks());
      assertEquals(1, updated.embedded(), "the unchanged Diagnosis chunk keeps its vector");
      assertEquals(2, index.chunkCount("uploads"));
      assertThrows(IllegalArgumentException.class, () -> run.ingestDocument("uploads", "../etc/passwd.md", v1, 0));
      var unsupported = assertThrows(dev.opsmind.indexer.parse.BadSourceException.class,
          () -> run.ingestDocument("uploads", "slides.pptx", v1, 0));
      assertTrue(unsupported.getMessage().contains("unsupported file type"));
      assertTrue(run.deleteDocument("uploads", "kafka/consumer-lag.md"));
      assertFalse(run.deleteDocument("uploads", "kafka/consumer-lag.md"));
      assertEquals(0, index.chunkCount("uploads"));
    }
  }

  static long sumOfManifests(Map<String, SourceManifest> manifests) {
    return manifests.values().stream().mapToLong(m -> m.chunkIds().size()).sum();
  }

  static List<String> sorted(List<String> list) {
    String[] a = list.toArray(String[]::new);
    Arrays.sort(a);
    return List.of(a);
  }
}
