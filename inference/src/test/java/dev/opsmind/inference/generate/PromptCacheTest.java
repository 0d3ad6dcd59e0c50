package dev.opsmind.inference.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.opsmind.inference.checkpoint.ModelShapes;
import dev.opsmind.inference.checkpoint.RandomCheckpoint;
import dev.opsmind.inference.model.DecodeStep;
import dev.opsmind.inference.model.Decoder;
import dev.opsmind.inference.model.DecoderOptions;
import dev.opsmind.inference.model.KvCache;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The automatic prefix cache over real KV caches of a tiny random Qwen2 decoder. */
class PromptCacheTest {
  @TempDir static Path dir;
  static Decoder decoder;

  @BeforeAll
  static void load() {
    RandomCheckpoint.write(dir, ModelShapes.get("tiny-qwen2"), RandomCheckpoint.Options.defaults(5), line -> {});
    decoder = Decoder.load(dir, DecoderOptions.defaults().withThreads(1));
  }

  @AfterAll
  static void close() {
    decoder.close();
  }

  private static int[] tokens(long seed, int n) {
    return new SplittableRandom(seed).ints(n, 0, 512).toArray();
  }

  private static int[] concat(int[] a, int[] b) {
    int[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** A cache holding the KV of {@code tokens}, and the logits after them. */
  private static KvCache filled(int[] tokens) {
    KvCache cache = decoder.newCache();
    decoder.forward(List.of(new DecodeStep(cache, tokens)));
    return cache;
  }

  @Test
  void aHitContinuesExactlyLikeAFreshPrefill() {
    int[] system = tokens(1, 40);
    int[] first = concat(system, tokens(2, 12));
    int[] second = concat(system, tokens(3, 9));
    try (PromptCache cache = new PromptCache(1000)) {
      cache.offer(first, filled(first));
      PromptCache.Hit hit = cache.lookup(second);
      assertNotNull(hit);
      assertEquals(40, hit.tokens(), "the shared system prompt");
      assertEquals(40, hit.cache().length());
      float[] reused = decoder.forward(List.of(new DecodeStep(hit.cache(), Arrays.copyOfRange(second, 40, 49))))[0];
      try (KvCache fresh = decoder.newCache()) {
        float[] recomputed = decoder.forward(List.of(new DecodeStep(fresh, second)))[0];
        float diff = 0;
        for (int i = 0; i < reused.length; i++) {
          diff = Math.max(diff, Math.abs(reused[i] - recomputed[i]));
        }
        assertTrue(diff < 1e-4, "logits after a cached prefix differ by " + diff);
      }
      hit.cache().close();
      // the stored entry was copied, not consumed: the same prefix hits again
      PromptCache.Hit again = cache.lookup(second);
      assertEquals(40, again.tokens());
      again.cache().close();
    }
  }

  @Test
  void lookupLeavesOneTokenToRunAndIgnoresShortMatches() {
    int[] stored = tokens(4, 30);
    try (PromptCache cache = new PromptCache(1000)) {
      cache.offer(stored, filled(stored));
      PromptCache.Hit whole = cache.lookup(stored); // same prompt again: its last token must still run
      assertEquals(29, whole.tokens());
      whole.cache().close();
      int[] shortShared = concat(Arrays.copyOf(stored, PromptCache.MIN_MATCH - 1), tokens(5, 20));
      assertNull(cache.lookup(shortShared), "fewer than MIN_MATCH shared tokens are not worth a copy");
      assertNull(cache.lookup(tokens(6, 40)));
    }
  }

  @Test
  void coveredEntriesAreDroppedAndTheLeastRecentlyUsedLeavesFirst() {
    int[] a = tokens(7, 40);
    int[] aLonger = concat(a, tokens(8, 10));
    int[] b = tokens(9, 40);
    int[] c = tokens(10, 40);
    try (PromptCache cache = new PromptCache(100)) {
      cache.offer(a, filled(a));
      cache.offer(aLonger, filled(aLonger)); // holds all of a: a goes
      assertEquals(1, cache.entryCount());
      assertEquals(50, cache.heldTokens());
      cache.offer(a, filled(a)); // already covered by aLonger: not kept
      assertEquals(1, cache.entryCount());
      cache.offer(b, filled(b));
      assertEquals(90, cache.heldTokens());
      cache.lookup(concat(aLonger, new int[] {1})).cache().close(); // aLonger is now the most recent
      cache.offer(c, filled(c)); // 130 > 100: b, the least recently used, leaves
      assertEquals(2, cache.entryCount());
      assertNull(cache.lookup(concat(b, new int[] {1})));
      for (int[] kept : List.of(c, aLonger)) {
        PromptCache.Hit hit = cache.lookup(concat(kept, new int[] {1}));
        assertNotNull(hit);
        assertEquals(kept.length, hit.tokens());
        hit.cache().close();
      }
    }
  }

  @Test
  void offCacheKeepsNothing() {
    int[] a = tokens(11, 40);
    KvCache filled = filled(a);
    try (PromptCache cache = new PromptCache(0)) {
      cache.offer(a, filled);
      assertEquals(0, cache.entryCount());
      assertThrows(IllegalStateException.class, () -> filled.copy(), "an unkept cache is closed");
    }
    assertThrows(IllegalArgumentException.class, () -> new PromptCache(-1));
  }
}
