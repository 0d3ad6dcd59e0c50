package dev.opsmind.retrieval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.IndexCommit;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.KeepOnlyLastCommitDeletionPolicy;
import org.apache.lucene.index.SnapshotDeletionPolicy;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.LockObtainFailedException;

/**
 * The knowledge index: one Lucene index holding chunks (text + vector), one manifest document per
 * source file and one document per collection. Writes become visible to searches, and durable,
 * only at {@link #commit()}; a Lucene commit is atomic, so after a crash the index holds the state
 * of the last commit, never half a source file. Thread-safe: writers run concurrently with each
 * other, a commit waits for writes in flight so that it never captures half a replacement.
 */
public final class KnowledgeIndex implements AutoCloseable {
  private final Path dir;
  private final Directory directory;
  /** Null when opened read-only (or as a replica not yet promoted, {@link #promote}). */
  private volatile IndexWriter writer;
  /** Pins commits while replicas copy them (null when read-only). */
  private volatile SnapshotDeletionPolicy snapshots;
  private volatile SearcherManager searchers;
  /** Called after each commit (replication publishes it). */
  private final List<Runnable> commitListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
  /** The spaces searched and written, by name, in configuration order. */
  private final Map<String, VectorSpace> spaces;
  /** Every space the index has held (a field's dimension can never change), for the commit data. */
  private final Map<String, VectorSpace> known;
  private final ReadWriteLock commitLock = new ReentrantReadWriteLock();
  private final Map<String, KnowledgeCollection> collections = new ConcurrentHashMap<>();

  /** Facts kept in the index's commit data: the vector spaces it has held and its layout version. */
  public record Info(List<VectorSpace> spaces, String layout) {
    public Info {
      spaces = List.copyOf(spaces);
    }
  }

  private KnowledgeIndex(Path dir, Directory directory, IndexWriter writer, List<VectorSpace> spaces,
      List<VectorSpace> known) throws IOException {
    this.dir = dir;
    this.directory = directory;
    this.writer = writer;
    this.snapshots = writer == null ? null : (SnapshotDeletionPolicy) writer.getConfig().getIndexDeletionPolicy();
    this.spaces = byName(spaces);
    this.known = byName(known);
    this.searchers = writer != null ? new SearcherManager(writer, null) : new SearcherManager(directory, null);
    loadCollections();
  }

  private static Map<String, VectorSpace> byName(List<VectorSpace> list) {
    Map<String, VectorSpace> out = new java.util.LinkedHashMap<>();
    for (VectorSpace s : list) {
      if (out.put(s.name(), s) != null) {
        throw new IllegalArgumentException("vector space " + s.name() + " is named twice");
      }
    }
    return java.util.Collections.unmodifiableMap(out);
  }

  private void loadCollections() {
    Map<String, KnowledgeCollection> loaded = withSearcher(searcher -> {
      Map<String, KnowledgeCollection> out = new TreeMap<>();
      for (Document doc : IndexReads.allOfType(searcher, IndexLayout.TYPE_COLLECTION, null)) {
        KnowledgeCollection c = IndexLayout.collectionOf(doc);
        out.put(c.name(), c);
      }
      return out;
    });
    collections.keySet().retainAll(loaded.keySet());
    collections.putAll(loaded);
  }

  /** Opens (or creates) the index with one vector space named "default". */
  public static KnowledgeIndex open(Path dir, int dimension) {
    return open(dir, dimension, "");
  }

  /** Opens (or creates) the index with one vector space named after {@code vectorModel} ("default" when blank). */
  public static KnowledgeIndex open(Path dir, int dimension, String vectorModel) {
    String name = vectorModel == null || vectorModel.isBlank() ? "default" : vectorModel;
    return open(dir, List.of(new VectorSpace(name, dimension)));
  }

