package dev.opsmind.server.openai;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opsmind.inference.generate.TokenLogprob;
import dev.opsmind.inference.tokenizer.TextTokenizer;
import dev.opsmind.server.http.Json;
import java.util.List;

/** Log-probabilities in the chat shape ({"content": [...]}) and the legacy completions shape. */
final class Logprobs {
  private Logprobs() {}

  static ObjectNode chat(TextTokenizer tokenizer, List<TokenLogprob> logprobs) {
    ObjectNode node = Json.object();
    ArrayNode content = node.putArray("content");
    for (TokenLogprob lp : logprobs) {
      ObjectNode item = token(tokenizer, lp.tokenId(), lp.logprob());
      ArrayNode top = item.putArray("top_logprobs");
      for (TokenLogprob.Alternative alt : lp.top()) {
        top.add(token(tokenizer, alt.tokenId(), alt.logprob()));
      }
      content.add(item);
    }
    return node;
  }

  private static ObjectNode token(TextTokenizer tokenizer, int id, float logprob) {
    ObjectNode item = Json.object().put("token", tokenizer.decode(new int[] {id})).put("logprob", logprob);
    ArrayNode bytes = item.putArray("bytes");
    for (byte b : tokenizer.tokenBytes(id)) {
      bytes.add(b & 0xff);
    }
    return item;
  }

  /** {"tokens", "token_logprobs", "top_logprobs": [{token: logprob}], "text_offset"}. */
  static ObjectNode legacy(TextTokenizer tokenizer, List<TokenLogprob> logprobs, int startOffset) {
    ObjectNode node = Json.object();
    ArrayNode tokens = node.putArray("tokens");
    ArrayNode values = node.putArray("token_logprobs");
    ArrayNode tops = node.putArray("top_logprobs");
    ArrayNode offsets = node.putArray("text_offset");
    int offset = startOffset;
    for (TokenLogprob lp : logprobs) {
      String token = tokenizer.decode(new int[] {lp.tokenId()});
      tokens.add(token);
      values.add(lp.logprob());
      ObjectNode top = tops.addObject();
      for (TokenLogprob.Alternative alt : lp.top()) {
        top.put(tokenizer.decode(new int[] {alt.tokenId()}), alt.logprob());
      }
      offsets.add(offset);
      offset += token.length();
    }
    return node;
  }
}
