package dev.opsmind.retrieval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;

/**
 * Whole sources read back from the committed index, for callers that replay a source's text (log
 * diagnosis reads indexed logs this way): the sources of one type in a collection, by path, each
 * a lazy sequence of its chunks in line order. Only document numbers are held up front; a chunk's
 * stored fields are loaded when the iterator reaches it, so a large log costs one chunk at a time.
 */
public final class StoredSources {
  private StoredSources() {}

  /** One source: its path and its chunks in line order, loaded one at a time. */
  public interface Source {
    String path();

    /** Chunks in start-line order (without vectors); valid only while the work runs. */
    Iterator<Chunk> chunks();
  }

  /** Work on the sources; the index's searcher is held while it runs. */
  @FunctionalInterface
  public interface Work<T> {
    T apply(List<Source> sources) throws IOException;
  }

  private record Piece(int startLine, int doc) {}

  static <T> T read(IndexSearcher searcher, String collection, String sourceType, String pathPrefix, Work<T> work)
      throws IOException {
    BooleanQuery.Builder q = new BooleanQuery.Builder()
        .add(IndexReads.typeQuery(IndexLayout.TYPE_CHUNK, collection), BooleanClause.Occur.FILTER)
        .add(new TermQuery(new Term(IndexLayout.SOURCE_TYPE, sourceType)),
            BooleanClause.Occur.FILTER);
    if (pathPrefix != null && !pathPrefix.isEmpty()) {
      q.add(new PrefixQuery(new Term(IndexLayout.PATH, pathPrefix)), BooleanClause.Occur.FILTER);
    }
    BooleanQuery query = q.build();
    int count = searcher.count(query);
    Map<String, List<Piece>> byPath = new TreeMap<>();
    if (count > 0) {
      StoredFields stored = searcher.storedFields();
      for (ScoreDoc sd : searcher.search(query, count).scoreDocs) {
        Chunk c = IndexLayout.chunkOf(stored.document(sd.doc));
        byPath.computeIfAbsent(c.sourcePath(), k -> new ArrayList<>()).add(new Piece(c.startLine(), sd.doc));
      }
    }
    List<Source> sources = new ArrayList<>(byPath.size());
    byPath.forEach((path, pieces) -> {
      pieces.sort(Comparator.comparingInt(Piece::startLine));
      sources.add(new Source() {
        @Override
        public String path() {
          return path;
        }

        @Override
        public Iterator<Chunk> chunks() {
          return lazily(searcher, pieces);
        }
      });
    });
    return work.apply(sources);
  }

  private static Iterator<Chunk> lazily(IndexSearcher searcher, List<Piece> pieces) {
    Iterator<Piece> it = pieces.iterator();
    return new Iterator<>() {
      private StoredFields stored;

      @Override
      public boolean hasNext() {
        return it.hasNext();
      }

      @Override
      public Chunk next() {
        try {
          if (stored == null) {
            stored = searcher.storedFields();
          }
          return IndexLayout.chunkOf(stored.document(it.next().doc()));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    };
  }
}
