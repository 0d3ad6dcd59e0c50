package dev.opsmind.indexer.ingest;

import dev.opsmind.retrieval.Chunk;
import dev.opsmind.retrieval.IndexLayout;
import dev.opsmind.retrieval.KnowledgeIndex;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.KnnVectorValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;

/**
 * Reads one source's committed chunks back with their vectors: a rename or an edit reuses the
 * vectors of chunks whose text did not change instead of embedding them again.
 */
public final class StoredChunks {
  private StoredChunks() {}

  /** The committed chunks of a source, in line order, each with its vector (null if it had none). */
  public static List<Chunk> of(KnowledgeIndex index, String collection, String sourcePath) {
    return index.withSearcher(searcher -> read(searcher, collection, sourcePath));
  }

  private static List<Chunk> read(IndexSearcher searcher, String collection, String sourcePath) throws java.io.IOException {
    var query = new BooleanQuery.Builder()
        .add(new TermQuery(new Term(IndexLayout.DOC_TYPE, IndexLayout.TYPE_CHUNK)), BooleanClause.Occur.FILTER)
        .add(new TermQuery(IndexLayout.sourceTerm(collection, sourcePath)), BooleanClause.Occur.FILTER)
        .build();
    int n = searcher.count(query);
    if (n == 0) return List.of();
    ScoreDoc[] hits = searcher.search(query, n).scoreDocs.clone();
    // Vector iterators only move forward: visit documents in index order.
    java.util.Arrays.sort(hits, Comparator.comparingInt(h -> h.doc));
    List<Chunk> chunks = new ArrayList<>(hits.length);
    List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
    LeafReaderContext leaf = null;
    FloatVectorValues vectors = null;
    KnnVectorValues.DocIndexIterator it = null;
    var stored = searcher.storedFields();
    for (ScoreDoc hit : hits) {
      LeafReaderContext ctx = leaves.get(ReaderUtil.subIndex(hit.doc, leaves));
      if (ctx != leaf) {
        leaf = ctx;
        vectors = ctx.reader().getFloatVectorValues(IndexLayout.VECTOR);
        it = vectors == null ? null : vectors.iterator();
      }
      int local = hit.doc - ctx.docBase;
      float[] vector = null;
      if (it != null && it.docID() <= local && (it.docID() == local || it.advance(local) == local)) {
        vector = vectors.vectorValue(it.index()).clone();
      }
      chunks.add(IndexLayout.chunkOf(stored.document(hit.doc)).withVector(vector));
    }
    chunks.sort(Comparator.comparingInt(Chunk::startLine).thenComparingInt(Chunk::endLine));
    return chunks;
  }
}
