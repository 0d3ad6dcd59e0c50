package dev.opsmind.server.openai.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.opsmind.server.http.Fields;
import dev.opsmind.server.http.InvalidRequestException;
import java.util.ArrayList;
import java.util.List;

/**
 * The request of POST /v1/embeddings as it is bound ({@code RequestReader}). {@code input} is a string, a list of strings, a
 * token array or a list of token arrays (token ids of the embedder's own vocabulary).
 *
 * @param texts the text inputs (empty when tokens are given)
 * @param tokens the token-array inputs (empty when texts are given)
 */
public record EmbeddingsRequest(
    String model, List<String> texts, List<long[]> tokens, boolean base64, Integer dimensions, String user) {
  static final int MAX_INPUTS = 2048;

  @JsonCreator
  static EmbeddingsRequest of(@JsonProperty("model") String model, @JsonProperty("input") JsonNode input,
      @JsonProperty("encoding_format") String format, @JsonProperty("dimensions") JsonNode dimensionsGiven,
      @JsonProperty("user") String user) {
    Fields.nonBlank("model", model);
    if (input == null || input.isNull()) {
      throw new InvalidRequestException("input", "Missing required parameter: 'input'");
    }
    List<String> texts = new ArrayList<>();
    List<long[]> tokens = new ArrayList<>();
    if (input.isTextual()) {
      texts.add(nonEmpty(input.textValue(), "input"));
    } else if (input.isArray()) {
      if (input.isEmpty()) {
        throw new InvalidRequestException("input", "'input' must not be an empty array");
      }
      if (input.get(0).isIntegralNumber()) {
        tokens.add(tokenArray(input, "input"));
      } else {
        for (int i = 0; i < input.size(); i++) {
          JsonNode item = input.get(i);
          String param = "input[" + i + "]";
          if (item.isTextual() && tokens.isEmpty()) {
            texts.add(nonEmpty(item.textValue(), param));
          } else if (item.isArray() && texts.isEmpty()) {
            tokens.add(tokenArray(item, param));
          } else {
            throw new InvalidRequestException(param,
                "'input' must be a string, an array of strings, an array of integers or an array of integer arrays");
          }
        }
      }
    } else {
      throw Fields.wrongType("input", "a string or an array", input);
    }
    int count = texts.size() + tokens.size();
    if (count > MAX_INPUTS) {
      throw new InvalidRequestException("input", "'input' may hold at most " + MAX_INPUTS + " items, got " + count);
    }
    if (format != null && !format.equals("float") && !format.equals("base64")) {
      throw new InvalidRequestException("encoding_format",
          "'encoding_format' must be 'float' or 'base64', got '" + format + "'");
    }
    Integer dimensions = Fields.optInt("dimensions", dimensionsGiven, 1, 1 << 16);
    return new EmbeddingsRequest(model, texts, tokens, "base64".equals(format), dimensions, user);
  }

  private static String nonEmpty(String text, String param) {
    if (text.isEmpty()) {
      throw new InvalidRequestException(param, "'" + param + "' must not be an empty string");
    }
    return text;
  }

  private static long[] tokenArray(JsonNode array, String param) {
    if (array.isEmpty()) {
      throw new InvalidRequestException(param, "'" + param + "' must not be an empty token array");
    }
    long[] ids = new long[array.size()];
    for (int i = 0; i < ids.length; i++) {
      JsonNode id = array.get(i);
      if (!id.isIntegralNumber() || id.longValue() < 0 || id.longValue() > Integer.MAX_VALUE) {
        throw new InvalidRequestException(param, "'" + param + "' must hold non-negative integer token ids");
      }
      ids[i] = id.longValue();
    }
    return ids;
  }

  public int size() {
    return texts.size() + tokens.size();
  }
}
