package dev.opsmind.retrieval.search;

import dev.opsmind.retrieval.IndexLayout;
import dev.opsmind.retrieval.KnowledgeCollection;
import dev.opsmind.retrieval.KnowledgeIndex;
import dev.opsmind.retrieval.Languages;
import dev.opsmind.retrieval.Principal;
import dev.opsmind.retrieval.UnknownCollectionException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.lucene.document.Document;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.index.StoredFields;

/**
 * Searches the knowledge index by BM25, by vector, or both fused (weighted RRF), under a
 * principal: only collections the principal may read are searched, and asking for any other
 * collection is refused as if it did not exist. Thread-safe; searches the last commit.
 */
public final class HybridSearcher {
  private final KnowledgeIndex index;
  private final QueryEncoder encoder;
  private final ChunkQueries queries = new ChunkQueries();

  /** {@code encoder} embeds query text for vector and hybrid searches (null: BM25 only). */
  public HybridSearcher(KnowledgeIndex index, QueryEncoder encoder) {
    this.index = index;
    this.encoder = encoder;
  }

  public SearchResult search(Principal principal, SearchRequest request) {
    String language = Languages.detect(request.query());
    Set<String> collections = readableScope(principal, request.filter());
    if (collections != null && collections.isEmpty()) {
      return new SearchResult(List.of(), request.mode(), language);
    }
    Query filter = ChunkQueries.filter(request.filter(), collections);
    Query text = queries.text(request.query());
    float[] vector = request.mode() == SearchMode.BM25 ? null : queryVector(request);
    return index.withSearcher(searcher -> run(searcher, request, language, text, filter, vector));
  }

  private SearchResult run(IndexSearcher searcher, SearchRequest request, String language, Query text,
      Query filter, float[] vector) throws IOException {
    int topK = request.topK();
    int depth = Math.max(topK, request.fusion().candidates());
    List<ReciprocalRankFusion.Fused> ranked = new ArrayList<>();
    switch (request.mode()) {
      case BM25 -> {
        ScoreDoc[] docs = bm25(searcher, text, filter, topK);
        for (int i = 0; i < docs.length; i++) {
          ranked.add(new ReciprocalRankFusion.Fused(docs[i].doc, docs[i].score, i + 1, 0));
        }
      }
      case VECTOR -> {
        ScoreDoc[] docs = knn(searcher, vector, filter, topK);
        for (int i = 0; i < docs.length; i++) {
          ranked.add(new ReciprocalRankFusion.Fused(docs[i].doc, docs[i].score, 0, i + 1));
        }
      }
      case HYBRID -> ranked.addAll(ReciprocalRankFusion.fuse(
          docIds(bm25(searcher, text, filter, depth)), docIds(knn(searcher, vector, filter, depth)),
          request.fusion(), topK));
    }
    return new SearchResult(hits(searcher, ranked, text, request.snippets()), request.mode(), language);
  }

  private List<SearchHit> hits(IndexSearcher searcher, List<ReciprocalRankFusion.Fused> ranked, Query text,
      boolean withSnippets) throws IOException {
    StoredFields stored = searcher.storedFields();
    int n = ranked.size();
    int[] docs = new int[n];
    String[] texts = new String[n];
    List<Document> documents = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      docs[i] = ranked.get(i).doc();
      Document doc = stored.document(docs[i]);
      documents.add(doc);
      texts[i] = doc.get(IndexLayout.textField(doc.get(IndexLayout.LANGUAGE)));
    }
    String[] snippets = withSnippets ? Snippets.build(searcher, queries.analyzer(), text, docs, texts) : texts;
    List<SearchHit> hits = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Document doc = documents.get(i);
      ReciprocalRankFusion.Fused f = ranked.get(i);
      Citation citation = new Citation(doc.get(IndexLayout.COLLECTION), doc.get(IndexLayout.PATH),
          doc.getField(IndexLayout.START_LINE).numericValue().intValue(),
          doc.getField(IndexLayout.END_LINE).numericValue().intValue(), List.of(doc.getValues(IndexLayout.HEADING)));
      hits.add(new SearchHit(doc.get(IndexLayout.ID), citation, f.score(), f.bm25Rank(), f.vectorRank(),
          doc.get(IndexLayout.SOURCE_TYPE), doc.get(IndexLayout.LANGUAGE), List.of(doc.getValues(IndexLayout.TAG)),
          doc.getField(IndexLayout.MODIFIED).numericValue().longValue(), snippets[i], texts[i]));
    }
    return hits;
  }

  private static ScoreDoc[] bm25(IndexSearcher searcher, Query text, Query filter, int n) throws IOException {
    if (text == null) {
      return new ScoreDoc[0];
    }
    return searcher.search(ChunkQueries.bm25(text, filter), n).scoreDocs;
  }

  private static ScoreDoc[] knn(IndexSearcher searcher, float[] vector, Query filter, int n) throws IOException {
    // The filter goes into the HNSW walk itself: non-matching chunks are skipped, not cut afterwards.
    TopDocs top = searcher.search(new KnnFloatVectorQuery(IndexLayout.VECTOR, vector, n, filter), n);
    return top.scoreDocs;
  }

  private static int[] docIds(ScoreDoc[] docs) {
    int[] ids = new int[docs.length];
    for (int i = 0; i < docs.length; i++) {
      ids[i] = docs[i].doc;
    }
    return ids;
  }

  private float[] queryVector(SearchRequest request) {
    float[] vector = request.queryVector();
    if (vector == null) {
      if (encoder == null) {
        throw new IllegalArgumentException("search mode " + request.mode().label()
            + " needs a query embedder, and this searcher has none: use bm25");
      }
      vector = encoder.encode(request.query());
    }
    if (vector.length != index.dimension()) {
      throw new IllegalArgumentException("query vector has " + vector.length + " dimensions, the index holds "
          + index.dimension() + " (built with embedder '" + index.vectorModel() + "')");
    }
    return vector;
  }

  /**
   * The collections this search may touch: null when unrestricted (admin, no collection asked
   * for); else the requested ones, each of which the principal must be able to read, or all the
   * principal may read.
   */
  private Set<String> readableScope(Principal principal, SearchFilter filter) {
    if (filter.collections().isEmpty()) {
      if (principal.admin()) {
        return null;
      }
      Set<String> names = new LinkedHashSet<>();
      for (KnowledgeCollection c : index.readableCollections(principal)) {
        names.add(c.name());
      }
      return names;
    }
    Set<String> names = new LinkedHashSet<>();
    for (String name : filter.collections()) {
      KnowledgeCollection c = index.collection(name).orElse(null);
      if (c == null || !c.readableBy(principal)) {
        throw new UnknownCollectionException(name, principal);
      }
      names.add(name);
    }
    return names;
  }
}
