package dev.opsmind.server.openai.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.databind.PropertyNamingStrategies.SnakeCaseStrategy;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * The wire format of POST /v1/chat/completions, as OpenAI defines it: the {@code chat.completion}
 * body, the {@code chat.completion.chunk} events of a stream, and what they hold (choices,
 * messages, deltas, tool calls, log-probabilities, usage). Jackson writes each record's components
 * in order, snake_cased; a component marked {@code NON_NULL} is left out when null, every other
 * one is written, null included (OpenAI clients expect {@code "logprobs": null}). Legacy
 * completions share the envelope ({@link Completion}, {@link Chunk}) with their own choices
 * ({@link CompletionProtocol}); grounded answers add the {@code opsmind} field ({@link
 * OpsmindProtocol.Extension}).
 */
public final class ChatProtocol {
  private ChatProtocol() {}

  public static final String SYSTEM_FINGERPRINT = "fp_opsmind";

  /** A whole answer: {@code chat.completion} or {@code text_completion}. */
  @JsonNaming(SnakeCaseStrategy.class)
  public record Completion<C>(String id, String object, long created, String model, String systemFingerprint,
      List<C> choices, Usage usage, @JsonInclude(Include.NON_NULL) OpsmindProtocol.Extension opsmind) {}

  /**
   * One streamed event: a choice's delta, or no choices and the usage or the {@code opsmind}
   * extension that follow them.
   */
  @JsonNaming(SnakeCaseStrategy.class)
  public record Chunk<C>(String id, String object, long created, String model, String systemFingerprint,
      List<C> choices, @JsonInclude(Include.NON_NULL) Usage usage,
      @JsonInclude(Include.NON_NULL) OpsmindProtocol.Extension opsmind) {}

  /** A whole chat choice. */
  @JsonNaming(SnakeCaseStrategy.class)
  public record Choice(int index, Message message, Logprobs logprobs, String finishReason) {}

  /**
   * The assistant's message; {@code content} null when it only called tools; {@code function_call}
   * instead of {@code tool_calls} when the request sent the deprecated {@code functions}.
   */
  @JsonNaming(SnakeCaseStrategy.class)
  public record Message(String role, String content, String refusal,
      @JsonInclude(Include.NON_NULL) List<ToolCall> toolCalls, @JsonInclude(Include.NON_NULL) Function functionCall) {
    public static Message assistant(String content, List<ToolCall> toolCalls) {
      return new Message("assistant", content, null, toolCalls, null);
    }
  }

  /** A streamed chat choice: its delta, and its finish reason in the last one (null before). */
  @JsonNaming(SnakeCaseStrategy.class)
  public record ChunkChoice(int index, Delta delta, Logprobs logprobs, String finishReason) {}

  /**
   * What a chunk adds to a choice's message: the role first, then content, at the end tool calls
   * (or the deprecated {@code function_call}, whole, when the request sent {@code functions}).
   */
  @JsonNaming(SnakeCaseStrategy.class)
  public record Delta(@JsonInclude(Include.NON_NULL) String role, @JsonInclude(Include.NON_NULL) String content,
      @JsonInclude(Include.NON_NULL) List<ToolCall> toolCalls, @JsonInclude(Include.NON_NULL) Function functionCall) {
    public static final Delta EMPTY = new Delta(null, null, null);

    public Delta(String role, String content, List<ToolCall> toolCalls) {
      this(role, content, toolCalls, null);
    }

    /** The first delta of a choice: the assistant's role and empty content. */
    public static final Delta ROLE = new Delta("assistant", "", null);

    public static Delta content(String text) {
      return new Delta(null, text, null);
    }
  }

  /** A function call; {@code index} only in a streamed delta. */
  @JsonNaming(SnakeCaseStrategy.class)
  public record ToolCall(@JsonInclude(Include.NON_NULL) Integer index, String id, String type, Function function) {
    public static ToolCall of(Integer index, String id, String name, String arguments) {
      return new ToolCall(index, id, "function", new Function(name, arguments));
    }
  }

  /** The called function and its arguments (a JSON text, as OpenAI sends them). */
  public record Function(String name, String arguments) {}

  /** A choice's log-probabilities: one entry per token. */
  public record Logprobs(List<TokenLogprob> content) {}

  /**
   * One token: its text, log-probability and UTF-8 bytes (unsigned), and its top alternatives
   * (null, so absent, for an alternative itself).
   */
  @JsonNaming(SnakeCaseStrategy.class)
  public record TokenLogprob(String token, float logprob, int[] bytes,
      @JsonInclude(Include.NON_NULL) List<TokenLogprob> topLogprobs) {}

  /** Token counts; {@code prompt_tokens_details} absent where the prompt cache is not counted. */
  @JsonNaming(SnakeCaseStrategy.class)
  public record Usage(long promptTokens, long completionTokens, long totalTokens,
      @JsonInclude(Include.NON_NULL) PromptTokensDetails promptTokensDetails) {
    public static Usage of(long prompt, long completion, Long cached) {
      return new Usage(prompt, completion, prompt + completion, cached == null ? null : new PromptTokensDetails(cached));
    }
  }

  /** Prompt tokens taken from the prompt cache. */
  @JsonNaming(SnakeCaseStrategy.class)
  public record PromptTokensDetails(long cachedTokens) {}
}
