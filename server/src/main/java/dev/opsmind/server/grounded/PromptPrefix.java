package dev.opsmind.server.grounded;

import dev.opsmind.inference.model.DecodeStep;
import dev.opsmind.inference.model.Decoder;
import dev.opsmind.inference.model.KvCache;
import dev.opsmind.inference.tokenizer.ChatMessage;
import dev.opsmind.inference.tokenizer.ChatTemplate;
import dev.opsmind.inference.tokenizer.TextTokenizer;
import dev.opsmind.server.answer.GroundedPrompt;
import java.util.Arrays;
import java.util.List;

/**
 * The KV cache of the grounded system prompt, computed once per model when it loads (before its
 * scheduler takes requests: the decoder has one owner at a time) and copied by the scheduler for
 * every grounded request whose prompt starts with the same tokens.
 *
 * <p>The prefix is the chat template rendered with the system turn alone. A template whose
 * rendering of that turn depends on what follows, or tokens that merge across the turn boundary,
 * make {@link #cacheFor} return null for that prompt: it is then prefilled whole, never wrongly.
 */
public final class PromptPrefix implements AutoCloseable {
  private final int[] tokens;
  private final KvCache cache;

  private PromptPrefix(int[] tokens, KvCache cache) {
    this.tokens = tokens;
    this.cache = cache;
  }

  /**
   * Prefills {@link GroundedPrompt#SYSTEM_PROMPT} as rendered by {@code template}; null when it
   * takes more than half the model's context (no grounded prompt would fit anyway).
   */
  public static PromptPrefix compute(Decoder decoder, TextTokenizer tokenizer, ChatTemplate template) {
    String rendered = template.render(List.of(ChatMessage.system(GroundedPrompt.SYSTEM_PROMPT)), false);
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
    return new PromptPrefix(tokens, cache);
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
