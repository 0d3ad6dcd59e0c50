package dev.opsmind.inference.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.opsmind.inference.tokenizer.Detokenizer;
import dev.opsmind.inference.tokenizer.TextTokenizer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenizerJsonWriterTest {
  private static final List<String> TEXTS = List.of(
      "The service returned HTTP 503 after the deployment.",
      "服务在部署后返回 503 错误，请检查 Pod 的状态。",
      "emoji 🚀🔥 and flags 🇨🇳 mixed with 中文",
      "  leading spaces\n\ttabs\r\n and trailing  ",
      "");

  @Test
  void roundTripsEnglishChineseEmojiThroughDjl(@TempDir Path dir) {
    TokenizerJsonWriter.Written w = TokenizerJsonWriter.write(dir, "qwen2", 2048);
    assertTrue(w.vocabSize() <= 2048, "vocab " + w.vocabSize());
    assertTrue(w.vocabSize() > 256 + 100, "the trainer should learn merges, vocab " + w.vocabSize());
    try (TextTokenizer tok = TextTokenizer.load(dir)) {
      assertEquals(w.vocabSize(), tok.vocabSize());
      for (String text : TEXTS) {
        int[] ids = tok.encode(text);
        assertEquals(text, tok.decode(ids), "round trip of " + text);
        // Streaming through the Detokenizer gives the same text.
        Detokenizer d = new Detokenizer(tok);
        StringBuilder sb = new StringBuilder();
        for (int id : ids) {
          sb.append(d.next(id));
        }
        sb.append(d.flush());
        assertEquals(text, sb.toString());
      }
      // No silent truncation (DJL's default would cut at 512 tokens).
      String longText = "日志 timeout 🔥 ".repeat(400);
      int[] longIds = tok.encode(longText);
      assertTrue(longIds.length > 1000, "tokens " + longIds.length);
      assertEquals(longText, tok.decode(longIds));
      // Merges compress known text: fewer tokens than bytes.
      String known = "Check the pod status with kubectl";
      assertTrue(tok.encode(known).length < known.getBytes(StandardCharsets.UTF_8).length / 2);
    }
  }

  @Test
  void roundTripsArbitraryValidUtf8(@TempDir Path dir) {
    TokenizerJsonWriter.write(dir, "llama", 1024);
    Random random = new Random(7);
    try (TextTokenizer tok = TextTokenizer.load(dir)) {
      for (int n = 0; n < 50; n++) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 40; i++) {
          int cp = random.nextInt(0x2FFFF);
          if (Character.isValidCodePoint(cp) && !(cp >= 0xD800 && cp <= 0xDFFF)) {
            sb.appendCodePoint(cp);
          }
        }
        String text = sb.toString();
        assertEquals(text, tok.decode(tok.encode(text)));
      }
    }
  }

  @Test
  void specialTokensAreSingleIdsAfterTheBpeVocab(@TempDir Path dir) {
    TokenizerJsonWriter.Written w = TokenizerJsonWriter.write(dir, "llama", 600);
    try (TextTokenizer tok = TextTokenizer.load(dir)) {
      int eot = tok.tokenId("<|eot_id|>").orElseThrow();
      assertEquals(w.eosId(), eot);
      assertEquals(w.vocabSize() - 1, tok.tokenId("<|python_tag|>").orElseThrow());
      int[] ids = tok.encode("<|start_header_id|>user<|end_header_id|>");
      assertEquals(tok.tokenId("<|start_header_id|>").orElseThrow(), ids[0]);
      assertEquals(tok.tokenId("<|end_header_id|>").orElseThrow(), ids[ids.length - 1]);
      assertTrue(tok.isSpecial(eot));
      assertArrayEquals("<|eot_id|>".getBytes(StandardCharsets.UTF_8), tok.tokenBytes(eot));
      assertEquals("x<|eot_id|>", tok.decode(new int[] {tok.encode("x")[0], eot}));
    }
  }

  @Test
  void rawTextGetsBosOnlyWhereTheFamilyUsesOne(@TempDir Path dir) {
    TokenizerJsonWriter.Written llama = TokenizerJsonWriter.write(dir.resolve("l"), "llama", 600);
    TokenizerJsonWriter.write(dir.resolve("q"), "qwen2", 600);
    try (TextTokenizer l = TextTokenizer.load(dir.resolve("l")); TextTokenizer q = TextTokenizer.load(dir.resolve("q"))) {
      int[] plain = l.encode("disk full");
      int[] withBos = l.encode("disk full", true);
      assertEquals(llama.bosId(), withBos[0]);
      assertArrayEquals(plain, java.util.Arrays.copyOfRange(withBos, 1, withBos.length));
      assertArrayEquals(q.encode("disk full"), q.encode("disk full", true));
      assertEquals("<|begin_of_text|>disk full", l.decode(withBos));
    }
  }

  @Test
  void rejectsABudgetBelowTheByteAlphabet(@TempDir Path dir) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TokenizerJsonWriter.write(dir, "qwen2", 200));
    assertTrue(e.getMessage().contains("259"), e.getMessage());
  }
}
