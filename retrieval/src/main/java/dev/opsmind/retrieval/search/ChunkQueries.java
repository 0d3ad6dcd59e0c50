package dev.opsmind.retrieval.search;

import dev.opsmind.retrieval.Analyzers;
import dev.opsmind.retrieval.IndexLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.util.BytesRef;

/**
 * Builds the Lucene queries of a search: the text query over each language's body, title and
 * heading fields, and the filter. Free text, never query syntax: user input cannot fail to parse.
 * A long query (a pasted runbook) keeps its {@value #MAX_TERMS} rarest distinct terms per
 * language, so no input reaches Lucene's clause limit.
 */
final class ChunkQueries {
  /**
   * Distinct terms kept per language and per translation: 4 lists x 48 terms x 3 fields stays
   * below Lucene's 1024 clauses.
   */
  static final int MAX_TERMS = 48;

  private final Analyzer english = Analyzers.english();
  private final Analyzer chinese = Analyzers.chinese();
  private final Analyzer perField = Analyzers.perField();
  private final FieldBoosts boosts;

  ChunkQueries(FieldBoosts boosts) {
    this.boosts = boosts;
  }

  Analyzer analyzer() {
    return perField;
  }

  /**
   * The analysed query: its kept terms per language, and the terms the glossary translated from
   * the other language (they count {@value #TRANSLATED_WEIGHT} as much: a dictionary guess).
   */
  record Terms(List<String> english, List<String> chinese, List<String> translatedEnglish,
      List<String> translatedChinese) {
    boolean isEmpty() {
      return english.isEmpty() && chinese.isEmpty() && translatedEnglish.isEmpty() && translatedChinese.isEmpty();
    }
  }

  /** Weight of a glossary translation's terms against the query's own. */
  static final float TRANSLATED_WEIGHT = 0.3f;

  /**
   * The query's distinct terms per language, the rarest {@value #MAX_TERMS} of each in
   * {@code reader}, and the glossary's translation of the query into the other language.
   */
  Terms terms(String query, IndexReader reader) {
    String language = dev.opsmind.retrieval.Languages.detect(query);
    String translation = Glossary.builtIn().translate(query, language);
    List<String> en = rarest(analyze(english, query), IndexLayout.TEXT_EN, reader);
    List<String> zh = rarest(analyze(chinese, query), IndexLayout.TEXT_ZH, reader);
    List<String> toEn = List.of();
    List<String> toZh = List.of();
    if (!translation.isEmpty()) {
      if (language.equals(dev.opsmind.retrieval.Languages.CHINESE)) {
        toEn = rarest(without(analyze(english, translation), en), IndexLayout.TEXT_EN, reader);
      } else {
        toZh = rarest(without(analyze(chinese, translation), zh), IndexLayout.TEXT_ZH, reader);
      }
    }
    return new Terms(en, zh, toEn, toZh);
  }

  private static List<String> without(List<String> terms, List<String> have) {
    return terms.stream().filter(t -> !have.contains(t)).toList();
  }

  /** Every field the text is scored on (null when the query has no terms). */
  Query scoring(Terms terms) {
    BooleanQuery.Builder b = new BooleanQuery.Builder();
    boolean any = addFields(b, terms.english(), 1f, IndexLayout.TEXT_EN, IndexLayout.TITLE_EN, IndexLayout.HEADINGS_EN);
    any |= addFields(b, terms.chinese(), 1f, IndexLayout.TEXT_ZH, IndexLayout.TITLE_ZH, IndexLayout.HEADINGS_ZH);
    any |= addFields(b, terms.translatedEnglish(), TRANSLATED_WEIGHT, IndexLayout.TEXT_EN, IndexLayout.TITLE_EN,
        IndexLayout.HEADINGS_EN);
    any |= addFields(b, terms.translatedChinese(), TRANSLATED_WEIGHT, IndexLayout.TEXT_ZH, IndexLayout.TITLE_ZH,
        IndexLayout.HEADINGS_ZH);
    return any ? b.build() : null;
  }

  /** The body fields only: what snippets highlight (null when the query has no terms). */
  Query body(Terms terms) {
    BooleanQuery.Builder b = new BooleanQuery.Builder();
    boolean any = false;
    for (String t : terms.english()) {
      b.add(new TermQuery(new Term(IndexLayout.TEXT_EN, t)), BooleanClause.Occur.SHOULD);
      any = true;
    }
    for (String t : terms.chinese()) {
      b.add(new TermQuery(new Term(IndexLayout.TEXT_ZH, t)), BooleanClause.Occur.SHOULD);
      any = true;
    }
    for (String t : terms.translatedEnglish()) {
      b.add(new TermQuery(new Term(IndexLayout.TEXT_EN, t)), BooleanClause.Occur.SHOULD);
      any = true;
    }
    for (String t : terms.translatedChinese()) {
      b.add(new TermQuery(new Term(IndexLayout.TEXT_ZH, t)), BooleanClause.Occur.SHOULD);
      any = true;
    }
    return any ? b.build() : null;
  }

  private boolean addFields(BooleanQuery.Builder b, List<String> terms, float weight, String body, String title,
      String headings) {
    for (String t : terms) {
      BooleanQuery.Builder perTerm = new BooleanQuery.Builder();
      perTerm.add(new TermQuery(new Term(body, t)), BooleanClause.Occur.SHOULD);
      if (boosts.title() > 0) {
        perTerm.add(new BoostQuery(new TermQuery(new Term(title, t)), (float) boosts.title()), BooleanClause.Occur.SHOULD);
      }
      if (boosts.headings() > 0) {
        perTerm.add(new BoostQuery(new TermQuery(new Term(headings, t)), (float) boosts.headings()),
            BooleanClause.Occur.SHOULD);
      }
      Query q = perTerm.build();
      b.add(weight == 1f ? q : new BoostQuery(q, weight), BooleanClause.Occur.SHOULD);
    }
    return !terms.isEmpty();
  }

  private static List<String> analyze(Analyzer analyzer, String text) {
    Set<String> out = new LinkedHashSet<>();
    try (TokenStream ts = analyzer.tokenStream("", text)) {
      CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
      ts.reset();
      while (ts.incrementToken()) {
        out.add(term.toString());
      }
      ts.end();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new ArrayList<>(out);
  }

  /** At most {@value #MAX_TERMS} terms: the rarest in the body field (ties: first in the query). */
  private static List<String> rarest(List<String> terms, String field, IndexReader reader) {
    if (terms.size() <= MAX_TERMS) {
      return terms;
    }
    List<String> sorted = new ArrayList<>(terms);
    try {
      var freq = new java.util.HashMap<String, Integer>();
      for (String t : terms) {
        freq.put(t, reader.docFreq(new Term(field, t)));
      }
      // A term no chunk holds cannot score: rare but present first.
      sorted.sort(Comparator.comparingInt((String t) -> freq.get(t) == 0 ? Integer.MAX_VALUE : freq.get(t)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> kept = sorted.subList(0, MAX_TERMS);
    return terms.stream().filter(kept::contains).toList();
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
