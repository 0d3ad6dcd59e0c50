package dev.opsmind.server.openai;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opsmind.inference.generate.sampling.TokenLogprob;
import dev.opsmind.inference.tokenizer.TextTokenizer;
import dev.opsmind.server.http.Json;
import java.util.List;

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

  static ObjectNode chat(List<TokenText> logprobs) {
    ObjectNode node = Json.object();
    ArrayNode content = node.putArray("content");
    for (TokenText lp : logprobs) {
      ObjectNode item = token(lp);
      ArrayNode top = item.putArray("top_logprobs");
      for (TokenText alt : lp.top()) {
        top.add(token(alt));
      }
      content.add(item);
    }
    return node;
  }

  private static ObjectNode token(TokenText token) {
    ObjectNode item = Json.object().put("token", token.token()).put("logprob", token.logprob());
    ArrayNode bytes = item.putArray("bytes");
    for (byte b : token.bytes()) {
      bytes.add(b & 0xff);
    }
    return item;
  }

  /** {"tokens", "token_logprobs", "top_logprobs": [{token: logprob}], "text_offset"}. */
  static ObjectNode legacy(List<TokenText> logprobs, int startOffset) {
    ObjectNode node = Json.object();
    ArrayNode tokens = node.putArray("tokens");
    ArrayNode values = node.putArray("token_logprobs");
    ArrayNode tops = node.putArray("top_logprobs");
    ArrayNode offsets = node.putArray("text_offset");
    int offset = startOffset;
    for (TokenText lp : logprobs) {
      tokens.add(lp.token());
      values.add(lp.logprob());
      ObjectNode top = tops.addObject();
      for (TokenText alt : lp.top()) {
        top.put(alt.token(), alt.logprob());
      }
      offsets.add(offset);
      offset += lp.token().length();
    }
    return node;
  }
}
