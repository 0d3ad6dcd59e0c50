package dev.opsmind.inference.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class DetokenizerTest {
  /** Tokens are single bytes: the worst split a byte-level vocabulary can produce. */
  private static Detokenizer byteTokens() {
    return new Detokenizer(id -> new byte[] {(byte) id});
  }

  @Test
  void holdsBackAChineseCharacterSplitAcrossByteTokens() {
    byte[] zhong = "中".getBytes(StandardCharsets.UTF_8); // E4 B8 AD
    Detokenizer d = byteTokens();
    assertEquals("", d.next(zhong[0] & 0xFF));
    assertEquals(1, d.pendingBytes());
    assertEquals("", d.next(zhong[1] & 0xFF));
    assertEquals("中", d.next(zhong[2] & 0xFF));
    assertEquals(0, d.pendingBytes());
  }

  @Test
  void emojiSplitAcrossTwoTokensComesOutWhole() {
    byte[] rocket = "a🚀b".getBytes(StandardCharsets.UTF_8); // 61 F0 9F 9A 80 62
    List<byte[]> tokens = List.of(Arrays.copyOfRange(rocket, 0, 3), Arrays.copyOfRange(rocket, 3, 6));
    Detokenizer d = new Detokenizer(tokens::get);
    assertEquals("a", d.next(0));
    assertEquals("🚀b", d.next(1));
  }

  @Test
  void everyDeltaIsValidAndTheyConcatenateToTheText() {
    String text = "日志显示 timeout 🔥 ok";
    Detokenizer d = byteTokens();
    List<String> deltas = new ArrayList<>();
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      deltas.add(d.next(b & 0xFF));
    }
    deltas.add(d.flush());
    for (String delta : deltas) {
      assertEquals(-1, delta.indexOf('\uFFFD'), "no replacement char in " + deltas);
    }
    assertEquals(text, String.join("", deltas));
  }

  @Test
  void flushTurnsATruncatedCharacterIntoOneReplacementChar() {
    Detokenizer d = byteTokens();
    assertEquals("", d.next(0xE4));
    assertEquals("\uFFFD", d.flush());
  }

  @Test
  void invalidByteIsReplacedImmediately() {
    Detokenizer d = byteTokens();
    assertEquals("\uFFFDA", d.next(0xFF) + d.next('A'));
  }
}
