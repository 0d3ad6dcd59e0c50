package dev.opsmind.inference.generate;

import dev.opsmind.inference.model.KvCache;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * Automatic prefix caching: the KV caches of recently finished sequences, kept so that a new
 * prompt starting with the same tokens (a shared system prompt, the earlier turns of a chat that
 * the client sends again) skips prefilling them. A hit is a copy of the stored cache cut to the
 * common prefix; the stored entry stays as it was. Bounded by the tokens all entries hold,
 * least recently used first out. Owned by one thread (the scheduler's).
 */
final class PromptCache implements AutoCloseable {
  /** Shorter shared prefixes are not worth a copy. */
  static final int MIN_MATCH = 16;

  private static final class Entry {
    final int[] tokens;
    final KvCache cache;
    long lastUsed;

    Entry(int[] tokens, KvCache cache, long lastUsed) {
      this.tokens = tokens;
      this.cache = cache;
      this.lastUsed = lastUsed;
    }
  }

  /** A cache holding the prompt's first {@code tokens} positions, owned by the caller. */
  record Hit(KvCache cache, int tokens) {}

  private final int capacityTokens;
  private final List<Entry> entries = new ArrayList<>();
  private long clock;
  private int heldTokens;

  /** @param capacityTokens KV positions all entries may hold together; 0 turns caching off */
  PromptCache(int capacityTokens) {
    if (capacityTokens < 0) {
      throw new IllegalArgumentException("prompt cache capacity must be >= 0 tokens, got " + capacityTokens);
    }
    this.capacityTokens = capacityTokens;
  }

  /**
   * The longest stored prefix of {@code prompt}, leaving at least one prompt token to run (its
   * logits give the first sampled token); null below {@link #MIN_MATCH} tokens.
   */
  Hit lookup(int[] prompt) {
    Entry best = null;
    int bestLength = 0;
    for (Entry e : entries) {
      int n = commonPrefix(e.tokens, prompt, Math.min(e.tokens.length, prompt.length - 1));
      if (n > bestLength) {
        best = e;
        bestLength = n;
      }
    }
    if (best == null || bestLength < MIN_MATCH) {
      return null;
    }
    best.lastUsed = ++clock;
    return new Hit(best.cache.copyPrefix(bestLength), bestLength);
  }

  /**
   * Takes a finished sequence's cache, which holds the KV of {@code tokens[0, cache.length())}:
   * kept, or closed when caching is off, when it is too short or too large, or when a stored
   * entry already covers it. Entries it covers are dropped.
   */
  void offer(int[] tokens, KvCache cache) {
    int length = cache.length();
    if (length < MIN_MATCH || length > capacityTokens) {
      cache.close();
      return;
    }
    int[] held = Arrays.copyOf(tokens, length);
    for (Iterator<Entry> it = entries.iterator(); it.hasNext(); ) {
      Entry e = it.next();
      int common = commonPrefix(e.tokens, held, Math.min(e.tokens.length, length));
      if (common == length) { // the stored one already holds all of it
        e.lastUsed = ++clock;
        cache.close();
        return;
      }
      if (common == e.tokens.length) { // the new one holds all of the stored one
        remove(it, e);
      }
    }
    entries.add(new Entry(held, cache, ++clock));
    heldTokens += length;
    while (heldTokens > capacityTokens) {
      Entry oldest = entries.getFirst();
      for (Entry e : entries) {
        if (e.lastUsed < oldest.lastUsed) {
          oldest = e;
        }
      }
      entries.remove(oldest);
      heldTokens -= oldest.tokens.length;
      oldest.cache.close();
    }
  }

  private void remove(Iterator<Entry> it, Entry e) {
    it.remove();
    heldTokens -= e.tokens.length;
    e.cache.close();
  }

  int entryCount() {
    return entries.size();
  }

  int heldTokens() {
    return heldTokens;
  }

  private static int commonPrefix(int[] a, int[] b, int limit) {
    int mismatch = Arrays.mismatch(a, 0, limit, b, 0, limit);
    return mismatch < 0 ? limit : mismatch;
  }

  @Override
  public void close() {
    for (Entry e : entries) {
      e.cache.close();
    }
    entries.clear();
    heldTokens = 0;
  }
}
