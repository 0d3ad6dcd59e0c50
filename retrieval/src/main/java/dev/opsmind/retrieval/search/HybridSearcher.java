package dev.opsmind.retrieval.search;

import dev.opsmind.retrieval.IndexLayout;
import dev.opsmind.retrieval.KnowledgeCollection;
import dev.opsmind.retrieval.KnowledgeIndex;
import dev.opsmind.retrieval.Languages;
import dev.opsmind.retrieval.Principal;
import dev.opsmind.retrieval.UnknownCollectionException;
import java.io.IOException;
import dev.opsmind.retrieval.VectorSpace;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.document.Document;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.index.StoredFields;

/**
 * Searches the knowledge index by BM25 (body, title and heading fields), by vector (one kNN list
 * per vector space the query was embedded in), or all fused (weighted RRF), under a principal: only collections the principal may read are searched, and asking for any other
 * collection is refused as if it did not exist. Thread-safe; searches the last commit.
 */
public final class HybridSearcher {
  private final KnowledgeIndex index;
  private final QueryEncoder encoder;
  private final ChunkQueries queries;

  /** {@code encoder} embeds query text for vector and hybrid searches (null: BM25 only). */
  public HybridSearcher(KnowledgeIndex index, QueryEncoder encoder) {
    this(index, encoder, FieldBoosts.DEFAULT);
  }

  public HybridSearcher(KnowledgeIndex index, QueryEncoder encoder, FieldBoosts boosts) {
    this.index = index;
    this.encoder = encoder;
    this.queries = new ChunkQueries(boosts);
  }

  public SearchResult search(Principal principal, SearchRequest request) {
    String language = Languages.detect(request.query());
    Set<String> collections = readableScope(principal, request.filter());
    if (collections != null && collections.isEmpty()) {
      return new SearchResult(List.of(), request.mode(), language);
    }
    Query filter = ChunkQueries.filter(request.filter(), collections);
    List<QueryVector> vectors = request.mode() == SearchMode.BM25 ? List.of() : queryVectors(request);
    return index.withSearcher(searcher -> run(searcher, request, language, filter, vectors));
  }

  private SearchResult run(IndexSearcher searcher, SearchRequest request, String language, Query filter,
      List<QueryVector> vectors) throws IOException {
    ChunkQueries.Terms terms = queries.terms(request.query(), searcher.getIndexReader());
    Query text = queries.scoring(terms);
    int topK = request.topK();
    int depth = request.mode() == SearchMode.HYBRID ? Math.max(topK, request.fusion().candidates()) : topK;
    List<ReciprocalRankFusion.Ranking> rankings = new ArrayList<>();
    Map<Integer, Float> primaryScores = new HashMap<>();
    Map<Integer, Float> bm25Scores = new HashMap<>();
    Map<Integer, Float> crossScores = new HashMap<>();
    String crossSpace = "";
    if (request.mode() != SearchMode.VECTOR) {
      ScoreDoc[] docs = bm25(searcher, text, filter, depth);
      for (ScoreDoc d : docs) {
        bm25Scores.put(d.doc, d.score);
      }
      rankings.add(new ReciprocalRankFusion.Ranking(docIds(docs), request.fusion().bm25Weight(), true));
    }
    for (int i = 0; i < vectors.size(); i++) {
      QueryVector qv = vectors.get(i);
      // the primary space is searched at least as deep as fusion looks, so every hit it ranks has a cosine
      int n = i == 0 ? Math.max(depth, request.fusion().candidates()) : depth;
      ScoreDoc[] docs = knn(searcher, qv, filter, n);
      if (i == 0) {
        for (ScoreDoc d : docs) {
          primaryScores.put(d.doc, d.score);
        }
      } else if (crossSpace.isEmpty() && (qv.translated() || !qv.fullWeightLanguages().isEmpty())) {
        // the query's voice in the other language: the glossary translation in an English model,
        // or the question itself in a bilingual model, for chunks of the languages only it reads
        crossSpace = qv.space();
        StoredFields stored = searcher.storedFields();
        for (ScoreDoc d : docs) {
          if (qv.translated() || qv.fullWeightLanguages().contains(languageOf(stored, d.doc))) {
            crossScores.put(d.doc, d.score);
          }
        }
      }
      int[] ids = docIds(docs, depth);
      rankings.add(new ReciprocalRankFusion.Ranking(ids, request.fusion().vectorWeight() * qv.weight(), false,
          weightsByLanguage(searcher, qv, ids, request.fusion().vectorWeight())));
    }
    List<ReciprocalRankFusion.Fused> ranked = ReciprocalRankFusion.fuse(rankings, request.fusion().k(), topK);
    // A single ranking keeps its own score (BM25, or the similarity (1 + cos) / 2); fused: RRF.
    Map<Integer, Float> own = request.mode() == SearchMode.BM25 ? bm25Scores
        : request.mode() == SearchMode.VECTOR && vectors.size() == 1 ? primaryScores : null;
    var scores = new Scores(primaryScores, own, crossScores, crossSpace);
    return new SearchResult(hits(searcher, ranked, scores, queries.body(terms), request.snippets()),
        request.mode(), language, vectors.isEmpty() ? "" : vectors.get(0).space());
  }

