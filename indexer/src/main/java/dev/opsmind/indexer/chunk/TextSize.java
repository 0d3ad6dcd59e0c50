package dev.opsmind.indexer.chunk;

/**
 * A cheap estimate of a text's length in embedder tokens, so chunks fit the embedder's window
 * without running its tokenizer: a CJK character is about one token, other text about
 * {@value #CHARS_PER_TOKEN} characters per token. (Measured on the runbooks with bge-small-zh's
 * tokenizer: English prose 2.9 characters per token, logs 2.2; the usual four of English-only
 * vocabularies overflowed its 512-token window.)
 */
public final class TextSize {
  static final int CHARS_PER_TOKEN = 3;

  private TextSize() {}

  public static int estimateTokens(String text) {
    int cjk = 0;
    int other = 0;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      if (LanguageDetector.isCjk(cp)) cjk++;
      else other++;
    }
    return cjk + (other + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN;
  }
}
