package dev.opsmind.indexer.ingest;

import static org.junit.jupiter.api.Assertions.*;

import dev.opsmind.indexer.chunk.Chunker;
import dev.opsmind.indexer.chunk.ChunkingOptions;
import dev.opsmind.indexer.source.ContentHash;
import dev.opsmind.indexer.source.SourceFormat;
import dev.opsmind.retrieval.Chunk;
import dev.opsmind.inference.embed.Embedder;
import dev.opsmind.retrieval.KnowledgeIndex;
import dev.opsmind.retrieval.VectorSpace;
import dev.opsmind.retrieval.SourceManifest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Durability for real: a child JVM runs a sync over many files and is killed (destroyForcibly,
 * SIGKILL) at several points; after each kill every source must be in its old or its new state
 * (chunks match that version's content exactly, manifest and chunks agree, no orphan chunks), and
 * a final run completes the work.
 */
class KillRecoveryTest {
  static final String EMBEDDER = "bge-small-zh-v1.5-q";
  static final String COLLECTION = "kill";
  static final int FILES = 120;
  static final int COMMIT_EVERY = 7;

  @TempDir Path tmp;

  /** Version A: every file; version B: some deleted, some renamed, the rest edited. */
  static Map<String, String> versionA() {
    Map<String, String> files = new TreeMap<>();
    for (int i = 0; i < FILES; i++) files.put("svc%03d/runbook.md".formatted(i), runbook(i, "restart the worker pool"));
    return files;
  }

  static Map<String, String> versionB() {
    Map<String, String> files = new TreeMap<>();
    for (int i = 0; i < FILES; i++) {
      if (i % 12 == 5) continue; // deleted
      if (i % 12 == 7) {
        files.put("renamed/svc%03d.md".formatted(i), runbook(i, "restart the worker pool")); // renamed, same content
        continue;
      }
      files.put("svc%03d/runbook.md".formatted(i), runbook(i, "drain the node and reschedule service " + i));
    }
    return files;
  }

  static String runbook(int i, String mitigation) {
    return """
        # Service%03d latency alert

        Service %d answers slowly; the p99 latency is above its objective.

        ## Diagnosis

        Check the request rate, the error rate and saturation of service %d.

        ## Mitigation

        To recover, %s.
        """.formatted(i, i, i, mitigation);
  }

  @Test
  void killedRunsLeaveEverySourceOldOrNewAndTheNextRunFinishes() throws Exception {
    Path src = tmp.resolve("src");
    Path indexDir = tmp.resolve("index");
    Map<String, String> a = versionA();
    Map<String, String> b = versionB();

    write(src, a);
    assertKilled(runChild(src, indexDir, 15));
    checkIndex(indexDir, List.of(Map.of(), a));
    assertFinished(runChild(src, indexDir, -1));
    checkIndex(indexDir, List.of(a));

    write(src, b);
    List<Integer> killPoints = List.of(3, 30, 60);
    for (int k : killPoints) {
      ChildResult r = runChild(src, indexDir, k);
      assertKilled(r);
      checkIndex(indexDir, List.of(a, b));
    }
    ChildResult last = runChild(src, indexDir, -1);
    assertFinished(last);
    checkIndex(indexDir, List.of(b));
    ChildResult again = runChild(src, indexDir, -1);
    assertFinished(again);
    int unchanged = b.size();
    assertTrue(again.lines.contains("FINISHED added 0, updated 0, renamed 0, deleted 0, unchanged " + unchanged + ", skipped 0"),
        again.lines.toString());
  }

  static final String SECOND = "all-minilm-l6-v2";

  /**
   * An embedder added to an index re-embeds every source, resumably: killed midway, each source
   * holds either only the old model's vectors (its manifest naming only that model) or both, and
   * a vector in a model's field is always that model's; the next run finishes, reusing the old
   * model's vectors instead of computing them again.
   */
  @Test
  void addingAnEmbedderReembedsResumablyAndNeverMixesModels() throws Exception {
    Path src = tmp.resolve("src");
    Path indexDir = tmp.resolve("index");
    Map<String, String> a = versionA();
    write(src, a);
    assertFinished(runChild(src, indexDir, -1, EMBEDDER));
    String both = EMBEDDER + "," + SECOND + ":en";
    assertKilled(runChild(src, indexDir, 40, both));
    int migrated = checkSpaces(indexDir, false);
    assertTrue(migrated > 40 - COMMIT_EVERY && migrated < FILES, "migrated " + migrated); // commits every 7 files
    ChildResult rest = runChild(src, indexDir, -1, both);
    assertFinished(rest);
    assertTrue(rest.lines.stream().anyMatch(l -> l.startsWith("FINISHED") && l.contains("updated " + (FILES - migrated) + ",")),
        rest.lines.toString());
    assertEquals(FILES, checkSpaces(indexDir, true));
    ChildResult again = runChild(src, indexDir, -1, both);
    assertTrue(again.lines.contains("FINISHED added 0, updated 0, renamed 0, deleted 0, unchanged " + FILES + ", skipped 0"),
        again.lines.toString());
  }

  /** Checks every source's vectors against its manifest and the models; returns how many hold both. */
  private static int checkSpaces(Path indexDir, boolean allMigrated) {
    try (Embedder second = Embedder.load(SECOND);
        KnowledgeIndex index = KnowledgeIndex.open(indexDir, List.of(new VectorSpace(EMBEDDER, 512),
            new VectorSpace(SECOND, second.dimension())))) {
      int migrated = 0;
      for (SourceManifest m : index.manifests(COLLECTION).values()) {
        boolean withSecond = m.vectorSpaces().contains(SECOND);
        assertTrue(withSecond || !allMigrated, m.sourcePath() + " was not re-embedded");
        migrated += withSecond ? 1 : 0;
        List<Chunk> chunks = index.storedChunks(COLLECTION, m.sourcePath());
        for (Chunk c : chunks) {
          assertNotNull(c.vector(EMBEDDER), m.sourcePath());
          assertEquals(withSecond, c.vector(SECOND) != null, m.sourcePath() + ": vectors differ from its manifest");
        }
        if (withSecond) { // the vector in the second model's field is that model's
          Chunk c = chunks.get(0);
          float[] expected = second.embed(List.of(SourceChunks.embeddingText(c)))[0];
          assertArrayEquals(expected, c.vector(SECOND), 1e-4f, m.sourcePath());
        }
      }
      return migrated;
    }
  }

  private static void write(Path root, Map<String, String> files) throws IOException {
    if (Files.exists(root)) {
      try (Stream<Path> walk = Files.walk(root)) {
        for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
      }
    }
    for (var e : files.entrySet()) {
      Path p = root.resolve(e.getKey());
      Files.createDirectories(p.getParent());
      Files.writeString(p, e.getValue());
    }
  }

  record ChildResult(boolean killed, int exitCode, List<String> lines, String stderr) {}

  /** Runs the child; kills it once it has reported {@code killAfterDone} files (-1: let it finish). */
  private ChildResult runChild(Path src, Path indexDir, int killAfterDone) throws Exception {
    return runChild(src, indexDir, killAfterDone, EMBEDDER);
  }

  private ChildResult runChild(Path src, Path indexDir, int killAfterDone, String embedders) throws Exception {
    Path stderr = Files.createTempFile(tmp, "child", ".err");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(java, "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
        "-Dai.djl.offline=true", "-Xmx1g", "-XX:+UseSerialGC", IngestChild.class.getName(),
        src.toString(), indexDir.toString(), COLLECTION, String.valueOf(COMMIT_EVERY), embedders);
    // The class path goes through the environment: ONNX Runtime dislikes long command lines.
    pb.environment().put("CLASSPATH", System.getProperty("java.class.path"));
    pb.redirectError(stderr.toFile());
    Process p = pb.start();
    List<String> lines = new ArrayList<>();
    int done = 0;
    boolean killed = false;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        lines.add(line);
        if (line.startsWith("DONE ") && !line.startsWith("DONE UNCHANGED") && ++done == killAfterDone) {
          p.destroyForcibly(); // SIGKILL: no shutdown hooks, no close, no rollback
          killed = true;
          break;
        }
      }
    }
    assertTrue(p.waitFor(5, TimeUnit.MINUTES), "child did not end");
    return new ChildResult(killed, p.exitValue(), lines, Files.readString(stderr));
  }

  private static void assertKilled(ChildResult r) {
    assertTrue(r.killed, "the child finished before the kill point: " + r.lines + "\n" + r.stderr);
    assertFalse(r.lines.stream().anyMatch(l -> l.startsWith("FINISHED")), r.lines.toString());
  }

  private static void assertFinished(ChildResult r) {
    assertEquals(0, r.exitCode, "child failed:\n" + r.stderr);
    assertTrue(r.lines.stream().anyMatch(l -> l.startsWith("FINISHED")), r.lines + "\n" + r.stderr);
  }

  /**
   * Every path of any version is in the state of one of {@code versions} (absent where that
   * version lacks it), and the index holds exactly the chunks its manifests list.
   */
  private static void checkIndex(Path indexDir, List<Map<String, String>> versions) {
    SourceChunks chunker = new SourceChunks(new Chunker(ChunkingOptions.DEFAULT));
    try (KnowledgeIndex index = KnowledgeIndex.open(indexDir, 512, EMBEDDER)) {
      Map<String, SourceManifest> manifests = index.manifests(COLLECTION);
      Set<String> paths = new HashSet<>(manifests.keySet());
      versions.forEach(v -> paths.addAll(v.keySet()));
      for (String path : paths) {
        SourceManifest m = manifests.get(path);
        String state = m == null ? null : m.contentHash();
        Map<String, String> matching = null;
        for (Map<String, String> v : versions) {
          String expected = v.containsKey(path) ? ContentHash.of(v.get(path)) : null;
          if (java.util.Objects.equals(expected, state)) matching = v;
        }
        assertNotNull(matching, path + " is in neither the old nor the new state (hash " + state + ")");
        if (m == null) {
          assertTrue(index.storedChunks(COLLECTION, path).isEmpty(), path + " has chunks but no manifest");
          continue;
        }
        byte[] bytes = matching.get(path).getBytes(StandardCharsets.UTF_8);
        List<Chunk> expected = chunker.chunks(COLLECTION, path, SourceFormat.MARKDOWN, bytes, m.contentHash(), 0);
        Map<String, Chunk> stored = new HashMap<>();
        for (Chunk c : index.storedChunks(COLLECTION, path)) stored.put(c.id(), c);
        assertEquals(expected.stream().map(Chunk::id).toList(), m.chunkIds(), path + ": manifest lists other chunks");
        assertEquals(m.chunkIds().size(), stored.size(), path + ": stored chunks differ from the manifest");
        for (Chunk e : expected) {
          Chunk s = stored.get(e.id());
          assertNotNull(s, path + ": chunk " + e.id() + " missing");
          assertEquals(e.text(), s.text());
          assertEquals(m.contentHash(), s.contentHash());
          assertNotNull(s.vector(EMBEDDER), path + ": chunk without vector");
        }
      }
      assertEquals(IngestRunTest.sumOfManifests(manifests), index.chunkCount(COLLECTION), "orphan chunks in the index");
    }
  }
}
