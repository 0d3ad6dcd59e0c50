package dev.opsmind.indexer.ingest;

import dev.opsmind.indexer.actions.ActionScanner;
import dev.opsmind.indexer.chunk.Chunker;
import dev.opsmind.indexer.parse.BadSourceException;
import dev.opsmind.indexer.source.ContentHash;
import dev.opsmind.indexer.source.ScanResult;
import dev.opsmind.indexer.source.SkippedFile;
import dev.opsmind.indexer.source.SourceFile;
import dev.opsmind.indexer.source.SourceFormat;
import dev.opsmind.indexer.source.SourceScanner;
import dev.opsmind.indexer.embed.EmbedderSet;
import dev.opsmind.inference.embed.Embedder;
import dev.opsmind.retrieval.Chunk;
import dev.opsmind.retrieval.KnowledgeIndex;
import dev.opsmind.retrieval.SourceManifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * Keeps a collection of the index in step with a directory tree, or takes in single uploaded
 * documents. A directory run compares content hashes with the index's manifest entries and only
 * reads, chunks and embeds what changed: new and edited files are written, files whose content
 * is indexed under a vanished path are renamed (their vectors reused), vanished files are purged.
 * Each source is replaced as one unit and the index is committed every few seconds, so a run
 * killed at any moment leaves every source in its old or its new state; the next run finishes.
 * One bad file is skipped with its reason and never stops the run.
 *
 * <p>Thread-safe: it keeps no state between calls, so the server's uploads may call it from
 * several threads while a directory sync runs (the index orders writes and commits). Two syncs of
 * the same collection at once are not coordinated: the last one's view wins at the next run.
 */
public final class IngestRun {
  private final KnowledgeIndex index;
  private final EmbedderSet embedders;
  private final IngestOptions options;
  private final SourceChunks sourceChunks;

  public IngestRun(KnowledgeIndex index, Embedder embedder, IngestOptions options) {
    this(index, EmbedderSet.of(Objects.requireNonNull(embedder, "embedder")), options);
  }

  /** {@code embedders} must be exactly the index's vector spaces (same names, same dimensions). */
  public IngestRun(KnowledgeIndex index, EmbedderSet embedders, IngestOptions options) {
    this.index = Objects.requireNonNull(index, "index");
    this.embedders = Objects.requireNonNull(embedders, "embedders");
    this.options = Objects.requireNonNull(options, "options");
    if (!new java.util.HashSet<>(embedders.spaces()).equals(new java.util.HashSet<>(index.spaces()))) {
      throw new IllegalArgumentException("embedders " + embedders.spaces() + " do not match the vector spaces "
          + index.spaces() + " index " + index.directory() + " was opened with");
    }
    this.sourceChunks = new SourceChunks(new Chunker(options.chunking()));
  }

  // ---- directory sync ----

  /** Makes {@code collection} mirror the files under {@code root}. */
  public IngestReport syncDirectory(Path root, String collection, IngestListener listener) {
    return syncDirectory(root, collection, listener, () -> false);
  }

  /**
   * {@link #syncDirectory(Path, String, IngestListener)} that ends early once {@code stop} says so
   * (asked between files and between embedding batches): the file in progress is dropped, what
   * is done is committed, and the report says {@link IngestReport#stopped}. A server shutting
   * down uses it, so it need not wait for a long first indexing, nor close the embedder under it.
   */
  public IngestReport syncDirectory(Path root, String collection, IngestListener listener, BooleanSupplier stop) {
    try {
      return sync(root, collection, listener, stop);
    } catch (Stopped e) {
      return e.report;
    }
  }

  /** Thrown inside a run asked to stop, carrying its report. */
  private static final class Stopped extends RuntimeException {
    final transient IngestReport report;

    Stopped(IngestReport report) {
      super(null, null, false, false);
      this.report = report;
    }
  }

