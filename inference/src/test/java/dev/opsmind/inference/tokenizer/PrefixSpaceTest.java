package dev.opsmind.inference.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.opsmind.inference.checkpoint.ModelShapes;
import dev.opsmind.inference.checkpoint.RandomCheckpoint;
import dev.opsmind.inference.checkpoint.RandomGguf;
import dev.opsmind.inference.gguf.TinyLlamas;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dummy prefix space of SentencePiece vocabularies in generated text: the first text token
 * after a bare BOS loses it (as llama.cpp's detokenizer and SentencePiece's decoder do), every
 * other ▁ is a space; byte-level tokenizers have no such prefix.
 */
class PrefixSpaceTest {
  @TempDir Path tmp;

  private static String text(IntFunction<byte[]> bytes, int... ids) {
    StringBuilder out = new StringBuilder();
    for (int id : ids) {
      out.append(new String(bytes.apply(id), StandardCharsets.UTF_8));
    }
    return out.toString();
  }

  @Test
  void fabricatedSentencePieceGguf() {
    Path file = tmp.resolve("tiny.gguf");
    RandomGguf.write(file, ModelShapes.get("tiny-llama"), 1, 0.02);
    try (TextTokenizer t = TextTokenizer.load(file)) {
      assertTrue(t.addsPrefixSpace());
      int bos = 1;
      int once = t.tokenId("\u2581once").orElseThrow();
      int upon = t.tokenId("\u2581upon").orElseThrow();
      assertArrayEquals(new int[] {bos, once, upon}, t.encode("once upon", true));
      assertTrue(t.startsText(new int[] {bos}));
      assertFalse(t.startsText(new int[] {bos, once}));
      assertEquals("once upon", text(t.continuation(new int[] {bos}), once, upon));
      assertEquals(" once upon", text(t.continuation(new int[] {bos, upon}), once, upon));
      // a special token generated first does not start the text: the next text token still does
      assertEquals("</s>once", text(t.continuation(new int[] {bos}), 2, once));
      assertArrayEquals(" once".getBytes(StandardCharsets.UTF_8), t.pieceBytes(once, false));
      assertArrayEquals("once".getBytes(StandardCharsets.UTF_8), t.pieceBytes(once, true));
      // what the continuation gives joins into the whole text's decode
      assertEquals(t.decode(new int[] {once, upon}), text(t.continuation(new int[] {bos}), once, upon));
    }
  }

  @Test
  void byteLevelTokenizersKeepEverySpace() {
    Path dir = tmp.resolve("qwen");
    RandomCheckpoint.write(dir, ModelShapes.get("tiny-qwen2"), RandomCheckpoint.Options.defaults(1), line -> { });
    try (TextTokenizer t = TextTokenizer.load(dir)) {
      assertFalse(t.addsPrefixSpace());
      int[] ids = t.encode(" disk full");
      assertFalse(t.startsText(new int[0]));
      assertEquals(" disk full", text(t.continuation(new int[0]), ids));
    }
  }

  @Test
  void stories260KAfterBosReadsAsItsPublishedText() {
    try (TextTokenizer t = TextTokenizer.load(TinyLlamas.dir().resolve("stories260K.gguf"))) {
      int[] ids = t.encode("Once upon a time", false);
      assertEquals(" Once upon a time", text(t::tokenBytes, ids));
      assertEquals("Once upon a time", text(t.continuation(new int[] {1}), ids));
    }
  }
}
