package dev.opsmind.server.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opsmind.server.http.Fields;
import dev.opsmind.server.http.InvalidRequestException;
import java.util.ArrayList;
import java.util.List;

/**
 * POST /v1/completions (legacy), parsed and validated: {@code prompt} is a string, a list of
 * strings, a list of token ids, or a list of token-id lists (as OpenAI's API takes it), one choice
 * (times n) per prompt. OpenAI's default max_tokens here is 16.
 */
public record CompletionRequest(
    String model, List<Prompt> prompts, GenerationOptions options, boolean echo, int logprobs) {
  static final int DEFAULT_MAX_TOKENS = 16;
  static final int MAX_PROMPTS = 64;

  /** One prompt: text to encode, or token ids given as they are (then {@code text} is null). */
  public record Prompt(String text, int[] tokens) {}

  public static CompletionRequest parse(ObjectNode body) {
    String model = Fields.requireNonBlank(body, "model");
    JsonNode prompt = body.get("prompt");
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
    GenerationOptions options = GenerationOptions.parse(body, "max_tokens");
    if (options.maxTokens() == null) {
      options = options.withMaxTokens(DEFAULT_MAX_TOKENS);
    }
    Boolean echo = Fields.optBoolean(body, "echo");
    Integer logprobs = Fields.optInt(body, "logprobs", 0, 5);
    // best_of: OpenAI's 1..20, at least n, never streamed; this server returns each choice it
    // generates, so only best_of equal to n (or absent) is served.
    Integer bestOf = Fields.optInt(body, "best_of", 1, 20);
    if (bestOf != null) {
      if (bestOf < options.n()) {
        throw new InvalidRequestException("best_of", "best_of must be greater than or equal to n, got best_of="
            + bestOf + " and n=" + options.n());
      }
      if (options.stream() && bestOf > 1) {
        throw new InvalidRequestException("best_of", "'best_of' cannot be used together with 'stream'");
      }
      if (bestOf != options.n()) {
        throw new InvalidRequestException("best_of", "'best_of' other than n is not supported by this server");
      }
    }
    String suffix = Fields.optString(body, "suffix");
    if (suffix != null && !suffix.isEmpty()) {
      throw new InvalidRequestException("suffix", "'suffix' (insertion) is not supported by this model");
    }
    return new CompletionRequest(model, List.copyOf(prompts), options, Boolean.TRUE.equals(echo),
        logprobs == null ? -1 : logprobs);
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

  /** Refuses token-id prompts naming ids past this model's vocabulary ({@code vocabSize} logits). */
  void checkTokenIds(int vocabSize) {
    for (int p = 0; p < prompts.size(); p++) {
      int[] tokens = prompts.get(p).tokens();
      for (int id : tokens == null ? new int[0] : tokens) {
        if (id >= vocabSize) {
          throw new InvalidRequestException(prompts.size() == 1 ? "prompt" : "prompt[" + p + "]",
              "'prompt' names token " + id + ", outside this model's " + vocabSize + "-token vocabulary");
        }
      }
    }
  }
}
