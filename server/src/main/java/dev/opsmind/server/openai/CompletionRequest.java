package dev.opsmind.server.openai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opsmind.server.http.InvalidRequestException;
import dev.opsmind.server.http.RequestReader;
import dev.opsmind.server.openai.protocol.CompletionRequestProtocol.Body;
import dev.opsmind.server.openai.protocol.CompletionRequestProtocol.Prompt;
import dev.opsmind.server.openai.protocol.SamplingRequest;
import java.util.List;

/**
 * POST /v1/completions (legacy), read from its wire records ({@link Body}, {@link
 * SamplingRequest}). OpenAI's default max_tokens here is 16.
 */
public record CompletionRequest(
    String model, List<Prompt> prompts, GenerationOptions options, boolean echo, int logprobs) {
  static final int DEFAULT_MAX_TOKENS = 16;

  public static CompletionRequest read(ObjectNode body) {
    Body completion = RequestReader.read(body, Body.class);
    SamplingRequest sampling = RequestReader.read(body, SamplingRequest.class);
    GenerationOptions options = GenerationOptions.of(sampling, completion.maxTokens(), "max_tokens", completion.n(),
        completion.streamOptions(), completion.responseFormat() == null ? null
            : completion.responseFormat().compile("response_format.json_schema.schema"));
    if (options.maxTokens() == null) {
      options = options.withMaxTokens(DEFAULT_MAX_TOKENS);
    }
    // best_of: OpenAI's 1..20, at least n, never streamed; this server returns each choice it
    // generates, so only best_of equal to n (or absent) is served.
    Integer bestOf = completion.bestOf();
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
    return new CompletionRequest(completion.model(), completion.prompts(), options, completion.echo(),
        completion.logprobs());
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
