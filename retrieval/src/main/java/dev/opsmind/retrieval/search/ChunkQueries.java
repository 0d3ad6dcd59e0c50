package dev.opsmind.retrieval.search;

import dev.opsmind.retrieval.Analyzers;
import dev.opsmind.retrieval.IndexLayout;
import java.util.List;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.QueryBuilder;

/** Builds the Lucene queries of a search: the text query per language field and the filter. */
final class ChunkQueries {
  private final QueryBuilder english = new QueryBuilder(Analyzers.english());
  private final QueryBuilder chinese = new QueryBuilder(Analyzers.chinese());
  private final Analyzer perField = Analyzers.perField();

  Analyzer analyzer() {
    return perField;
  }

  /**
   * The query text against both language fields, each analysed like its documents (English:
   * stemmed words; Chinese: smartcn words), any term may match; null when the text has no terms.
   * Free text, never query syntax: user input cannot fail to parse.
   */
  Query text(String query) {
    BooleanQuery.Builder b = new BooleanQuery.Builder();
    boolean any = false;
    Query en = english.createBooleanQuery(IndexLayout.TEXT_EN, query, BooleanClause.Occur.SHOULD);
    if (en != null) {
      b.add(en, BooleanClause.Occur.SHOULD);
      any = true;
    }
    Query zh = chinese.createBooleanQuery(IndexLayout.TEXT_ZH, query, BooleanClause.Occur.SHOULD);
    if (zh != null) {
      b.add(zh, BooleanClause.Occur.SHOULD);
      any = true;
    }
    return any ? b.build() : null;
  }

  /**
   * The filter of a search over chunks of {@code collections} (null: no collection condition,
   * an admin reading everything); null when nothing restricts the search.
   */
  static Query filter(SearchFilter filter, Set<String> collections) {
    BooleanQuery.Builder b = new BooleanQuery.Builder();
    int clauses = 0;
    if (collections != null) {
      b.add(termsIn(IndexLayout.COLLECTION, List.copyOf(collections)), BooleanClause.Occur.FILTER);
      clauses++;
    }
    if (!filter.sourceTypes().isEmpty()) {
      b.add(termsIn(IndexLayout.SOURCE_TYPE, filter.sourceTypes()), BooleanClause.Occur.FILTER);
      clauses++;
    }
    if (!filter.pathPrefix().isEmpty()) {
      b.add(new PrefixQuery(new Term(IndexLayout.PATH, filter.pathPrefix())), BooleanClause.Occur.FILTER);
      clauses++;
    }
    for (String tag : filter.tags()) {
      b.add(new TermQuery(new Term(IndexLayout.TAG, tag)), BooleanClause.Occur.FILTER);
      clauses++;
    }
    if (filter.modifiedFromMillis() != null || filter.modifiedToMillis() != null) {
      long from = filter.modifiedFromMillis() == null ? Long.MIN_VALUE : filter.modifiedFromMillis();
      long to = filter.modifiedToMillis() == null ? Long.MAX_VALUE : filter.modifiedToMillis();
      b.add(LongPoint.newRangeQuery(IndexLayout.MODIFIED, from, to), BooleanClause.Occur.FILTER);
      clauses++;
    }
    if (clauses == 0) {
      return null;
    }
    // Manifests share some fields with chunks: only chunks are hits.
    b.add(new TermQuery(new Term(IndexLayout.DOC_TYPE, IndexLayout.TYPE_CHUNK)), BooleanClause.Occur.FILTER);
    return b.build();
  }

  /** BM25 over {@code text}, restricted by {@code filter} (either may be null). */
  static Query bm25(Query text, Query filter) {
    if (filter == null) {
      return text;
    }
    return new BooleanQuery.Builder()
        .add(text, BooleanClause.Occur.MUST)
        .add(filter, BooleanClause.Occur.FILTER)
        .build();
  }

  private static Query termsIn(String field, List<String> values) {
    if (values.size() == 1) {
      return new TermQuery(new Term(field, values.get(0)));
    }
    return new TermInSetQuery(field, values.stream().map(BytesRef::new).toList());
  }
}
