package dev.opsmind.server.openai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opsmind.server.http.Fields;
import dev.opsmind.server.http.InvalidRequestException;
import dev.opsmind.inference.generate.SamplingParams;
import java.util.List;
import java.util.Set;

/**
 * The sampling and length fields chat and completions requests share, validated with OpenAI's
 * ranges. {@code maxTokens} null = the server's default.
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
    String user) {
  static final int MAX_N = 16;
  static final int MAX_STOP = 4;

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
      throw new InvalidRequestException("top_p", "'top_p' must be greater than 0, got 0");
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
    Boolean includeUsage = streamOptions == null ? null : Fields.optBoolean(streamOptions, "include_usage");
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
        Fields.optString(body, "user"));
  }

  /**
   * The scheduler's sampling parameters for the {@code sibling}-th of n choices: with a seed, each
   * sibling gets seed + sibling, so n choices differ yet repeat run to run. max_tokens is capped
   * at the model's context: generation ends there anyway (finish_reason "length").
   */
  public SamplingParams sampling(int serverDefaultMaxTokens, int contextLength, int sibling, boolean logprobs,
      int topLogprobs) {
    int limit = Math.min(maxTokens == null ? serverDefaultMaxTokens : maxTokens, contextLength);
    return new SamplingParams(temperature, topP, 0, 0.0, 1.0, frequencyPenalty, presencePenalty,
        seed == null ? null : seed + sibling, limit,
        stop, Set.of(), logprobs, topLogprobs);
  }
}