  /**
   * Opens (or creates) the index searching and writing the vector spaces {@code spaces} (one per
   * embedder). A space the index held before under the same name with another dimension is
   * refused; spaces it held that are not named stay on disk, unsearched, until their chunks are
   * written again.
   */
  public static KnowledgeIndex open(Path dir, List<VectorSpace> spaces) {
    Optional<Info> existing = inspect(dir);
    List<VectorSpace> known = new ArrayList<>(existing.map(Info::spaces).orElse(List.of()));
    for (VectorSpace space : spaces) {
      VectorSpace before = known.stream().filter(k -> k.name().equals(space.name())).findFirst().orElse(null);
      if (before == null) {
        known.add(space);
      } else if (before.dimension() != space.dimension()) {
        throw new IllegalArgumentException("index " + dir + " holds vectors of embedder '" + space.name()
            + "' with dimension " + before.dimension() + ", not " + space.dimension()
            + ": the same name now names another model; rename it or use another index");
      }
    }
    Directory directory = null;
    try {
      Files.createDirectories(dir);
      directory = FSDirectory.open(dir);
      IndexWriter writer = newWriter(directory, known, existing.isEmpty());
      return new KnowledgeIndex(dir, directory, writer, spaces, known);
    } catch (LockObtainFailedException e) {
      closeQuietly(directory);
      throw new IndexLockedException(dir, e);
    } catch (IOException e) {
      closeQuietly(directory);
      throw new UncheckedIOException("cannot open index " + dir, e);
    }
  }

