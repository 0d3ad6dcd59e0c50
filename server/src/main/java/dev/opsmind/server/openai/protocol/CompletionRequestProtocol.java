package dev.opsmind.server.openai.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.opsmind.server.http.Fields;
import dev.opsmind.server.http.InvalidRequestException;
import java.util.ArrayList;
import java.util.List;

/**
 * The request of POST /v1/completions (legacy) as it is bound ({@code RequestReader}), besides
 * the sampling fields ({@link SamplingRequest}): {@code prompt} is a string, a list of strings, a
 * list of token ids, or a list of token-id lists (as OpenAI's API takes it), one choice (times n)
 * per prompt.
 */
public final class CompletionRequestProtocol {
  private CompletionRequestProtocol() {}

  public static final int MAX_PROMPTS = 64;

  /** One prompt: text to encode, or token ids given as they are (then {@code text} is null). */
  public record Prompt(String text, int[] tokens) {}

  /**
   * @param maxTokens null: not given (OpenAI's default here is 16)
   * @param logprobs -1 when not asked for
   * @param bestOf null when not given
   */
  public record Body(String model, List<Prompt> prompts, Integer maxTokens, int n, boolean echo, int logprobs,
      Integer bestOf, ChatRequestProtocol.StreamOptions streamOptions, ChatRequestProtocol.ResponseFormat responseFormat) {
    @JsonCreator
    static Body of(@JsonProperty("model") String model, @JsonProperty("prompt") JsonNode prompt,
        @JsonProperty("max_tokens") JsonNode maxTokens, @JsonProperty("n") JsonNode n,
        @JsonProperty("echo") Boolean echo, @JsonProperty("logprobs") JsonNode logprobs,
        @JsonProperty("best_of") JsonNode bestOf, @JsonProperty("suffix") String suffix,
        @JsonProperty("stream_options") ChatRequestProtocol.StreamOptions streamOptions,
        @JsonProperty("response_format") ChatRequestProtocol.ResponseFormat responseFormat) {
      Fields.nonBlank("model", model);
      List<Prompt> prompts = readPrompts(prompt);
      Integer max = Fields.optInt("max_tokens", maxTokens, 1, Integer.MAX_VALUE);
      Integer choices = Fields.optInt("n", n, 1, ChatRequestProtocol.Body.MAX_N);
      Integer logprobsCount = Fields.optInt("logprobs", logprobs, 0, 5);
      Integer best = Fields.optInt("best_of", bestOf, 1, 20);
      if (suffix != null && !suffix.isEmpty()) {
        throw new InvalidRequestException("suffix", "'suffix' (insertion) is not supported by this model");
      }
      return new Body(model, prompts, max, choices == null ? 1 : choices, Boolean.TRUE.equals(echo),
          logprobsCount == null ? -1 : logprobsCount, best, streamOptions, responseFormat);
    }
  }

  private static List<Prompt> readPrompts(JsonNode prompt) {
    List<Prompt> prompts = new ArrayList<>();
    if (prompt == null || prompt.isNull()) {
      throw new InvalidRequestException("prompt", "Missing required parameter: 'prompt'");
    } else if (prompt.isTextual()) {
      prompts.add(new Prompt(prompt.textValue(), null));
    } else if (prompt.isArray() && !prompt.isEmpty() && prompt.get(0).isNumber()) {
      prompts.add(new Prompt(null, tokenIds(prompt, "prompt")));
    } else if (prompt.isArray() && !prompt.isEmpty()) {
      for (int i = 0; i < prompt.size(); i++) {
        JsonNode item = prompt.get(i);
        if (item.isTextual()) {
          prompts.add(new Prompt(item.textValue(), null));
        } else if (item.isArray()) {
          prompts.add(new Prompt(null, tokenIds(item, "prompt[" + i + "]")));
        } else {
          throw new InvalidRequestException("prompt[" + i + "]",
              "'prompt' must be a string, an array of strings, an array of token ids or an array of such arrays");
        }
      }
    } else {
      throw new InvalidRequestException("prompt",
          "'prompt' must be a string, a non-empty array of strings, token ids, or token-id arrays");
    }
    if (prompts.size() > MAX_PROMPTS) {
      throw new InvalidRequestException("prompt", "'prompt' may hold at most " + MAX_PROMPTS + " prompts");
    }
    return List.copyOf(prompts);
  }

  private static int[] tokenIds(JsonNode array, String param) {
    if (array.isEmpty()) {
      throw new InvalidRequestException(param, "'" + param + "' is an empty list of token ids");
    }
    int[] ids = new int[array.size()];
    for (int i = 0; i < ids.length; i++) {
      JsonNode id = array.get(i);
      if (!id.isIntegralNumber() || !id.canConvertToInt() || id.intValue() < 0) {
        throw new InvalidRequestException(param, "'" + param + "' token ids must be integers >= 0, got " + id);
      }
      ids[i] = id.intValue();
    }
    return ids;
  }
}
