package dev.opsmind.retrieval;

/** The languages the index analyses, and a cheap script-based detector for chunks and queries. */
public final class Languages {
  public static final String ENGLISH = "en";
  public static final String CHINESE = "zh";

  private Languages() {}

  /**
   * "zh" when Han characters carry a fair share of the words, else "en". A Chinese word is ~1.5
   * characters and an English one ~5 letters, so a runbook in Chinese full of English commands
   * still counts as Chinese, and an English page quoting one Chinese term does not.
   */
  public static String detect(String text) {
    int han = 0;
    int latin = 0;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      if (Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN) {
        han++;
      } else if (Character.isLetter(cp)) {
        latin++;
      }
    }
    double hanWords = han / 1.5;
    double otherWords = latin / 5.0;
    return hanWords > 0 && hanWords >= 0.3 * (hanWords + otherWords) ? CHINESE : ENGLISH;
  }

  /** A language code given by a caller: only the analysed ones are accepted. */
  public static String check(String language) {
    String code = language.toLowerCase(java.util.Locale.ROOT);
    if (code.startsWith("zh")) {
      return CHINESE;
    }
    if (code.startsWith("en")) {
      return ENGLISH;
    }
    throw new IllegalArgumentException("language '" + language + "' is not analysed: use 'en' or 'zh'");
  }
}
