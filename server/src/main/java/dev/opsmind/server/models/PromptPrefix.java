package dev.opsmind.server.models;

import dev.opsmind.inference.model.DecodeStep;
import dev.opsmind.inference.model.Decoder;
import dev.opsmind.inference.model.KvCache;
import dev.opsmind.inference.tokenizer.ChatMessage;
import dev.opsmind.inference.tokenizer.ChatTemplate;
import dev.opsmind.inference.tokenizer.TextTokenizer;
import java.util.Arrays;
import java.util.List;

/**
 * The KV cache of a system prompt that many requests share (grounded chat's, see {@code
 * GroundedChat.CACHED_SYSTEM_PROMPTS}), computed once per model when it loads (before its
 * scheduler takes requests: the decoder has one owner at a time) and copied by the scheduler for
 * every request whose prompt starts with the same tokens.
 *
 * <p>The prefix is the chat template rendered with the system turn alone. A template whose
 * rendering of that turn depends on what follows, or tokens that merge across the turn boundary,
 * make {@link #cacheFor} return null for that prompt: it is then prefilled whole, never wrongly.
 */
public final class PromptPrefix implements AutoCloseable {
  private final String systemPrompt;
  private final int[] tokens;
  private final KvCache cache;

  private PromptPrefix(String systemPrompt, int[] tokens, KvCache cache) {
    this.systemPrompt = systemPrompt;
    this.tokens = tokens;
    this.cache = cache;
  }

  /**
   * Prefills {@code systemPrompt} as rendered by {@code template}; null when it takes more than
   * half the model's context (no prompt that starts with it would fit anyway).
   */
  public static PromptPrefix compute(Decoder decoder, TextTokenizer tokenizer, ChatTemplate template,
      String systemPrompt) {
    String rendered = template.render(List.of(ChatMessage.system(systemPrompt)), false);
    int[] tokens = tokenizer.encode(rendered);
    if (tokens.length == 0 || tokens.length > decoder.contextLength() / 2) {
      return null;
    }
    KvCache cache = decoder.newCache();
    try {
      decoder.forward(List.of(new DecodeStep(cache, tokens)));
    } catch (RuntimeException e) {
      cache.close();
      throw e;
    }
    return new PromptPrefix(systemPrompt, tokens, cache);
  }

  /** The system prompt this cache holds. */
  public String systemPrompt() {
    return systemPrompt;
  }

  public int length() {
    return tokens.length;
  }

  /** The cache to start {@code prompt} from, or null when the prompt does not begin with the prefix tokens. */
  public KvCache cacheFor(int[] prompt) {
    if (prompt.length <= tokens.length) {
      return null;
    }
    return Arrays.equals(prompt, 0, tokens.length, tokens, 0, tokens.length) ? cache : null;
  }

  @Override
  public void close() {
    cache.close();
  }
}
