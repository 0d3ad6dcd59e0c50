package dev.opsmind.server.openai.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.opsmind.inference.generate.sampling.SamplingParams;
import dev.opsmind.server.http.Fields;
import dev.opsmind.server.http.InvalidRequestException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The sampling fields chat completions, completions and the Responses API share, as each of those
 * requests is bound ({@code RequestReader}), checked against OpenAI's ranges. Besides OpenAI's
 * fields, the extras vLLM and llama-server accept: {@code top_k} (0 or -1 = off), {@code min_p},
 * {@code repetition_penalty} (1 = off), {@code stop_token_ids}, {@code min_tokens} and {@code
 * ignore_eos}. Numbers are bound as sent, so that an error repeats them as sent ("got 3").
 *
 * @param minTokens null when not given (checked against the request's own max-tokens field)
 */
public record SamplingRequest(double temperature, double topP, List<String> stop, Long seed, double presencePenalty,
    double frequencyPenalty, boolean stream, int topK, double minP, double repetitionPenalty, Integer minTokens,
    String user, Map<Integer, Float> logitBias, Set<Integer> stopTokenIds, boolean ignoreEos) {
  public static final int MAX_STOP = 4;
  public static final int MAX_STOP_TOKEN_IDS = 64;

  @JsonCreator
  static SamplingRequest of(@JsonProperty("temperature") JsonNode temperature, @JsonProperty("top_p") JsonNode topP,
      @JsonProperty("stop") JsonNode stop, @JsonProperty("seed") JsonNode seed,
      @JsonProperty("presence_penalty") JsonNode presence, @JsonProperty("frequency_penalty") JsonNode frequency,
      @JsonProperty("stream") Boolean stream, @JsonProperty("top_k") JsonNode topK, @JsonProperty("min_p") JsonNode minP,
      @JsonProperty("repetition_penalty") JsonNode repetition, @JsonProperty("min_tokens") JsonNode minTokens,
      @JsonProperty("user") String user, @JsonProperty("logit_bias") Map<String, JsonNode> logitBias,
      @JsonProperty("stop_token_ids") List<JsonNode> stopTokenIds, @JsonProperty("ignore_eos") Boolean ignoreEos) {
    Double t = Fields.optDouble("temperature", temperature, 0, 2);
    Double p = Fields.optDouble("top_p", topP, 0, 1);
    if (p != null && p == 0) {
      p = Double.MIN_VALUE; // OpenAI takes 0: the smallest nucleus, the most probable token alone
    }
    List<String> stops = Fields.stringOrList("stop", stop, MAX_STOP);
    if (stops.contains("")) {
      throw new InvalidRequestException("stop", "'stop' sequences must not be empty strings");
    }
    Long s = Fields.optLong("seed", seed);
    Double presencePenalty = Fields.optDouble("presence_penalty", presence, -2, 2);
    Double frequencyPenalty = Fields.optDouble("frequency_penalty", frequency, -2, 2);
    Integer k = Fields.optInt("top_k", topK, -1, Integer.MAX_VALUE);
    Double mp = Fields.optDouble("min_p", minP, 0, 1);
    if (mp != null && mp == 1) {
      throw new InvalidRequestException("min_p", "'min_p' must be less than 1, got 1");
    }
    Double rp = Fields.optDouble("repetition_penalty", repetition, 0, 10);
    if (rp != null && rp == 0) {
      throw new InvalidRequestException("repetition_penalty", "'repetition_penalty' must be greater than 0, got 0");
    }
    return new SamplingRequest(t == null ? 1.0 : t, p == null ? 1.0 : p, List.copyOf(stops), s,
        presencePenalty == null ? 0 : presencePenalty, frequencyPenalty == null ? 0 : frequencyPenalty,
        Boolean.TRUE.equals(stream), k == null || k < 0 ? 0 : k, mp == null ? 0 : mp, rp == null ? 1 : rp,
        Fields.optInt("min_tokens", minTokens, 0, Integer.MAX_VALUE), user, logitBias(logitBias),
        stopTokenIds(stopTokenIds), Boolean.TRUE.equals(ignoreEos));
  }

  /** {@code logit_bias}: token id (a string key, as JSON objects have) → bias in [-100, 100]. */
  private static Map<Integer, Float> logitBias(Map<String, JsonNode> given) {
    if (given == null) {
      return Map.of();
    }
    if (given.size() > SamplingParams.MAX_LOGIT_BIAS) {
      throw new InvalidRequestException("logit_bias",
          "'logit_bias' may hold at most " + SamplingParams.MAX_LOGIT_BIAS + " tokens, got " + given.size());
    }
    Map<Integer, Float> bias = new HashMap<>();
    for (var e : given.entrySet()) {
      int id;
      try {
        id = Integer.parseInt(e.getKey().trim());
      } catch (NumberFormatException ex) {
        throw new InvalidRequestException("logit_bias",
            "'logit_bias' keys must be token ids (integers as strings), got '" + e.getKey() + "'");
      }
      if (id < 0) {
        throw new InvalidRequestException("logit_bias", "'logit_bias' token ids must be >= 0, got " + id);
      }
      JsonNode value = e.getValue();
      if (value == null || !value.isNumber() || !(value.doubleValue() >= -100 && value.doubleValue() <= 100)) {
        throw new InvalidRequestException("logit_bias",
            "'logit_bias' values must be numbers in [-100, 100], got " + value + " for token " + id);
      }
      bias.put(id, value.floatValue());
    }
    return bias;
  }

  private static Set<Integer> stopTokenIds(List<JsonNode> given) {
    if (given == null) {
      return Set.of();
    }
    if (given.size() > MAX_STOP_TOKEN_IDS) {
      throw new InvalidRequestException("stop_token_ids",
          "'stop_token_ids' may hold at most " + MAX_STOP_TOKEN_IDS + " ids, got " + given.size());
    }
    Set<Integer> ids = new HashSet<>();
    for (JsonNode id : given) {
      if (id == null || !id.isIntegralNumber() || !id.canConvertToInt() || id.intValue() < 0) {
        throw new InvalidRequestException("stop_token_ids", "'stop_token_ids' must be token ids (integers >= 0), got "
            + id);
      }
      ids.add(id.intValue());
    }
    return ids;
  }
}
