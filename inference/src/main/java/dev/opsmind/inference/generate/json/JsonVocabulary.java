package dev.opsmind.inference.generate.json;

import java.util.function.IntFunction;
import java.util.function.IntPredicate;

/**
 * A tokenizer's tokens as bytes, prepared for {@link JsonConstraint}: special tokens (EOS, chat
 * markers) and empty ones are left out, and for each token the position of its first byte that
 * matters inside a JSON string ('"', '\\' or a control byte). Built once per tokenizer (a
 * 150k-token vocabulary takes tens of milliseconds) and shared by every constrained sequence.
 */
public final class JsonVocabulary {
  private final byte[][] tokens;
  private final int[] firstStringSpecial;

  public JsonVocabulary(int vocabSize, IntFunction<byte[]> tokenBytes, IntPredicate special) {
    tokens = new byte[vocabSize][];
    firstStringSpecial = new int[vocabSize];
    for (int id = 0; id < vocabSize; id++) {
      byte[] bytes = special.test(id) ? null : tokenBytes.apply(id);
      if (bytes == null || bytes.length == 0) {
        continue;
      }
      tokens[id] = bytes;
      int at = 0;
      while (at < bytes.length && plainInString(bytes[at])) {
        at++;
      }
      firstStringSpecial[id] = at;
    }
  }

  private static boolean plainInString(byte b) {
    int c = b & 0xff;
    return c >= 0x20 && c != '"' && c != '\\';
  }

  int size() {
    return tokens.length;
  }

  /** The token's bytes, or null for a token JSON output never uses. */
  byte[] bytes(int id) {
    return tokens[id];
  }

  /** Index of the token's first byte that is not plain string content (its length when all are). */
  int firstStringSpecial(int id) {
    return firstStringSpecial[id];
  }
}
