package dev.opsmind.server.openai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opsmind.inference.generate.json.JsonSchema;
import dev.opsmind.inference.generate.sampling.SamplingParams;
import dev.opsmind.server.http.Fields;
import dev.opsmind.server.http.InvalidRequestException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The sampling and length fields chat and completions requests share, validated with OpenAI's
 * ranges. {@code maxTokens} null = the server's default. Besides OpenAI's fields, the sampling
 * extras vLLM and llama-server accept: {@code top_k} (0 or -1 = off), {@code min_p},
 * {@code repetition_penalty} (1 = off), {@code stop_token_ids}, {@code min_tokens} and
 * {@code ignore_eos}.
 */
public record GenerationOptions(
    Integer maxTokens,
    double temperature,
    double topP,
    List<String> stop,
    Long seed,
    double presencePenalty,
    double frequencyPenalty,
    int n,
    boolean stream,
    boolean includeUsage,
    String user,
    Map<Integer, Float> logitBias,
    int topK,
    double minP,
    double repetitionPenalty,
    Set<Integer> stopTokenIds,
    int minTokens,
    boolean ignoreEos,
    JsonSchema json) {
  static final int MAX_N = 16;
  static final int MAX_STOP = 4;
  static final int MAX_STOP_TOKEN_IDS = 64;

  /** Reads the shared fields; {@code maxTokensFields} in order of precedence (the first given wins). */
  static GenerationOptions parse(ObjectNode body, String... maxTokensFields) {
    Integer maxTokens = null;
    for (String field : maxTokensFields) {
      Integer value = Fields.optInt(body, field, 1, Integer.MAX_VALUE);
      if (value != null && maxTokens == null) {
        maxTokens = value;
      }
    }
    Double temperature = Fields.optDouble(body, "temperature", 0, 2);
    Double topP = Fields.optDouble(body, "top_p", 0, 1);
    if (topP != null && topP == 0) {
      topP = Double.MIN_VALUE; // OpenAI takes 0: the smallest nucleus, the most probable token alone
    }
    List<String> stop = Fields.stringOrList(body, "stop", MAX_STOP);
    for (String s : stop) {
      if (s.isEmpty()) {
        throw new InvalidRequestException("stop", "'stop' sequences must not be empty strings");
      }
    }
    Long seed = Fields.optLong(body, "seed");
    Double presence = Fields.optDouble(body, "presence_penalty", -2, 2);
    Double frequency = Fields.optDouble(body, "frequency_penalty", -2, 2);
    Integer n = Fields.optInt(body, "n", 1, MAX_N);
    Boolean stream = Fields.optBoolean(body, "stream");
    ObjectNode streamOptions = Fields.optObject(body, "stream_options");
    if (streamOptions != null && !Boolean.TRUE.equals(stream)) {
      throw new InvalidRequestException("stream_options",
          "The 'stream_options' parameter is only allowed when 'stream' is enabled.");
    }
    Boolean includeUsage = streamOptions == null ? null : Fields.optBoolean(streamOptions, "include_usage");
    Integer topK = Fields.optInt(body, "top_k", -1, Integer.MAX_VALUE);
    Double minP = Fields.optDouble(body, "min_p", 0, 1);
    if (minP != null && minP == 1) {
      throw new InvalidRequestException("min_p", "'min_p' must be less than 1, got 1");
    }
    Double repetition = Fields.optDouble(body, "repetition_penalty", 0, 10);
    if (repetition != null && repetition == 0) {
      throw new InvalidRequestException("repetition_penalty", "'repetition_penalty' must be greater than 0, got 0");
    }
    Integer minTokens = Fields.optInt(body, "min_tokens", 0, Integer.MAX_VALUE);
    if (minTokens != null && maxTokens != null && minTokens > maxTokens) {
      throw new InvalidRequestException("min_tokens",
          "'min_tokens' must not exceed max_tokens (" + maxTokens + "), got " + minTokens);
    }
    return new GenerationOptions(
        maxTokens,
        temperature == null ? 1.0 : temperature,
        topP == null ? 1.0 : topP,
        List.copyOf(stop),
        seed,
        presence == null ? 0 : presence,
        frequency == null ? 0 : frequency,
        n == null ? 1 : n,
        Boolean.TRUE.equals(stream),
        Boolean.TRUE.equals(includeUsage),
        Fields.optString(body, "user"),
        logitBias(body),
        topK == null || topK < 0 ? 0 : topK,
        minP == null ? 0 : minP,
        repetition == null ? 1 : repetition,
        stopTokenIds(body),
        minTokens == null ? 0 : minTokens,
        Boolean.TRUE.equals(Fields.optBoolean(body, "ignore_eos")),
        responseFormat(body));
  }

  /**
   * {@code response_format}: {@code text} (null), {@code json_object} (any JSON object) or
   * {@code json_schema} (its {@code json_schema.schema}, compiled for constrained decoding).
   */
  private static JsonSchema responseFormat(ObjectNode body) {
    ObjectNode format = Fields.optObject(body, "response_format");
    if (format == null) {
      return null;
    }
    JsonNode given = format.get("type");
    if (given == null || !given.isTextual()) {
      throw new InvalidRequestException("response_format.type",
          "'response_format.type' is required: text, json_object or json_schema");
    }
    return switch (given.textValue()) {
      case "text" -> null;
      case "json_object" -> JsonSchema.ANY_OBJECT;
      case "json_schema" -> {
        JsonNode schema = format.path("json_schema").get("schema");
        if (schema == null) {
          throw new InvalidRequestException("response_format.json_schema.schema",
              "'response_format.json_schema.schema' is required with type json_schema");
        }
        try {
          yield JsonSchema.compile(schema);
        } catch (IllegalArgumentException e) {
          throw new InvalidRequestException("response_format.json_schema.schema",
              "'response_format.json_schema.schema' cannot be used: " + e.getMessage());
        }
      }
      default -> throw new InvalidRequestException("response_format.type",
          "'response_format.type' must be text, json_object or json_schema, got '" + given.textValue() + "'");
    };
  }

  GenerationOptions withMaxTokens(int newMaxTokens) {
    return new GenerationOptions(newMaxTokens, temperature, topP, stop, seed, presencePenalty, frequencyPenalty, n,
        stream, includeUsage, user, logitBias, topK, minP, repetitionPenalty, stopTokenIds, minTokens, ignoreEos, json);
  }

  /** {@code logit_bias}: token id (a string key, as JSON objects have) → bias in [-100, 100]. */
  private static Map<Integer, Float> logitBias(ObjectNode body) {
    ObjectNode node = Fields.optObject(body, "logit_bias");
    if (node == null) {
      return Map.of();
    }
    if (node.size() > SamplingParams.MAX_LOGIT_BIAS) {
      throw new InvalidRequestException("logit_bias",
          "'logit_bias' may hold at most " + SamplingParams.MAX_LOGIT_BIAS + " tokens, got " + node.size());
    }
    Map<Integer, Float> bias = new HashMap<>();
    for (var e : node.properties()) {
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
      if (!value.isNumber() || !(value.doubleValue() >= -100 && value.doubleValue() <= 100)) {
        throw new InvalidRequestException("logit_bias",
            "'logit_bias' values must be numbers in [-100, 100], got " + value + " for token " + id);
      }
      bias.put(id, value.floatValue());
    }
    return bias;
  }

  private static Set<Integer> stopTokenIds(ObjectNode body) {
    ArrayNode node = Fields.optArray(body, "stop_token_ids");
    if (node == null) {
      return Set.of();
    }
    if (node.size() > MAX_STOP_TOKEN_IDS) {
      throw new InvalidRequestException("stop_token_ids",
          "'stop_token_ids' may hold at most " + MAX_STOP_TOKEN_IDS + " ids, got " + node.size());
    }
    Set<Integer> ids = new HashSet<>();
    for (JsonNode id : node) {
      if (!id.isIntegralNumber() || !id.canConvertToInt() || id.intValue() < 0) {
        throw new InvalidRequestException("stop_token_ids", "'stop_token_ids' must be token ids (integers >= 0), got "
            + id);
      }
      ids.add(id.intValue());
    }
    return ids;
  }

  /**
   * Refuses token ids this model cannot produce ({@code logit_bias}, {@code stop_token_ids}) with
   * a 400 before anything runs; {@code vocabSize} = the model's logits.
   */
  public void checkTokenIds(int vocabSize) {
    for (int id : logitBias.keySet()) {
      if (id >= vocabSize) {
        throw new InvalidRequestException("logit_bias",
            "'logit_bias' names token " + id + ", outside this model's " + vocabSize + "-token vocabulary");
      }
    }
    for (int id : stopTokenIds) {
      if (id >= vocabSize) {
        throw new InvalidRequestException("stop_token_ids",
            "'stop_token_ids' names token " + id + ", outside this model's " + vocabSize + "-token vocabulary");
      }
    }
  }

  /**
   * The scheduler's sampling parameters for the {@code sibling}-th of n choices: with a seed, each
   * sibling gets seed + sibling, so n choices differ yet repeat run to run. max_tokens is capped
   * at the model's context: generation ends there anyway (finish_reason "length"), and min_tokens
   * at that cap.
   */
  public SamplingParams sampling(int serverDefaultMaxTokens, int contextLength, int sibling, boolean logprobs,
      int topLogprobs) {
    int limit = Math.min(maxTokens == null ? serverDefaultMaxTokens : maxTokens, contextLength);
    return new SamplingParams(temperature, topP, topK, minP, repetitionPenalty, frequencyPenalty, presencePenalty,
        seed == null ? null : seed + sibling, limit, Math.min(minTokens, limit), ignoreEos,
        stop, stopTokenIds, logprobs, topLogprobs, logitBias, json);
  }
}