  private IngestReport sync(Path root, String collection, IngestListener listener, BooleanSupplier stop) {
    long start = System.currentTimeMillis();
    long truncatedBefore = embedders.truncatedCount();
    ScanResult scan = new SourceScanner().scan(root);
    List<SkippedFile> skipped = new ArrayList<>(scan.skipped());
    Map<String, SourceManifest> manifests = index.manifests(collection);
    IngestPlan plan = IngestPlanner.plan(scan.files(), manifests, index.spaceNames(), skipped);
    listener.planned(plan);
    Counters c = new Counters();
    Committer committer = new Committer(listener);
    Runnable checkStop = () -> {
      if (stop.getAsBoolean()) {
        committer.commitNow();
        IngestReport report = report(collection, c, plan, skipped, truncatedBefore, start, true);
        listener.finished(report);
        throw new Stopped(report);
      }
    };
    c.checkStop = checkStop;

    for (var rename : plan.renames().entrySet()) {
      checkStop.run();
      SourceFile file = rename.getKey();
      String oldPath = rename.getValue();
      List<Chunk> reusable = index.storedChunks(collection, oldPath);
      FileOutcome outcome = write(collection, file, FileOutcome.Kind.RENAMED, oldPath, reusable, c, skipped, listener);
      if (outcome.kind() == FileOutcome.Kind.RENAMED) {
        index.deleteSource(collection, oldPath); // same commit as the new path: never both, never neither
        c.renamed++;
      }
      listener.fileDone(outcome);
      committer.wrote();
    }
    for (String path : plan.toDelete()) {
      checkStop.run();
      index.deleteSource(collection, path);
      c.deleted++;
      listener.fileDone(new FileOutcome(path, FileOutcome.Kind.DELETED, 0, 0, 0, ""));
      committer.wrote();
    }
    for (SourceFile file : plan.toWrite()) {
      checkStop.run();
      boolean known = manifests.containsKey(file.sourcePath());
      List<Chunk> reusable = known ? index.storedChunks(collection, file.sourcePath()) : List.of();
      FileOutcome outcome = write(collection, file, known ? FileOutcome.Kind.UPDATED : FileOutcome.Kind.ADDED, "",
          reusable, c, skipped, listener);
      if (outcome.kind() == FileOutcome.Kind.ADDED) c.added++;
      if (outcome.kind() == FileOutcome.Kind.UPDATED) c.updated++;
      listener.fileDone(outcome);
      committer.wrote();
    }
    committer.commitNow();
    for (SourceFile file : plan.unchanged()) {
      listener.fileDone(new FileOutcome(file.sourcePath(), FileOutcome.Kind.UNCHANGED,
          manifests.get(file.sourcePath()).chunkIds().size(), 0, file.size(), ""));
    }
    IngestReport report = report(collection, c, plan, skipped, truncatedBefore, start, false);
    listener.finished(report);
    return report;
  }

  private IngestReport report(String collection, Counters c, IngestPlan plan, List<SkippedFile> skipped,
      long truncatedBefore, long start, boolean stopped) {
    return new IngestReport(collection, c.added, c.updated, c.renamed, c.deleted, plan.unchanged().size(),
        skipped, c.chunksWritten, c.embedded, c.reused, embedders.truncatedCount() - truncatedBefore,
        System.currentTimeMillis() - start, stopped);
  }

