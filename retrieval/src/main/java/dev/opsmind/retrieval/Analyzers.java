package dev.opsmind.retrieval;

import java.util.List;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.core.FlattenGraphFilter;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.miscellaneous.WordDelimiterGraphFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.cn.smart.SmartChineseAnalyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.analysis.standard.StandardAnalyzer;

/**
 * Text analysis per language field: English (identifiers split into words, stop words, Porter
 * stemming) and Chinese (smartcn word segmentation, which also stems the English words inside
 * Chinese text). Queries are analysed by the same analyser as the field they search. The Chinese analyser drops Chinese function and
 * question words and English stop words too, so neither ranks nor gets highlighted.
 */
public final class Analyzers {
  /** Chinese words that carry no topic: particles, pronouns, question words. */
  static final List<String> CHINESE_STOP_WORDS = List.of(
      "的", "了", "吗", "呢", "吧", "啊", "呀", "么", "是", "在", "和", "与", "或", "就", "都", "也", "还", "又",
      "把", "被", "让", "给", "对", "从", "到", "向", "以", "及", "而", "并", "但", "如果", "因为", "所以",
      "这", "那", "这个", "那个", "这些", "那些", "这样", "那样", "它", "它们", "我", "我们", "你", "你们", "他", "她",
      "怎么", "怎么办", "怎样", "如何", "什么", "为什么", "哪些", "哪个", "是否", "吗", "请问", "一下", "应该",
      "可以", "需要", "能", "会", "要", "有", "没有", "一个", "一些", "之后", "以后", "然后");

  private Analyzers() {}

  /**
   * How identifiers split: at case changes and inner punctuation (KubeNodeNotReady, node_cpu_seconds,
   * PersistentVolumeClaim), keeping the whole token too. Ops text names things by identifiers while
   * people ask in words ("node not ready", "persistent volume claim"), and an identifier typed
   * exactly still matches itself. Numbers stay whole: "10.0.0.1" or "v1.5" are not words.
   */
  static final int IDENTIFIER_SPLIT = WordDelimiterGraphFilter.GENERATE_WORD_PARTS
      | WordDelimiterGraphFilter.SPLIT_ON_CASE_CHANGE | WordDelimiterGraphFilter.PRESERVE_ORIGINAL
      | WordDelimiterGraphFilter.STEM_ENGLISH_POSSESSIVE;

  /**
   * English: Lucene's {@link EnglishAnalyzer} chain (possessives, lower case, stop words, Porter
   * stemming) with identifiers also split into their words ({@link #IDENTIFIER_SPLIT}).
   */
  public static Analyzer english() {
    return new Analyzer() {
      @Override
      protected TokenStreamComponents createComponents(String fieldName) {
        Tokenizer source = new StandardTokenizer();
        TokenStream s = new WordDelimiterGraphFilter(source, IDENTIFIER_SPLIT, null);
        s = new FlattenGraphFilter(s); // the index takes no token graphs; queries use terms only
        s = new EnglishPossessiveFilter(s);
        s = new LowerCaseFilter(s);
        s = new StopFilter(s, EnglishAnalyzer.ENGLISH_STOP_WORDS_SET);
        s = new PorterStemFilter(s);
        return new TokenStreamComponents(source, s);
      }

      @Override
      protected TokenStream normalize(String fieldName, TokenStream in) {
        return new LowerCaseFilter(in);
      }
    };
  }

  public static Analyzer chinese() {
    CharArraySet stop = new CharArraySet(SmartChineseAnalyzer.getDefaultStopSet(), false);
    stop.addAll(CHINESE_STOP_WORDS);
    stop.addAll(EnglishAnalyzer.ENGLISH_STOP_WORDS_SET);
    return new SmartChineseAnalyzer(stop);
  }

  /** The index-wide analyser: each text field with its language's analyser. */
  public static Analyzer perField() {
    Analyzer en = english();
    Analyzer zh = chinese();
    return new PerFieldAnalyzerWrapper(new StandardAnalyzer(), Map.of(
        IndexLayout.TEXT_EN, en, IndexLayout.TITLE_EN, en, IndexLayout.HEADINGS_EN, en,
        IndexLayout.TEXT_ZH, zh, IndexLayout.TITLE_ZH, zh, IndexLayout.HEADINGS_ZH, zh));
  }
}
