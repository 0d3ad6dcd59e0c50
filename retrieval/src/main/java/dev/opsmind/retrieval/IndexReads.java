package dev.opsmind.retrieval;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;

/**
 * The read-back queries of {@link KnowledgeIndex} on one searcher over the last commit: manifests,
 * a source's stored chunks with their vectors, documents of one type. Kept apart from the index's
 * lifecycle and writes; only {@code KnowledgeIndex} and {@code StoredSources} call it.
 */
final class IndexReads {
  private IndexReads() {}

  static Map<String, SourceManifest> manifests(IndexSearcher searcher, String collection) throws IOException {
    Map<String, SourceManifest> out = new TreeMap<>();
    for (Document doc : allOfType(searcher, IndexLayout.TYPE_MANIFEST, collection)) {
      SourceManifest m = IndexLayout.manifestOf(doc);
      out.put(m.sourcePath(), m);
    }
    return out;
  }

  static Optional<SourceManifest> manifest(IndexSearcher searcher, String collection, String sourcePath)
      throws IOException {
    TopDocs top = searcher.search(new BooleanQuery.Builder()
        .add(new TermQuery(new Term(IndexLayout.DOC_TYPE, IndexLayout.TYPE_MANIFEST)), BooleanClause.Occur.FILTER)
        .add(new TermQuery(IndexLayout.sourceTerm(collection, sourcePath)), BooleanClause.Occur.FILTER)
        .build(), 1);
    if (top.scoreDocs.length == 0) {
      return Optional.empty();
    }
    return Optional.of(IndexLayout.manifestOf(searcher.storedFields().document(top.scoreDocs[0].doc)));
  }

  static List<Chunk> storedChunks(IndexSearcher searcher, String collection, String sourcePath,
      Collection<VectorSpace> spaces) throws IOException {
    Query query = new BooleanQuery.Builder()
        .add(new TermQuery(new Term(IndexLayout.DOC_TYPE, IndexLayout.TYPE_CHUNK)), BooleanClause.Occur.FILTER)
        .add(new TermQuery(IndexLayout.sourceTerm(collection, sourcePath)), BooleanClause.Occur.FILTER)
        .build();
    int n = searcher.count(query);
    if (n == 0) {
      return List.of();
    }
    ScoreDoc[] hits = searcher.search(query, n).scoreDocs;
    StoredFields stored = searcher.storedFields();
    List<Chunk> chunks = new ArrayList<>(hits.length);
    for (ScoreDoc hit : hits) {
      Map<String, float[]> vectors = new java.util.LinkedHashMap<>();
      for (VectorSpace space : spaces) {
        float[] v = IndexLayout.vectorOf(searcher.getIndexReader(), hit.doc, space.field());
        if (v != null) {
          vectors.put(space.name(), v);
        }
      }
      chunks.add(IndexLayout.chunkOf(stored.document(hit.doc)).withVectors(vectors));
    }
    chunks.sort(java.util.Comparator.comparingInt(Chunk::startLine).thenComparingInt(Chunk::endLine));
    return chunks;
  }

  /** The notes of {@code kind} in one collection or (null) in all, sorted by collection and path. */
  static List<SourceNote> notes(IndexSearcher searcher, String kind, String collection) throws IOException {
    Query query = new BooleanQuery.Builder()
        .add(typeQuery(IndexLayout.TYPE_NOTE, collection), BooleanClause.Occur.FILTER)
        .add(new TermQuery(new Term(IndexLayout.NOTE_KIND, kind)), BooleanClause.Occur.FILTER)
        .build();
    int n = searcher.count(query);
    if (n == 0) {
      return List.of();
    }
    StoredFields stored = searcher.storedFields();
    List<SourceNote> out = new ArrayList<>(n);
    for (ScoreDoc hit : searcher.search(query, n).scoreDocs) {
      out.add(IndexLayout.noteOf(stored.document(hit.doc)));
    }
    out.sort(java.util.Comparator.comparing(SourceNote::collection).thenComparing(SourceNote::sourcePath));
    return out;
  }

  static Query typeQuery(String type, String collection) {
    BooleanQuery.Builder b = new BooleanQuery.Builder()
        .add(new TermQuery(new Term(IndexLayout.DOC_TYPE, type)), BooleanClause.Occur.FILTER);
    if (collection != null) {
      b.add(new TermQuery(new Term(IndexLayout.COLLECTION, collection)), BooleanClause.Occur.FILTER);
    }
    return b.build();
  }

  static List<Document> allOfType(IndexSearcher searcher, String type, String collection) throws IOException {
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
}
