package dev.opsmind.retrieval;

import static dev.opsmind.retrieval.TestChunks.DIM;
import static dev.opsmind.retrieval.TestChunks.SPACE;
import static dev.opsmind.retrieval.TestChunks.chunk;
import static dev.opsmind.retrieval.TestChunks.manifest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.opsmind.retrieval.replica.CommitCopy;
import dev.opsmind.retrieval.replica.CommitFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.lucene.index.IndexCommit;
import org.apache.lucene.store.IOContext;
import org.apache.lucene.store.IndexInput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Commit shipping between two index folders in one process (the cluster test does it across
 * JVMs): a replica copies the writer's commits, searches see each whole, a failed copy leaves the
 * previous commit, a promoted replica writes on from its last copy, and a replica that held
 * commits of a dead writer's lineage converges on the new writer's.
 */
class ReplicaCopyTest {
  private static final List<VectorSpace> SPACES = List.of(new VectorSpace(SPACE, DIM));
  @TempDir Path tmp;

  private static void put(KnowledgeIndex index, String path, String... texts) {
    List<Chunk> chunks = new java.util.ArrayList<>();
    for (int i = 0; i < texts.length; i++) {
      chunks.add(chunk("ops", path, i, texts[i]));
    }
    index.replaceSource("ops", path, manifest(path, "h" + String.join("", texts).hashCode(), chunks), chunks);
    index.commit();
  }

  /** Copies the writer's last commit into the replica, as the cluster does over the event bus. */
  private static CommitCopy.Result ship(KnowledgeIndex writer, KnowledgeIndex replica, AtomicInteger failAfter)
      throws IOException {
    IndexCommit pinned = writer.snapshotLatest();
    try {
      CommitFiles commit = CommitFiles.of(writer.luceneDirectory(), pinned);
      CommitCopy.Result result = CommitCopy.apply(replica.luceneDirectory(), commit, (name, offset, length) -> {
        if (failAfter != null && failAfter.decrementAndGet() < 0) {
          throw new IOException("the writer went away");
        }
        try (IndexInput in = writer.luceneDirectory().openInput(name, IOContext.READONCE)) {
          byte[] bytes = new byte[(int) Math.min(length, in.length() - offset)];
          in.seek(offset);
          in.readBytes(bytes, 0, bytes.length);
          return bytes;
        }
      });
      replica.refresh();
      CommitCopy.cleanup(replica.luceneDirectory(), commit);
      return result;
    } finally {
      writer.release(pinned);
    }
  }

  @Test
  void aReplicaSeesEachCopiedCommitWholeAndCopiesOnlyNewFiles() throws IOException {
    try (KnowledgeIndex writer = KnowledgeIndex.open(tmp.resolve("w"), SPACES);
        KnowledgeIndex replica = KnowledgeIndex.openReplica(tmp.resolve("r"), SPACES)) {
      assertFalse(replica.writable());
      assertThrows(ReadOnlyIndexException.class, () -> put(replica, "x.md", "nope"));
      put(writer, "a.md", "restart nginx", "check the upstream");
      ship(writer, replica, null);
      assertEquals(2, replica.chunkCount("ops"));
      put(writer, "b.md", "disk full on var");
      CommitCopy.Result second = ship(writer, replica, null);
      assertEquals(3, replica.chunkCount("ops"));
      assertTrue(second.files() < CommitFiles.latest(writer.luceneDirectory()).orElseThrow().files().size(),
          "the first segment's files were not copied again: " + second);
      assertEquals(CommitFiles.latest(writer.luceneDirectory()).orElseThrow().segments(),
          CommitFiles.latest(replica.luceneDirectory()).orElseThrow().segments());

      put(writer, "c.md", "rotate the logs");
      assertThrows(IOException.class, () -> ship(writer, replica, new AtomicInteger(1)));
      replica.refresh();
      assertEquals(3, replica.chunkCount("ops"), "a failed copy leaves the previous commit, whole");
      ship(writer, replica, null);
      assertEquals(4, replica.chunkCount("ops"));
    }
  }

  @Test
  void aPromotedReplicaWritesOnAndAStaleReplicaConvergesOnTheNewLineage() throws IOException {
    KnowledgeIndex first = KnowledgeIndex.open(tmp.resolve("w"), SPACES);
    KnowledgeIndex second = KnowledgeIndex.openReplica(tmp.resolve("r1"), SPACES);
    KnowledgeIndex third = KnowledgeIndex.openReplica(tmp.resolve("r2"), SPACES);
    try {
      put(first, "a.md", "restart nginx");
      ship(first, second, null);
      ship(first, third, null);
      put(first, "b.md", "only the third saw this");
      ship(first, third, null); // the writer then dies: the second never got b.md
      first.close();
      assertEquals(1, second.chunkCount("ops"));
      assertEquals(2, third.chunkCount("ops"));

      second.promote(); // takes over from its last copy
      assertTrue(second.writable());
      put(second, "c.md", "written by the new writer", "two chunks");
      ship(second, third, null);
      assertEquals(3, third.chunkCount("ops"), "a.md and c.md; b.md of the dead lineage is gone");
      assertTrue(third.manifest("ops", "b.md").isEmpty());
      assertEquals(CommitFiles.latest(second.luceneDirectory()).orElseThrow().segments(),
          CommitFiles.latest(third.luceneDirectory()).orElseThrow().segments());
    } finally {
      second.close();
      third.close();
    }
    try (KnowledgeIndex reopened = KnowledgeIndex.openReadOnly(tmp.resolve("r2"))) {
      assertEquals(3, reopened.chunkCount("ops"), "the replica's folder holds the new writer's commit after a restart");
    }
  }

  @Test
  void aDemotedWriterDropsItsUncommittedWritesAndFollowsTheNewWriter() throws IOException {
    try (KnowledgeIndex old = KnowledgeIndex.openReplica(tmp.resolve("a"), SPACES);
        KnowledgeIndex next = KnowledgeIndex.openReplica(tmp.resolve("b"), SPACES)) {
      old.promote();
      put(old, "a.md", "restart nginx");
      ship(old, next, null);
      List<Chunk> chunks = List.of(chunk("ops", "late.md", 0, "never committed"));
      old.replaceSource("ops", "late.md", manifest("late.md", "h1", chunks), chunks); // not committed
      old.demote(); // another node was elected with a newer term
      assertFalse(old.writable());
      assertThrows(ReadOnlyIndexException.class, () -> put(old, "x.md", "refused"));
      assertEquals(1, old.chunkCount("ops"), "the uncommitted write is dropped; the last commit is searched");
      next.promote();
      put(next, "b.md", "the new writer's", "two chunks");
      ship(next, old, null);
      assertEquals(3, old.chunkCount("ops"), "the demoted writer copies the new writer's commits like any replica");
      assertTrue(old.manifest("ops", "late.md").isEmpty());
    }
  }
}
