package dev.opsmind.server.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opsmind.server.http.Fields;
import dev.opsmind.server.http.InvalidRequestException;
import java.util.ArrayList;
import java.util.List;

/**
 * POST /v1/completions (legacy), parsed and validated: {@code prompt} is a string or a list of
 * strings, one choice (times n) per prompt. OpenAI's default max_tokens here is 16.
 */
public record CompletionRequest(
    String model, List<String> prompts, GenerationOptions options, boolean echo, int logprobs) {
  static final int DEFAULT_MAX_TOKENS = 16;
  static final int MAX_PROMPTS = 64;

  public static CompletionRequest parse(ObjectNode body) {
    String model = Fields.requireNonBlank(body, "model");
    JsonNode prompt = body.get("prompt");
    List<String> prompts = new ArrayList<>();
    if (prompt == null || prompt.isNull()) {
      throw new InvalidRequestException("prompt", "Missing required parameter: 'prompt'");
    } else if (prompt.isTextual()) {
      prompts.add(prompt.textValue());
    } else if (prompt.isArray() && !prompt.isEmpty()) {
      for (int i = 0; i < prompt.size(); i++) {
        JsonNode item = prompt.get(i);
        if (!item.isTextual()) {
          throw new InvalidRequestException("prompt", "'prompt' must be a string or an array of strings");
        }
        prompts.add(item.textValue());
      }
    } else {
      throw new InvalidRequestException("prompt", "'prompt' must be a string or a non-empty array of strings");
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
    return new CompletionRequest(model, List.copyOf(prompts), options, Boolean.TRUE.equals(echo),
        logprobs == null ? -1 : logprobs);
  }
}
