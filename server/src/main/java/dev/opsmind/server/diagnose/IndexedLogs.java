package dev.opsmind.server.diagnose;

import dev.opsmind.indexer.logs.read.LogInput;
import dev.opsmind.retrieval.Chunk;
import dev.opsmind.retrieval.IndexLayout;
import dev.opsmind.retrieval.KnowledgeIndex;
import dev.opsmind.retrieval.Principal;
import dev.opsmind.retrieval.UnknownCollectionException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
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
 * The logs of an indexed collection as log inputs: each log source's chunks read back in line
 * order, overlapping lines once, blank lines put back where the chunker dropped them, so a
 * record's line number is the file's. Chunks are loaded one at a time while the diagnosis reads.
 */
public final class IndexedLogs {
  private IndexedLogs() {}

  /** Work on the inputs; the index's searcher is held while it runs. */
  @FunctionalInterface
  public interface Work<T> {
    T apply(List<LogInput> inputs) throws IOException;
  }

  private record Piece(int startLine, int doc) {}

  public static <T> T diagnose(KnowledgeIndex index, Principal principal, String collection, String pathPrefix, Work<T> work)
      throws IOException {
    boolean readable = index.readableCollections(principal).stream().anyMatch(c -> c.name().equals(collection));
    if (!readable) throw new UnknownCollectionException(collection, principal);
    return index.withSearcher(searcher -> {
      BooleanQuery.Builder q = new BooleanQuery.Builder()
          .add(new TermQuery(new Term(IndexLayout.DOC_TYPE, IndexLayout.TYPE_CHUNK)), BooleanClause.Occur.FILTER)
          .add(new TermQuery(new Term(IndexLayout.COLLECTION, collection)), BooleanClause.Occur.FILTER)
          .add(new TermQuery(new Term(IndexLayout.SOURCE_TYPE, "log")), BooleanClause.Occur.FILTER);
      if (pathPrefix != null && !pathPrefix.isEmpty()) {
        q.add(new PrefixQuery(new Term(IndexLayout.PATH, pathPrefix)), BooleanClause.Occur.FILTER);
      }
      BooleanQuery query = q.build();
      int count = searcher.count(query);
      if (count == 0) throw new IllegalArgumentException("collection " + collection + " holds no indexed logs"
          + (pathPrefix == null || pathPrefix.isEmpty() ? "" : " under " + pathPrefix));
      StoredFields stored = searcher.storedFields();
      Map<String, List<Piece>> byPath = new TreeMap<>();
      for (ScoreDoc sd : searcher.search(query, count).scoreDocs) {
        Chunk c = IndexLayout.chunkOf(stored.document(sd.doc));
        byPath.computeIfAbsent(c.sourcePath(), k -> new ArrayList<>()).add(new Piece(c.startLine(), sd.doc));
      }
      List<LogInput> inputs = new ArrayList<>();
      byPath.forEach((path, pieces) -> {
        pieces.sort(Comparator.comparingInt(Piece::startLine));
        inputs.add(new LogInput(path, () -> stream(searcher, pieces)));
      });
      return work.apply(inputs);
    });
  }

  private static InputStream stream(IndexSearcher searcher, List<Piece> pieces) throws IOException {
    StoredFields stored = searcher.storedFields();
    Iterator<Piece> it = pieces.iterator();
    int[] written = {0};
    Enumeration<InputStream> parts = new Enumeration<>() {
      @Override
      public boolean hasMoreElements() {
        return it.hasNext();
      }

      @Override
      public InputStream nextElement() {
        try {
          Chunk c = IndexLayout.chunkOf(stored.document(it.next().doc()));
          String[] lines = c.text().split("\n", -1);
          int span = c.endLine() - c.startLine() + 1;
          StringBuilder out = new StringBuilder();
          for (int i = 0; i < lines.length; i++) {
            // exact numbers when the chunk holds every line of its range, else in order from its start
            int number = span == lines.length ? c.startLine() + i : Math.max(c.startLine() + i, written[0] + 1);
            if (number <= written[0]) continue;
            while (written[0] + 1 < number) {
              out.append('\n');
              written[0]++;
            }
            out.append(lines[i]).append('\n');
            written[0] = number;
          }
          return new ByteArrayInputStream(out.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }
    };
    return new SequenceInputStream(parts);
  }
}
