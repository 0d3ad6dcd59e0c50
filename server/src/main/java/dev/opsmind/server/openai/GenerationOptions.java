package dev.opsmind.server.openai;

import dev.opsmind.inference.generate.json.JsonSchema;
import dev.opsmind.inference.generate.sampling.SamplingParams;
import dev.opsmind.server.http.InvalidRequestException;
import dev.opsmind.server.openai.protocol.ChatRequestProtocol;
import dev.opsmind.server.openai.protocol.SamplingRequest;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How one request generates: its sampling fields ({@link SamplingRequest}, shared by chat,
 * completions and the Responses API), length, choices, streaming and output grammar.
 * {@code maxTokens} null = the server's default.
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
  /**
   * The options of a request: its sampling fields, its own max-tokens field ({@code maxTokens},
   * named {@code maxTokensName}: max_tokens, max_output_tokens), n, stream_options and the
   * output's grammar ({@code json}, null for free text).
   */
  static GenerationOptions of(SamplingRequest sampling, Integer maxTokens, String maxTokensName, int n,
      ChatRequestProtocol.StreamOptions streamOptions, JsonSchema json) {
    if (streamOptions != null && !sampling.stream()) {
      throw new InvalidRequestException("stream_options",
          "The 'stream_options' parameter is only allowed when 'stream' is enabled.");
    }
    Integer minTokens = sampling.minTokens();
    if (minTokens != null && maxTokens != null && minTokens > maxTokens) {
      throw new InvalidRequestException("min_tokens",
          "'min_tokens' must not exceed " + maxTokensName + " (" + maxTokens + "), got " + minTokens);
    }
    return new GenerationOptions(maxTokens, sampling.temperature(), sampling.topP(), sampling.stop(), sampling.seed(),
        sampling.presencePenalty(), sampling.frequencyPenalty(), n, sampling.stream(),
        streamOptions != null && streamOptions.includeUsage(), sampling.user(), sampling.logitBias(),
        sampling.topK(), sampling.minP(), sampling.repetitionPenalty(), sampling.stopTokenIds(),
        minTokens == null ? 0 : minTokens, sampling.ignoreEos(), json);
  }

  GenerationOptions withMaxTokens(int newMaxTokens) {
    return new GenerationOptions(newMaxTokens, temperature, topP, stop, seed, presencePenalty, frequencyPenalty, n,
        stream, includeUsage, user, logitBias, topK, minP, repetitionPenalty, stopTokenIds, minTokens, ignoreEos, json);
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
