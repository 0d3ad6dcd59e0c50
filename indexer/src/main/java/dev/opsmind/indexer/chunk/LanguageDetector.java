package dev.opsmind.indexer.chunk;

/**
 * zh/en detection by CJK share. A Chinese runbook is full of English commands and names, so CJK
 * characters are weighed against Latin <em>words</em> (one Han character carries about a word):
 * a text is "zh" when CJK characters make up at least {@value #ZH_SHARE} of characters + words.
 */
public final class LanguageDetector {
  static final double ZH_SHARE = 0.3;

  private LanguageDetector() {}

  /** "zh" or "en" (text without letters counts as "en"). */
  public static String detect(String text) {
    long cjk = 0;
    long latinWords = 0;
    boolean inWord = false;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      if (isCjk(cp)) {
        cjk++;
        inWord = false;
      } else if (Character.isLetter(cp)) {
        if (!inWord) latinWords++;
        inWord = true;
      } else {
        inWord = false;
      }
    }
    long total = cjk + latinWords;
    return total > 0 && (double) cjk / total >= ZH_SHARE ? "zh" : "en";
  }

  /** Han ideographs, CJK punctuation and full-width forms. */
  static boolean isCjk(int cp) {
    Character.UnicodeScript script = Character.UnicodeScript.of(cp);
    return script == Character.UnicodeScript.HAN
        || (cp >= 0x3000 && cp <= 0x303F)
        || (cp >= 0xFF00 && cp <= 0xFFEF);
  }
}
