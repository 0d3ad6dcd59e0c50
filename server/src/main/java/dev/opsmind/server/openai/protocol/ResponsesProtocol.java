package dev.opsmind.server.openai.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies.SnakeCaseStrategy;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * The wire format of POST /v1/responses (OpenAI's Responses API): the {@code response} object, its
 * output items (an assistant message with one {@code output_text} part, function calls), and the
 * typed events of a stream, each numbered by {@code sequence_number}. Components are written in
 * order, snake_cased, nulls included unless marked {@code NON_NULL}.
 */
public final class ResponsesProtocol {
  private ResponsesProtocol() {}

  /**
   * The response object. The fields from {@code instructions} to {@code store} repeat the request
   * ({@link Echo}); {@code opsmind} is the grounding extension of a grounded response.
   */
  @JsonNaming(SnakeCaseStrategy.class)
  public record Response(String id, String object, long createdAt, String status, String model, JsonNode error,
      IncompleteDetails incompleteDetails, List<OutputItem> output, String instructions, Integer maxOutputTokens,
      double temperature, double topP, JsonNode tools, JsonNode toolChoice, JsonNode text, JsonNode metadata,
      String user, boolean parallelToolCalls, String previousResponseId, boolean store, Reasoning reasoning,
      String truncation, Usage usage, @JsonInclude(Include.NON_NULL) OpsmindProtocol.Extension opsmind) {
    public Response {
      output = List.copyOf(output);
    }

    /**
     * A response of {@code status} ("in_progress", "completed" or "incomplete": cut by
     * max_output_tokens) with its request's {@code echo}; {@code usage} null while running.
     */
    public static Response of(String id, long createdAt, String model, String status, Echo echo,
        List<OutputItem> output, Usage usage, OpsmindProtocol.Extension opsmind) {
      return new Response(id, "response", createdAt, status, model, null,
          status.equals("incomplete") ? new IncompleteDetails("max_output_tokens") : null, output,
          echo.instructions(), echo.maxOutputTokens(), echo.temperature(), echo.topP(), echo.tools(),
          echo.toolChoice(), echo.text(), echo.metadata(), echo.user(), echo.parallelToolCalls(),
          echo.previousResponseId(), echo.store(), Reasoning.NONE, "disabled", usage, opsmind);
    }
  }

  /**
   * The request's fields a response repeats, with OpenAI's defaults filled in: tools [],
   * tool_choice "auto", text {"format":{"type":"text"}}, metadata {}, parallel_tool_calls and
   * store true.
   */
  public record Echo(String instructions, Integer maxOutputTokens, double temperature, double topP, JsonNode tools,
      JsonNode toolChoice, JsonNode text, JsonNode metadata, String user, boolean parallelToolCalls,
      String previousResponseId, boolean store) {}

  public record IncompleteDetails(String reason) {}

  /** No reasoning: {"effort": null, "summary": null}. */
  public record Reasoning(String effort, String summary) {
    static final Reasoning NONE = new Reasoning(null, null);
  }

  @JsonNaming(SnakeCaseStrategy.class)
  public record Usage(long inputTokens, InputTokensDetails inputTokensDetails, long outputTokens,
      OutputTokensDetails outputTokensDetails, long totalTokens) {
    public static Usage of(long input, long cached, long output) {
      return new Usage(input, new InputTokensDetails(cached), output, new OutputTokensDetails(0), input + output);
    }
  }

  @JsonNaming(SnakeCaseStrategy.class)
  public record InputTokensDetails(long cachedTokens) {}

  @JsonNaming(SnakeCaseStrategy.class)
  public record OutputTokensDetails(long reasoningTokens) {}

  /** An item of a response's output. */
  public sealed interface OutputItem permits Message, FunctionCall {}

  /** The assistant message: one output_text part once done, none while in progress. */
  public record Message(String id, String type, String status, String role, List<OutputText> content)
      implements OutputItem {
    public static Message of(String id, String status, List<OutputText> content) {
      return new Message(id, "message", status, "assistant", content);
    }
  }

  /** A part of the message: its text and annotations (citations). */
  public record OutputText(String type, String text, List<Annotation> annotations, List<Object> logprobs) {
    public static OutputText of(String text, List<Annotation> annotations) {
      return new OutputText("output_text", text, annotations == null ? List.of() : annotations, List.of());
    }
  }

  /** A {@code file_citation}: the cited document, at the index of its marker in the text. */
  @JsonNaming(SnakeCaseStrategy.class)
  public record Annotation(String type, String fileId, String filename, int index) {
    public static Annotation fileCitation(String fileId, String filename, int index) {
      return new Annotation("file_citation", fileId, filename, index);
    }
  }

  /** A function_call item; {@code arguments} a JSON text. */
  @JsonNaming(SnakeCaseStrategy.class)
  public record FunctionCall(String id, String type, String status, String callId, String name, String arguments)
      implements OutputItem {
    public static FunctionCall of(String callId, String name, String arguments, String status) {
      return new FunctionCall("fc_" + callId.replaceFirst("^call_", ""), "function_call", status, callId, name,
          arguments);
    }
  }

  /** A streamed event; its {@code type} is also the SSE event name. */
  public sealed interface Event permits ResponseEvent, ItemEvent, PartEvent, TextDelta, TextDone, ArgumentsDelta,
      ArgumentsDone, ErrorEvent {
    String type();
  }

  /** response.created, .in_progress, .completed, .incomplete: the response as it stands. */
  @JsonNaming(SnakeCaseStrategy.class)
  public record ResponseEvent(String type, int sequenceNumber, Response response) implements Event {}

  /** response.output_item.added / .done. */
  @JsonNaming(SnakeCaseStrategy.class)
  public record ItemEvent(String type, int sequenceNumber, int outputIndex, OutputItem item) implements Event {}

  /** response.content_part.added / .done. */
  @JsonNaming(SnakeCaseStrategy.class)
  public record PartEvent(String type, int sequenceNumber, String itemId, int outputIndex, int contentIndex,
      OutputText part) implements Event {}

  /** response.output_text.delta. */
  @JsonNaming(SnakeCaseStrategy.class)
  public record TextDelta(String type, int sequenceNumber, String itemId, int outputIndex, int contentIndex,
      String delta, List<Object> logprobs) implements Event {}

  /** response.output_text.done. */
  @JsonNaming(SnakeCaseStrategy.class)
  public record TextDone(String type, int sequenceNumber, String itemId, int outputIndex, int contentIndex,
      String text, List<Object> logprobs) implements Event {}

  /** response.function_call_arguments.delta. */
  @JsonNaming(SnakeCaseStrategy.class)
  public record ArgumentsDelta(String type, int sequenceNumber, String itemId, int outputIndex, String delta)
      implements Event {}

  /** response.function_call_arguments.done. */
  @JsonNaming(SnakeCaseStrategy.class)
  public record ArgumentsDone(String type, int sequenceNumber, String itemId, int outputIndex, String name,
      String arguments) implements Event {}

  /** An error after the stream started. */
  @JsonNaming(SnakeCaseStrategy.class)
  public record ErrorEvent(String type, int sequenceNumber, String message, JsonNode code, JsonNode param)
      implements Event {}
}
