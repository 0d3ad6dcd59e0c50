package dev.opsmind.server.openai;

import dev.opsmind.inference.generate.sampling.TokenLogprob;
import dev.opsmind.inference.tokenizer.TextTokenizer;
import dev.opsmind.server.openai.protocol.ChatProtocol;
import dev.opsmind.server.openai.protocol.CompletionProtocol;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Log-probabilities in the chat shape ({"content": [...]}) and the legacy completions shape.
 * Token texts come from the tokenizer (native code), so they are resolved by {@link #resolve}
 * on the scheduler's callback thread; the JSON is then written on the event loop without it.
 * A token's text is exactly what it adds to the completion, as OpenAI returns it: SentencePiece's
 * {@code ▁a} is " a" (a whole-sequence decode of one token would drop that space), so the tokens
 * join back into the text; only the first text token after a bare BOS loses the tokenizer's dummy
 * prefix space, as the completion text does ({@link TextTokenizer#startsText}).
 */
final class Logprobs {
  private Logprobs() {}

  /** A token with its text and bytes, its log-probability, and the top alternatives (empty for those). */
  record TokenText(String token, byte[] bytes, float logprob, List<TokenText> top) {}

  /** {@code atTextStart}: the token (and its alternatives) would begin the text, see {@link TextTokenizer#startsText}. */
  static TokenText resolve(TextTokenizer tokenizer, TokenLogprob lp, boolean atTextStart) {
    List<TokenText> top = lp.top().stream()
        .map(alt -> text(tokenizer, alt.tokenId(), alt.logprob(), List.of(), atTextStart)).toList();
    return text(tokenizer, lp.tokenId(), lp.logprob(), top, atTextStart);
  }

  private static TokenText text(TextTokenizer tokenizer, int id, float logprob, List<TokenText> top,
      boolean atTextStart) {
    byte[] bytes = tokenizer.pieceBytes(id, atTextStart);
    return new TokenText(utf8(bytes), bytes, logprob, top);
  }

  /**
   * The bytes as text; a token holding part of a character (byte fallback, a byte-level piece of
   * a Chinese character) has no text of its own and reads as U+FFFD, as tokenizers' decode gives
   * it; its {@code bytes} still carry the exact value.
   */
  static String utf8(byte[] bytes) {
    try {
      return java.nio.charset.StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
    } catch (java.nio.charset.CharacterCodingException e) {
      return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  /** The chat shape: {"content": [{token, logprob, bytes, top_logprobs}]}. */
  static ChatProtocol.Logprobs chat(List<TokenText> logprobs) {
    return new ChatProtocol.Logprobs(logprobs.stream()
        .map(lp -> token(lp, lp.top().stream().map(alt -> token(alt, null)).toList())).toList());
  }

  private static ChatProtocol.TokenLogprob token(TokenText token, List<ChatProtocol.TokenLogprob> top) {
    int[] bytes = new int[token.bytes().length];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = token.bytes()[i] & 0xff;
    }
    return new ChatProtocol.TokenLogprob(token.token(), token.logprob(), bytes, top);
  }

  /** The legacy shape; {@code startOffset}: where the completion's text begins (after an echoed prompt). */
  static CompletionProtocol.Logprobs legacy(List<TokenText> logprobs, int startOffset) {
    List<String> tokens = new ArrayList<>();
    List<Float> values = new ArrayList<>();
    List<Map<String, Float>> tops = new ArrayList<>();
    List<Integer> offsets = new ArrayList<>();
    int offset = startOffset;
    for (TokenText lp : logprobs) {
      tokens.add(lp.token());
      values.add(lp.logprob());
      Map<String, Float> top = new LinkedHashMap<>();
      for (TokenText alt : lp.top()) {
        top.put(alt.token(), alt.logprob());
      }
      // OpenAI: "the API will always return the logprob of the sampled token, so there may be up to
      // logprobs+1 elements" (vLLM too); logprobs 0 gives the sampled token alone
      top.putIfAbsent(lp.token(), lp.logprob());
      tops.add(top);
      offsets.add(offset);
      offset += lp.token().length();
    }
    return new CompletionProtocol.Logprobs(tokens, values, tops, offsets);
  }
}
