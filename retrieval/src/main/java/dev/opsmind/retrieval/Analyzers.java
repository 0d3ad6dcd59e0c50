package dev.opsmind.retrieval;

import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.cn.smart.SmartChineseAnalyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.analysis.standard.StandardAnalyzer;

/**
 * Text analysis per language field: English (stop words, Porter stemming) and Chinese (smartcn
 * word segmentation, which also stems the English words inside Chinese text). Queries are analysed
 * by the same analyser as the field they search.
 */
public final class Analyzers {
  private Analyzers() {}

  public static Analyzer english() {
    return new EnglishAnalyzer();
  }

  public static Analyzer chinese() {
    return new SmartChineseAnalyzer();
  }

  /** The index-wide analyser: each text field with its language's analyser. */
  public static Analyzer perField() {
    return new PerFieldAnalyzerWrapper(new StandardAnalyzer(),
        Map.of(IndexLayout.TEXT_EN, english(), IndexLayout.TEXT_ZH, chinese()));
  }
}
