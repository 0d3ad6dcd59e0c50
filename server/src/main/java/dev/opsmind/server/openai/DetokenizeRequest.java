package dev.opsmind.server.openai;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opsmind.server.http.Fields;
import dev.opsmind.server.http.InvalidRequestException;
import dev.opsmind.server.http.RequestReader;

/**
 * POST /detokenize: {@code tokens}, ids of the model's vocabulary ({@link #ids} checks them
 * against it once the model is known).
 *
 * @param model the model named, or null/blank for the only one loaded
 */
public record DetokenizeRequest(String model, ArrayNode tokens) {
  static final int MAX_TOKENS = 1 << 20;

  public static DetokenizeRequest read(ObjectNode body) {
    return RequestReader.read(body, DetokenizeRequest.class);
  }

  @JsonCreator
  static DetokenizeRequest of(@JsonProperty("model") String model, @JsonProperty("tokens") JsonNode tokens) {
    ArrayNode array = Fields.optArray("tokens", tokens);
    if (array == null) {
      throw new InvalidRequestException("tokens", "Missing required parameter: 'tokens'");
    }
    if (array.size() > MAX_TOKENS) {
      throw new InvalidRequestException("tokens", "'tokens' may hold at most " + MAX_TOKENS + " ids");
    }
    return new DetokenizeRequest(model, array);
  }

  /** The ids, each in [0, vocab). */
  public int[] ids(int vocab) {
    int[] ids = new int[tokens.size()];
    for (int i = 0; i < ids.length; i++) {
      JsonNode id = tokens.get(i);
      if (!id.isIntegralNumber() || !id.canConvertToInt() || id.intValue() < 0 || id.intValue() >= vocab) {
        throw new InvalidRequestException("tokens[" + i + "]",
            "'tokens[" + i + "]' must be a token id in [0, " + vocab + "), got " + id);
      }
      ids[i] = id.intValue();
    }
    return ids;
  }
}