  private static String languageOf(StoredFields stored, int doc) throws IOException {
    return stored.document(doc, Set.of(IndexLayout.LANGUAGE)).get(IndexLayout.LANGUAGE);
  }

  /** Per-position weights when {@code qv} counts fully for some chunk languages; else null (one weight). */
  private static double[] weightsByLanguage(IndexSearcher searcher, QueryVector qv, int[] docs, double vectorWeight)
      throws IOException {
    if (qv.fullWeightLanguages().isEmpty() || qv.weight() == 1.0) {
      return null;
    }
    StoredFields stored = searcher.storedFields();
    double[] weights = new double[docs.length];
    for (int i = 0; i < docs.length; i++) {
      weights[i] = vectorWeight * qv.weightFor(languageOf(stored, docs[i]));
    }
    return weights;
  }

  /**
   * The scores a hit reports beside its rank: the primary space's, the single ranking's own (null
   * when fused), and the translated query's space's.
   */
  private record Scores(Map<Integer, Float> primary, Map<Integer, Float> own, Map<Integer, Float> translated,
      String crossSpace) {
    /** DOT_PRODUCT score of unit vectors is (1 + cos) / 2; NaN when the chunk is not in the list. */
    static double cosine(Map<Integer, Float> scores, int doc) {
      Float s = scores.get(doc);
      return s == null ? Double.NaN : 2.0 * s - 1.0;
    }
  }

  private List<SearchHit> hits(IndexSearcher searcher, List<ReciprocalRankFusion.Fused> ranked, Scores scores,
      Query text, boolean withSnippets) throws IOException {
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
      double cosine = Scores.cosine(scores.primary(), f.doc());
      double score = scores.own() == null ? f.score() : scores.own().get(f.doc());
      hits.add(new SearchHit(doc.get(IndexLayout.ID), citation, score, f.bm25Rank(), f.vectorRank(), cosine,
          doc.get(IndexLayout.SOURCE_TYPE), doc.get(IndexLayout.LANGUAGE), List.of(doc.getValues(IndexLayout.TAG)),
          doc.getField(IndexLayout.MODIFIED).numericValue().longValue(), snippets[i], texts[i],
          Scores.cosine(scores.translated(), f.doc()), scores.translated().containsKey(f.doc()) ? scores.crossSpace() : ""));
    }
    return hits;
  }

  private static ScoreDoc[] bm25(IndexSearcher searcher, Query text, Query filter, int n) throws IOException {
    if (text == null) {
      return new ScoreDoc[0];
    }
    return searcher.search(ChunkQueries.bm25(text, filter), n).scoreDocs;
  }

  private ScoreDoc[] knn(IndexSearcher searcher, QueryVector qv, Query filter, int n) throws IOException {
    // The filter goes into the HNSW walk itself: non-matching chunks are skipped, not cut afterwards.
    String field = VectorSpace.fieldOf(qv.space());
    TopDocs top = searcher.search(new KnnFloatVectorQuery(field, qv.vector(), n, filter), n);
    return top.scoreDocs;
  }

  private static int[] docIds(ScoreDoc[] docs) {
    return docIds(docs, docs.length);
  }

  private static int[] docIds(ScoreDoc[] docs, int max) {
    int n = Math.min(max, docs.length);
    int[] ids = new int[n];
    for (int i = 0; i < n; i++) {
      ids[i] = docs[i].doc;
    }
    return ids;
  }

  private List<QueryVector> queryVectors(SearchRequest request) {
    List<QueryVector> vectors = request.queryVectors();
    if (vectors == null) {
      if (encoder == null) {
        throw new IllegalArgumentException("search mode " + request.mode().label()
            + " needs a query embedder, and this searcher has none: use bm25");
      }
      vectors = encoder.encode(request.query());
    }
    List<QueryVector> usable = new ArrayList<>();
    for (QueryVector qv : vectors) {
      VectorSpace space = index.space(qv.space()).orElse(null);
      if (space == null) {
        continue; // an embedder the index does not hold (yet): nothing to search there
      }
      if (qv.vector().length != space.dimension()) {
        throw new IllegalArgumentException("query vector of " + qv.space() + " has " + qv.vector().length
            + " dimensions, the index holds " + space.dimension());
      }
      usable.add(qv);
    }
    if (usable.isEmpty()) {
      throw new IllegalArgumentException("search mode " + request.mode().label() + ": the index holds none of the"
          + " query's vector spaces " + vectors.stream().map(QueryVector::space).toList() + " (it has "
          + index.spaceNames() + "): use bm25 or the index's embedders");
    }
    return usable;
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
