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
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
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
  /** Null when opened read-only. */
  private final IndexWriter writer;
  private final SearcherManager searchers;
  private final int dimension;
  private final String vectorModel;
  private final ReadWriteLock commitLock = new ReentrantReadWriteLock();
  private final Map<String, KnowledgeCollection> collections = new ConcurrentHashMap<>();

  /** Facts kept in the index's commit data. */
  public record Info(int dimension, String vectorModel, String layout) {}

  private KnowledgeIndex(Path dir, Directory directory, IndexWriter writer, int dimension, String vectorModel)
      throws IOException {
    this.dir = dir;
    this.directory = directory;
    this.writer = writer;
    this.dimension = dimension;
    this.vectorModel = vectorModel;
    this.searchers = writer != null ? new SearcherManager(writer, null) : new SearcherManager(directory, null);
    loadCollections();
  }

  private void loadCollections() {
    Map<String, KnowledgeCollection> loaded = withSearcher(searcher -> {
      Map<String, KnowledgeCollection> out = new TreeMap<>();
      for (Document doc : allOfType(searcher, IndexLayout.TYPE_COLLECTION, null)) {
        KnowledgeCollection c = IndexLayout.collectionOf(doc);
        out.put(c.name(), c);
      }
      return out;
    });
    collections.keySet().retainAll(loaded.keySet());
    collections.putAll(loaded);
  }

  /** Opens (or creates) the index in {@code dir} for vectors of {@code dimension}. */
  public static KnowledgeIndex open(Path dir, int dimension) {
    return open(dir, dimension, "");
  }

  /**
   * Opens (or creates) the index; {@code vectorModel} names the embedder whose vectors it holds
   * (kept so a later search embeds queries with the same model). An existing index built for
   * another dimension or model is refused.
   */
  public static KnowledgeIndex open(Path dir, int dimension, String vectorModel) {
    if (dimension <= 0 || dimension > 4096) {
      throw new IllegalArgumentException("vector dimension must be in 1..4096, got " + dimension);
    }
    String model = vectorModel == null ? "" : vectorModel;
    Optional<Info> existing = inspect(dir);
    if (existing.isPresent()) {
      Info info = existing.get();
      if (info.dimension() != dimension) {
        throw new IllegalArgumentException("index " + dir + " holds vectors of dimension " + info.dimension()
            + " (model '" + info.vectorModel() + "'), not " + dimension + ": use the same embedder or another index");
      }
      if (!model.isEmpty() && !info.vectorModel().isEmpty() && !info.vectorModel().equals(model)) {
        throw new IllegalArgumentException("index " + dir + " was built with embedder '" + info.vectorModel()
            + "', not '" + model + "': use the same embedder or another index");
      }
      if (model.isEmpty()) {
        model = info.vectorModel();
      }
    }
    Directory directory = null;
    try {
      Files.createDirectories(dir);
      directory = FSDirectory.open(dir);
      IndexWriterConfig config = new IndexWriterConfig(Analyzers.perField());
      config.setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND);
      config.setRAMBufferSizeMB(64);
      config.setCommitOnClose(false);
      IndexWriter writer = new IndexWriter(directory, config);
      writer.setLiveCommitData(CommitData.of(dimension, model).entrySet());
      if (existing.isEmpty()) {
        writer.commit();
      }
      return new KnowledgeIndex(dir, directory, writer, dimension, model);
    } catch (LockObtainFailedException e) {
      closeQuietly(directory);
      throw new IllegalStateException("index " + dir + " is open in another process (a running server?)", e);
    } catch (IOException e) {
      closeQuietly(directory);
      throw new UncheckedIOException("cannot open index " + dir, e);
    }
  }

  /**
   * Opens an existing index for searching only, without taking the write lock, so it works while
   * another process (the server) writes. It sees the last commit at open time, later ones after
   * {@link #refresh()}. Writes throw IllegalStateException.
   */
  public static KnowledgeIndex openReadOnly(Path dir) {
    Info info = inspect(dir).orElseThrow(() -> new IllegalArgumentException("no knowledge index at " + dir));
    Directory directory = null;
    try {
      directory = FSDirectory.open(dir);
      return new KnowledgeIndex(dir, directory, null, info.dimension(), info.vectorModel());
    } catch (IOException e) {
      closeQuietly(directory);
      throw new UncheckedIOException("cannot open index " + dir, e);
    }
  }

  /**
   * Read-only instances: pick up commits made since (by another process). A writable instance
   * refreshes at each commit by itself, and only then, so this does nothing there.
   */
  public void refresh() {
    if (writer != null) {
      return;
    }
    try {
      searchers.maybeRefreshBlocking();
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

  public int dimension() {
    return dimension;
  }

  /** The embedder the vectors came from ("" when not recorded). */
  public String vectorModel() {
    return vectorModel;
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
    return withSearcher(searcher -> {
      Map<String, SourceManifest> out = new TreeMap<>();
      for (Document doc : allOfType(searcher, IndexLayout.TYPE_MANIFEST, collection)) {
        SourceManifest m = IndexLayout.manifestOf(doc);
        out.put(m.sourcePath(), m);
      }
      return out;
    });
  }

  /** One source's manifest entry as of the last commit. */
  public Optional<SourceManifest> manifest(String collection, String sourcePath) {
    return withSearcher(searcher -> {
      TopDocs top = searcher.search(new BooleanQuery.Builder()
          .add(new TermQuery(new Term(IndexLayout.DOC_TYPE, IndexLayout.TYPE_MANIFEST)), BooleanClause.Occur.FILTER)
          .add(new TermQuery(IndexLayout.sourceTerm(collection, sourcePath)), BooleanClause.Occur.FILTER)
          .build(), 1);
      if (top.scoreDocs.length == 0) {
        return Optional.empty();
      }
      return Optional.of(IndexLayout.manifestOf(searcher.storedFields().document(top.scoreDocs[0].doc)));
    });
  }

  /** Chunks in the committed index, in one collection or (null) in all. */
  public long chunkCount(String collection) {
    return withSearcher(searcher -> (long) searcher.count(typeQuery(IndexLayout.TYPE_CHUNK, collection)));
  }

  /**
   * Makes every write so far durable and visible, atomically. Waits for writes in flight; writes
   * that start meanwhile wait for it.
   */
  public void commit() {
    requireWritable();
    commitLock.writeLock().lock();
    try {
      writer.setLiveCommitData(CommitData.of(dimension, vectorModel).entrySet());
      writer.commit();
      searchers.maybeRefreshBlocking();
    } catch (IOException e) {
      throw new UncheckedIOException("commit of index " + dir + " failed", e);
    } finally {
      commitLock.writeLock().unlock();
    }
  }

  /** Runs {@code action} on a searcher over the last commit. */
  public <T> T withSearcher(SearcherFunction<T> action) {
    try {
      IndexSearcher searcher = searchers.acquire();
      try {
        return action.apply(searcher);
      } finally {
        searchers.release(searcher);
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
    float[] v = chunk.vector();
    if (v == null) {
      return;
    }
    if (v.length != dimension) {
      throw new IllegalArgumentException("chunk " + chunk.id() + ": vector has " + v.length
          + " dimensions, index " + dir + " holds " + dimension);
    }
    double sum = 0;
    for (float x : v) {
      sum += (double) x * x;
    }
    if (Math.abs(Math.sqrt(sum) - 1.0) > 1e-3) {
      throw new IllegalArgumentException("chunk " + chunk.id() + ": vector is not L2-normalised (norm "
          + Math.sqrt(sum) + ")");
    }
  }

  private interface IndexWrite {
    void run() throws IOException;
  }

  private void requireWritable() {
    if (writer == null) {
      throw new IllegalStateException("index " + dir + " was opened read-only");
    }
  }

  private void write(IndexWrite action) {
    requireWritable();
    commitLock.readLock().lock();
    try {
      action.run();
    } catch (IOException e) {
      throw new UncheckedIOException("write to index " + dir + " failed", e);
    } finally {
      commitLock.readLock().unlock();
    }
  }

  static Query typeQuery(String type, String collection) {
    BooleanQuery.Builder b = new BooleanQuery.Builder()
        .add(new TermQuery(new Term(IndexLayout.DOC_TYPE, type)), BooleanClause.Occur.FILTER);
    if (collection != null) {
      b.add(new TermQuery(new Term(IndexLayout.COLLECTION, collection)), BooleanClause.Occur.FILTER);
    }
    return b.build();
  }

  private static List<Document> allOfType(IndexSearcher searcher, String type, String collection) throws IOException {
    Query query = typeQuery(type, collection);
    int n = Math.max(1, searcher.count(query));
    TopDocs top = searcher.search(query, n);
    StoredFields stored = searcher.storedFields();
    List<Document> docs = new ArrayList<>(top.scoreDocs.length);
    for (ScoreDoc sd : top.scoreDocs) {
      docs.add(stored.document(sd.doc));
    }
    return docs;
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