  private static IndexWriter newWriter(Directory directory, java.util.Collection<VectorSpace> known, boolean create)
      throws IOException {
    IndexWriterConfig config = new IndexWriterConfig(Analyzers.perField());
    config.setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND);
    config.setRAMBufferSizeMB(64);
    config.setCommitOnClose(false);
    // Keeps only the last commit, like Lucene's default, but a commit a replica is copying
    // stays on disk until the replica releases it (snapshotLatest / release).
    config.setIndexDeletionPolicy(new SnapshotDeletionPolicy(new KeepOnlyLastCommitDeletionPolicy()));
    IndexWriter writer = new IndexWriter(directory, config);
    writer.setLiveCommitData(CommitData.of(known).entrySet());
    if (create) {
      writer.commit();
    }
    return writer;
  }

  /**
   * Opens the index of a cluster replica: searchable, not writable, taking no write lock; an
   * empty index is created first when there is none. Commits copied into the folder by
   * replication become visible at {@link #refresh()}; {@link #promote()} makes it the writer.
   * The spaces are this node's configured ones (every node configures the same embedders).
   */
  public static KnowledgeIndex openReplica(Path dir, List<VectorSpace> spaces) {
    if (inspect(dir).isEmpty()) {
      open(dir, spaces).close(); // an empty first commit with this node's spaces
    }
    Info info = inspect(dir).orElseThrow();
    List<VectorSpace> known = new ArrayList<>(info.spaces());
    for (VectorSpace space : spaces) {
      if (known.stream().noneMatch(k -> k.name().equals(space.name()))) {
        known.add(space);
      }
    }
    Directory directory = null;
    try {
      directory = FSDirectory.open(dir);
      return new KnowledgeIndex(dir, directory, null, spaces, known);
    } catch (IOException e) {
      closeQuietly(directory);
      throw new UncheckedIOException("cannot open index " + dir, e);
    }
  }

  /**
   * A replica becomes the writer: opens an IndexWriter on the last commit in the folder (the last
   * one replicated) and from then on writes and commits like an index opened with {@link #open}.
   * Searches keep running throughout. Does nothing on a writable index.
   */
  public synchronized void promote() {
    if (writer != null) {
      return;
    }
    commitLock.writeLock().lock();
    try {
      IndexWriter opened = newWriter(directory, known.values(), false);
      SearcherManager before = searchers;
      snapshots = (SnapshotDeletionPolicy) opened.getConfig().getIndexDeletionPolicy();
      searchers = new SearcherManager(opened, null);
      writer = opened;
      before.close();
    } catch (LockObtainFailedException e) {
      throw new IndexLockedException(dir, e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open index " + dir + " for writing", e);
    } finally {
      commitLock.writeLock().unlock();
    }
    loadCollections();
  }

  /**
   * The writer steps down and is a replica again (cluster fencing: another node was elected
   * writer with a newer term): writes not committed yet are dropped, as a crash would drop them,
   * the write lock is released, and searches continue on the last commit; commits copied in later
   * become visible at {@link #refresh()}. Does nothing on a replica.
   */
  public synchronized void demote() {
    if (writer == null) {
      return;
    }
    commitLock.writeLock().lock(); // writes in flight finish first; later ones find no writer
    try {
      IndexWriter old = writer;
      SearcherManager before = searchers;
      writer = null;
      snapshots = null;
      old.rollback();
      searchers = new SearcherManager(directory, null);
      before.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot step index " + dir + " down to a replica", e);
    } finally {
      commitLock.writeLock().unlock();
    }
    loadCollections();
  }

  /** Whether this instance writes (opened writable, or a promoted replica). */
  public boolean writable() {
    return writer != null;
  }

  /** Calls {@code listener} after every commit of this instance, on the committing thread. */
  public void onCommit(Runnable listener) {
    commitListeners.add(listener);
  }

  /**
   * Pins the last commit: its files stay on disk, whatever is committed later, until {@link
   * #release}. For replication: a replica copies a pinned commit. Writable instances only.
   */
  public IndexCommit snapshotLatest() {
    requireWritable();
    try {
      return snapshots.snapshot();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot pin the last commit of " + dir, e);
    }
  }

  /** Unpins a commit of {@link #snapshotLatest}; its files go once no later commit needs them. */
  public void release(IndexCommit commit) {
    IndexWriter current = writer;
    SnapshotDeletionPolicy pins = snapshots;
    if (pins == null) {
      return; // stepped down: the writer that pinned it is gone
    }
    try {
      pins.release(commit);
      if (current != null) {
        current.deleteUnusedFiles();
      }
    } catch (IOException | IllegalArgumentException e) {
      // already released, or the writer closed: nothing left to unpin
    }
  }

  /** The Lucene directory of the folder (replication reads and writes commit files there). */
  public Directory luceneDirectory() {
    return directory;
  }

  /**
   * Opens an existing index for searching only, without taking the write lock, so it works while
   * another process (the server) writes. It sees the last commit at open time, later ones after
   * {@link #refresh()}. Writes throw IllegalStateException. Every space the index holds is searchable.
   */
  public static KnowledgeIndex openReadOnly(Path dir) {
    Info info = inspect(dir).orElseThrow(() -> new IllegalArgumentException("no knowledge index at " + dir));
    Directory directory = null;
    try {
      directory = FSDirectory.open(dir);
      return new KnowledgeIndex(dir, directory, null, info.spaces(), info.spaces());
    } catch (IOException e) {
      closeQuietly(directory);
      throw new UncheckedIOException("cannot open index " + dir, e);
    }
  }

  /**
   * Read-only instances: pick up commits made since (by another process). A writable instance
   * refreshes at each commit by itself, and only then, so this does nothing there.
   */
  public synchronized void refresh() {
    if (writer != null) {
      return;
    }
    try {
      searchers.maybeRefreshBlocking();
    } catch (IllegalStateException e) {
      // A replica that held commits of another lineage (a writer that died before they were
      // copied anywhere) got segments of the same names with other contents: reopen from scratch.
      try {
        SearcherManager before = searchers;
        searchers = new SearcherManager(directory, null);
        before.close();
      } catch (IOException io) {
        throw new UncheckedIOException("cannot reopen index " + dir, io);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot refresh index " + dir, e);
    }
    loadCollections();
  }

  /** The commit data of the index in {@code dir}, or empty when there is no index there. */
  public static Optional<Info> inspect(Path dir) {
    return CommitData.read(dir);
  }

  public Path directory() {
    return dir;
  }

  /** The vector spaces this instance searches and writes, in the order they were given. */
  public List<VectorSpace> spaces() {
    return List.copyOf(spaces.values());
  }

  /** The space named {@code name}, if this instance uses it. */
  public Optional<VectorSpace> space(String name) {
    return Optional.ofNullable(spaces.get(name));
  }

  /** Names of the spaces this instance writes (what a manifest written now records). */
  public List<String> spaceNames() {
    return List.copyOf(spaces.keySet());
  }

  // ---- collections ----

  /** Creates or replaces a collection (its readers); durable at the next commit. */
  public void putCollection(KnowledgeCollection collection) {
    write(() -> {
      writer.updateDocument(new Term(IndexLayout.COLLECTION_NAME, collection.name()),
          IndexLayout.collectionDocument(collection));
      collections.put(collection.name(), collection);
    });
  }

  /** Removes a collection with all its chunks and manifests; durable at the next commit. */
  public void deleteCollection(String name) {
    if (!collections.containsKey(name)) {
      throw new UnknownCollectionException(name);
    }
    write(() -> {
      writer.deleteDocuments(new Term(IndexLayout.COLLECTION, name));
      writer.deleteDocuments(new Term(IndexLayout.COLLECTION_NAME, name));
      collections.remove(name);
    });
  }

  public Optional<KnowledgeCollection> collection(String name) {
    return Optional.ofNullable(collections.get(name));
  }

  /** Every collection, by name. */
  public List<KnowledgeCollection> collections() {
    return List.copyOf(new TreeMap<>(collections).values());
  }

  /** The collections {@code principal} may read. */
  public List<KnowledgeCollection> readableCollections(Principal principal) {
    return collections().stream().filter(c -> c.readableBy(principal)).toList();
  }

  // ---- sources ----

  /**
   * Replaces everything the index holds for one source file: deletes its chunks, adds
   * {@code chunks}, and replaces its manifest entry. Durable and visible at the next commit, all
   * or nothing. A collection that does not exist yet is created readable by admins only.
   */
  public void replaceSource(String collection, String sourcePath, SourceManifest manifest, List<Chunk> chunks) {
    replaceSource(collection, sourcePath, manifest, chunks, List.of());
  }

  /**
   * {@link #replaceSource(String, String, SourceManifest, List)} with the source's notes (what the
   * indexer derived from it besides chunks), replaced in the same update.
   */
  public void replaceSource(String collection, String sourcePath, SourceManifest manifest, List<Chunk> chunks,
      List<SourceNote> notes) {
    if (!manifest.sourcePath().equals(sourcePath)) {
      throw new IllegalArgumentException("manifest is for '" + manifest.sourcePath() + "', not '" + sourcePath + "'");
    }
    List<String> ids = new ArrayList<>(chunks.size());
    List<Document> docs = new ArrayList<>(chunks.size() + 1);
    for (Chunk chunk : chunks) {
      if (!chunk.collection().equals(collection) || !chunk.sourcePath().equals(sourcePath)) {
        throw new IllegalArgumentException("chunk " + chunk.id() + " belongs to " + chunk.collection() + ":"
            + chunk.sourcePath() + ", not to " + collection + ":" + sourcePath);
      }
      checkVector(chunk);
      ids.add(chunk.id());
      docs.add(IndexLayout.chunkDocument(chunk));
    }
    if (new HashSet<>(ids).size() != ids.size()) {
      throw new IllegalArgumentException("chunks of " + sourcePath + " repeat an id");
    }
    if (!manifest.chunkIds().equals(ids)) {
      throw new IllegalArgumentException("manifest of " + sourcePath + " lists chunk ids " + manifest.chunkIds()
          + " but the chunks given are " + ids);
    }
    for (SourceNote note : notes) {
      if (!note.collection().equals(collection) || !note.sourcePath().equals(sourcePath)) {
        throw new IllegalArgumentException("a note of " + note.collection() + ":" + note.sourcePath()
            + " given with " + collection + ":" + sourcePath);
      }
      docs.add(IndexLayout.noteDocument(note));
    }
    docs.add(IndexLayout.manifestDocument(collection, manifest, System.currentTimeMillis()));
    ensureCollection(collection);
    // One call: the source's old chunks and manifest go and the new ones come in as one update.
    write(() -> writer.updateDocuments(IndexLayout.sourceTerm(collection, sourcePath), docs));
  }

  /** Removes a source file's chunks and manifest entry; durable at the next commit. */
  public void deleteSource(String collection, String sourcePath) {
    write(() -> writer.deleteDocuments(IndexLayout.sourceTerm(collection, sourcePath)));
  }

  /** The manifest entries of a collection as of the last commit, by source path. */
  public Map<String, SourceManifest> manifests(String collection) {
    return withSearcher(searcher -> IndexReads.manifests(searcher, collection));
  }

  /** The notes of {@code kind} as of the last commit, in one collection or (null) in all, by collection and path. */
  public List<SourceNote> notes(String kind, String collection) {
    return withSearcher(searcher -> IndexReads.notes(searcher, kind, collection));
  }

  /** One source's manifest entry as of the last commit. */
  public Optional<SourceManifest> manifest(String collection, String sourcePath) {
    return withSearcher(searcher -> IndexReads.manifest(searcher, collection, sourcePath));
  }

  /**
   * One source's committed chunks in line order, each with its vectors in this instance's spaces:
   * a rename or an edit reuses the vectors of chunks whose text did not change.
   */
  public List<Chunk> storedChunks(String collection, String sourcePath) {
    return withSearcher(searcher -> IndexReads.storedChunks(searcher, collection, sourcePath, spaces.values()));
  }

  /**
   * The committed sources of one type ("log", "markdown", ...) in a collection, those whose path
   * starts with {@code pathPrefix} (null or empty: all), handed to {@code work} by path, each
   * read back chunk by chunk while {@code work} runs (see {@link StoredSources}).
   */
  public <T> T withSources(String collection, String sourceType, String pathPrefix, StoredSources.Work<T> work) {
    return withSearcher(searcher -> StoredSources.read(searcher, collection, sourceType, pathPrefix, work));
  }

  /** Chunks in the committed index, in one collection or (null) in all. */
  public long chunkCount(String collection) {
    return withSearcher(searcher -> (long) searcher.count(IndexReads.typeQuery(IndexLayout.TYPE_CHUNK, collection)));
  }

  /**
   * Makes every write so far durable and visible, atomically. Waits for writes in flight; writes
   * that start meanwhile wait for it.
   */
  public void commit() {
    requireWritable();
    commitLock.writeLock().lock();
    try {
      writer.setLiveCommitData(CommitData.of(known.values()).entrySet());
      writer.commit();
      searchers.maybeRefreshBlocking();
    } catch (IOException e) {
      throw new UncheckedIOException("commit of index " + dir + " failed", e);
    } finally {
      commitLock.writeLock().unlock();
    }
    commitListeners.forEach(Runnable::run);
  }

  /** Runs {@code action} on a searcher over the last commit. */
  public <T> T withSearcher(SearcherFunction<T> action) {
    try {
      SearcherManager manager = searchers; // promote() may swap it meanwhile
      IndexSearcher searcher = manager.acquire();
      try {
        return action.apply(searcher);
      } finally {
        manager.release(searcher);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("search of index " + dir + " failed", e);
    }
  }

  /** A function over a searcher that may throw IOException. */
  @FunctionalInterface
  public interface SearcherFunction<T> {
    T apply(IndexSearcher searcher) throws IOException;
  }

  @Override
  public void close() {
    try {
      searchers.close();
      if (writer != null) {
        writer.rollback(); // uncommitted writes are dropped, as a crash would
      }
      directory.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close index " + dir, e);
    }
  }

  // ---- internals ----

  private void ensureCollection(String name) {
    if (!collections.containsKey(name)) {
      synchronized (collections) {
        if (!collections.containsKey(name)) {
          putCollection(new KnowledgeCollection(name, List.of(), ""));
        }
      }
    }
  }

  private void checkVector(Chunk chunk) {
    for (var e : chunk.vectors().entrySet()) {
      VectorSpace space = spaces.get(e.getKey());
      float[] v = e.getValue();
      if (space == null) {
        throw new IllegalArgumentException("chunk " + chunk.id() + ": vector space '" + e.getKey()
            + "' is not one of this index's " + spaces.keySet());
      }
      if (v.length != space.dimension()) {
        throw new IllegalArgumentException("chunk " + chunk.id() + ": vector of " + space.name() + " has " + v.length
            + " dimensions, the index holds " + space.dimension());
      }
      double sum = 0;
      for (float x : v) {
        sum += (double) x * x;
      }
      if (Math.abs(Math.sqrt(sum) - 1.0) > 1e-3) {
        throw new IllegalArgumentException("chunk " + chunk.id() + ": vector of " + space.name()
            + " is not L2-normalised (norm " + Math.sqrt(sum) + ")");
      }
    }
  }

  private interface IndexWrite {
    void run() throws IOException;
  }

  private void requireWritable() {
    if (writer == null) {
      throw new ReadOnlyIndexException(dir);
    }
  }

  private void write(IndexWrite action) {
    requireWritable();
    commitLock.readLock().lock();
    try {
      requireWritable();
      action.run();
    } catch (IOException e) {
      throw new UncheckedIOException("write to index " + dir + " failed", e);
    } finally {
      commitLock.readLock().unlock();
    }
  }

  private static void closeQuietly(Directory directory) {
    if (directory != null) {
      try {
        directory.close();
      } catch (IOException ignored) {
        // already failing
      }
    }
  }
}