  /**
   * Reads, chunks, embeds and writes one file (not yet committed). A file that cannot be read is
   * reported SKIPPED and the index keeps what it had for that path.
   */
  private FileOutcome write(String collection, SourceFile file, FileOutcome.Kind kind, String detail,
      List<Chunk> reusable, Counters c, List<SkippedFile> skipped, IngestListener listener) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file.file());
    } catch (IOException e) {
      return skip(file.sourcePath(), "unreadable: " + e.getMessage(), skipped);
    }
    String hash = ContentHash.of(bytes); // of what is read now: the file may have changed since the plan
    List<Chunk> drafts;
    try {
      drafts = sourceChunks.chunks(collection, file.sourcePath(), file.format(), bytes, hash, file.modifiedMillis());
    } catch (BadSourceException e) {
      return skip(file.sourcePath(), e.reason(), skipped);
    } catch (RuntimeException | StackOverflowError e) {
      // A parser failing on one strange file must not end the run; the reason names it.
      return skip(file.sourcePath(), "cannot be parsed: " + e, skipped);
    }
    Embedded embedded = embed(drafts, reusable, c, listener);
    index.replaceSource(collection, file.sourcePath(),
        SourceManifest.of(file.sourcePath(), file.format().id(), hash, file.modifiedMillis(), embedded.chunks(),
            index.spaceNames()),
        embedded.chunks(), notes(collection, file.sourcePath(), file.format(), bytes));
    c.chunksWritten += embedded.chunks().size();
    return new FileOutcome(file.sourcePath(), kind, embedded.chunks().size(), embedded.computed(), file.size(), detail);
  }

  private static FileOutcome skip(String sourcePath, String reason, List<SkippedFile> skipped) {
    skipped.add(new SkippedFile(sourcePath, reason));
    return new FileOutcome(sourcePath, FileOutcome.Kind.SKIPPED, 0, 0, 0, reason);
  }

  /** Chunks with their vectors, and how many vectors the embedders computed. */
  private record Embedded(List<Chunk> chunks, int computed) {}

  /**
   * Gives every chunk a vector from each embedder serving its language: reused from
   * {@code reusable} where that space held one for the same embedded text, computed otherwise.
   */
  private Embedded embed(List<Chunk> chunks, List<Chunk> reusable, Counters c, IngestListener listener) {
    List<Map<String, float[]>> vectors = new ArrayList<>();
    for (int i = 0; i < chunks.size(); i++) {
      vectors.add(new java.util.LinkedHashMap<>());
    }
    int computed = 0;
    for (EmbedderSet.Member member : embedders.members()) {
      String space = member.embedder().name();
      Map<String, float[]> known = new HashMap<>();
      for (Chunk old : reusable) {
        float[] v = old.vector(space);
        if (v != null) known.put(SourceChunks.embeddingText(old), v);
      }
      List<Integer> todo = new ArrayList<>();
      for (int i = 0; i < chunks.size(); i++) {
        if (!embedders.forLanguage(chunks.get(i).language()).contains(member)) continue;
        float[] v = known.get(SourceChunks.embeddingText(chunks.get(i)));
        if (v != null) {
          vectors.get(i).put(space, v);
          c.reused++;
        } else {
          todo.add(i);
        }
      }
      for (int from = 0; from < todo.size(); from += options.embedBatchSize()) {
        if (c.checkStop != null) {
          c.checkStop.run(); // before the file is written: it stays as it was
        }
        List<Integer> batch = todo.subList(from, Math.min(todo.size(), from + options.embedBatchSize()));
        float[][] out = member.embedder().embed(batch.stream().map(i -> SourceChunks.embeddingText(chunks.get(i))).toList());
        for (int k = 0; k < batch.size(); k++) {
          vectors.get(batch.get(k)).put(space, out[k]);
        }
        c.embedded += batch.size();
        listener.embedded(batch.size());
      }
      computed += todo.size();
    }
    List<Chunk> out = new ArrayList<>(chunks.size());
    for (int i = 0; i < chunks.size(); i++) {
      out.add(chunks.get(i).withVectors(vectors.get(i)));
    }
    return new Embedded(out, computed);
  }

  // ---- single documents (the server's upload) ----

  /**
   * Takes in one uploaded document under {@code name} (its source path; the extension decides the
   * format) and commits. Same content as indexed: UNCHANGED, nothing written.
   *
   * @throws BadSourceException when the name's type is unsupported or the content cannot be read
   */
  public FileOutcome ingestDocument(String collection, String name, byte[] bytes, long modifiedMillis) {
    String sourcePath = documentPath(name);
    SourceFormat format = SourceFormat.ofFileName(sourcePath.substring(sourcePath.lastIndexOf('/') + 1))
        .orElseThrow(() -> new BadSourceException(sourcePath,
            "unsupported file type (expected .md, .markdown, .txt, .html, .htm, .pdf, .log or .gz)"));
    String hash = ContentHash.of(bytes);
    var existing = index.manifest(collection, sourcePath);
    if (existing.isPresent() && existing.get().contentHash().equals(hash) && existing.get().current(index.spaceNames())) {
      return new FileOutcome(sourcePath, FileOutcome.Kind.UNCHANGED, existing.get().chunkIds().size(), 0, bytes.length, "");
    }
    Counters c = new Counters();
    List<Chunk> reusable = existing.isPresent() ? index.storedChunks(collection, sourcePath) : List.of();
    List<Chunk> chunks = embed(sourceChunks.chunks(collection, sourcePath, format, bytes, hash, modifiedMillis),
        reusable, c, IngestListener.NONE).chunks();
    index.replaceSource(collection, sourcePath,
        SourceManifest.of(sourcePath, format.id(), hash, modifiedMillis, chunks, index.spaceNames()), chunks,
        notes(collection, sourcePath, format, bytes));
    index.commit();
    return new FileOutcome(sourcePath, existing.isPresent() ? FileOutcome.Kind.UPDATED : FileOutcome.Kind.ADDED,
        chunks.size(), c.embedded, bytes.length, "");
  }

  /**
   * What the index keeps about a source besides its chunks: a runbook's action declarations and
   * the reasons refused ones never run (Markdown only).
   */
  private static List<dev.opsmind.retrieval.SourceNote> notes(String collection, String sourcePath, SourceFormat format,
      byte[] bytes) {
    if (format != SourceFormat.MARKDOWN) {
      return List.of();
    }
    return new ActionScanner().scan(sourcePath, bytes).notes(collection, sourcePath);
  }

  /** Removes one document and commits; false when the collection has no such source. */
  public boolean deleteDocument(String collection, String sourcePath) {
    if (index.manifest(collection, sourcePath).isEmpty()) return false;
    index.deleteSource(collection, sourcePath);
    index.commit();
    return true;
  }

  /** An uploaded name as a source path: '/'-separated, relative, no empty or '..' segments. */
  static String documentPath(String name) {
    if (name == null || name.isBlank()) throw new IllegalArgumentException("document name must not be blank");
    String path = name.strip().replace('\\', '/');
    while (path.startsWith("/")) path = path.substring(1);
    for (String segment : path.split("/", -1)) {
      if (segment.isEmpty() || segment.equals("..") || segment.equals(".")) {
        throw new IllegalArgumentException("document name '" + name + "' is not a plain relative path");
      }
    }
    return path;
  }

  // ---- internals ----

  private static final class Counters {
    int added, updated, renamed, deleted, chunksWritten, embedded, reused;
    /** A directory run's stop check, asked between embedding batches too; null for single documents. */
    Runnable checkStop;
  }

  /** Commits after enough sources or enough time, so a kill loses little and never half a file. */
  private final class Committer {
    private final IngestListener listener;
    private int pending;
    private long last = System.currentTimeMillis();

    Committer(IngestListener listener) {
      this.listener = listener;
    }

    void wrote() {
      pending++;
      if (pending >= options.commitEveryFiles() || System.currentTimeMillis() - last >= options.commitEveryMillis()) {
        commitNow();
      }
    }

    void commitNow() {
      if (pending == 0) return;
      index.commit();
      listener.committed(pending);
      pending = 0;
      last = System.currentTimeMillis();
    }
  }
}
