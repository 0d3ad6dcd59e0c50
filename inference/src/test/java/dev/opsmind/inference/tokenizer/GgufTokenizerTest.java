package dev.opsmind.inference.tokenizer;

import dev.opsmind.inference.gguf.TinyLlamas;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The GGUF SentencePiece tokenizer on the real Llama-2 vocabulary of llama-2-tiny-random.gguf.
 * Expected ids are the vocabulary's own: looked up by piece, and for the well-known pieces also
 * checked against Llama-2's published ids.
 */
class GgufTokenizerTest {
  static TextTokenizer t;

  @BeforeAll
  static void load() {
    t = TextTokenizer.load(TinyLlamas.dir().resolve("llama-2-tiny-random.gguf"));
  }

  @AfterAll
  static void close() {
    if (t != null) t.close(); // null when the data is absent and the class was skipped
  }

  private static int id(String piece) {
    return t.tokenId(piece).orElseThrow(() -> new AssertionError(piece + " is not in the vocabulary"));
  }

  @Test
  void wordsBecomeTheirWholePiecesWithThePrefixSpace() {
    assertEquals(32000, t.vocabSize());
    assertEquals(15043, id("▁Hello"));
    assertEquals(3186, id("▁world"));
    assertArrayEquals(new int[] {15043, 3186}, t.encode("Hello world"));
    assertArrayEquals(new int[] {1, 15043, 3186}, t.encode("Hello world", true)); // BOS added (add_bos default)
    assertEquals("Hello world", t.decode(t.encode("Hello world")));
    assertArrayEquals(new int[] {1}, t.encode("", true)); // a bare BOS, no lone prefix space
  }

  @Test
  void aCharacterOutsideTheVocabularyFallsBackToItsUtf8Bytes() {
    assertTrue(t.tokenId("龘").isEmpty());
    assertTrue(t.tokenId("▁龘").isEmpty());
    // 龘 = E9 BE 98; the prefix ▁ stays a piece of its own
    assertArrayEquals(new int[] {id("▁"), id("<0xE9>"), id("<0xBE>"), id("<0x98>")}, t.encode("龘"));
    assertEquals("龘", t.decode(t.encode("龘")));
    assertArrayEquals(new byte[] {(byte) 0xE9}, t.tokenBytes(id("<0xE9>")));
  }

  @Test
  void aChineseCharacterInTheVocabularyIsOnePiece() {
    assertTrue(t.tokenId("中").isPresent());
    int[] ids = t.encode("a中");
    assertArrayEquals(new int[] {id("▁a"), id("中")}, ids);
  }

  @Test
  void mergesFollowTheScores() {
    // "▁unbelievable" is not one piece: the highest-scored merges decide the split
    int[] ids = t.encode("unbelievable");
    StringBuilder joined = new StringBuilder();
    for (int i : ids) {
      joined.append(new String(t.tokenBytes(i), java.nio.charset.StandardCharsets.UTF_8));
    }
    assertEquals(" unbelievable", joined.toString());
    assertEquals("unbelievable", t.decode(ids));
    // ▁un · bel · iev · able: pinned (the split llama.cpp's SPM gives on this vocabulary)
    assertArrayEquals(new int[] {id("▁un"), id("bel"), id("iev"), id("able")}, ids);
  }

  @Test
  void specialTokensInTheTextMapToTheirIdsAndKeepTheirText() {
    assertArrayEquals(new int[] {1, 15043}, t.encode("<s>Hello"));
    assertTrue(t.isSpecial(1));
    assertFalse(t.isSpecial(15043));
    assertEquals(" Hello", new String(t.tokenBytes(15043), java.nio.charset.StandardCharsets.UTF_8));
    assertTrue(t.addsPrefixSpace());
    assertEquals("<s> Hello", t.decode(new int[] {1, 15043}));
  }
}
