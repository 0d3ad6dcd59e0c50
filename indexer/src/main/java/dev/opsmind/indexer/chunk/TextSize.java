package dev.opsmind.indexer.chunk;

/**
 * A cheap estimate of a text's length in embedder tokens, so chunks fit the embedder's window
 * without running its tokenizer: a CJK character is about one token, other text about four
 * characters per token.
 */
public final class TextSize {
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
    return cjk + (other + 3) / 4;
  }
}
