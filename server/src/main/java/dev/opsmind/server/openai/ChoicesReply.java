package dev.opsmind.server.openai;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opsmind.server.http.Json;
import dev.opsmind.server.http.SseStream;
import java.util.List;

/**
 * Writes chat and (legacy) completions answers: {@code chat.completion} / {@code text_completion}
 * bodies, or their chunks ending with {@code data: [DONE]}; what differs between the two APIs is
 * the {@link ChoiceFormat}.
 */
final class ChoicesReply implements GenerationSession.Reply {
  private final ChoiceFormat format;
  private final boolean includeUsage;
  private final ChunkEnvelope envelope;

  ChoicesReply(ChoiceFormat format, String model, boolean includeUsage) {
    this.format = format;
    this.includeUsage = includeUsage;
    this.envelope = new ChunkEnvelope(format.idPrefix(), format.object(false), format.object(true), model);
  }

  @Override
  public void opened(SseStream sse, List<GenerationSession.Choice> choices) {
    for (GenerationSession.Choice choice : choices) {
      ObjectNode first = format.firstDelta(choice);
      if (first != null) {
        sse.send(envelope.chunk(first));
      }
    }
  }

  @Override
  public void token(SseStream sse, GenerationSession.Choice choice, String delta, Logprobs.TokenText logprob) {
    String out = format.streamable(choice, delta);
    if (!out.isEmpty() || logprob != null) {
      ObjectNode node = Json.object().put("index", choice.index);
      format.delta(node, choice, out, logprob);
      node.putNull("finish_reason");
      sse.send(envelope.chunk(node));
    }
  }

  @Override
  public void finished(SseStream sse, GenerationSession.Choice choice) {
    ObjectNode node = Json.object().put("index", choice.index);
    format.finalDelta(node, choice);
    node.put("finish_reason", format.finishReason(choice));
    sse.send(envelope.chunk(node));
  }

  @Override
  public void end(SseStream sse, List<GenerationSession.Choice> choices) {
    if (includeUsage) {
      sse.send(envelope.bareChunk().set("usage", usage(choices)));
    }
    sse.done();
  }

  @Override
  public ObjectNode whole(List<GenerationSession.Choice> choices) {
    ObjectNode node = envelope.whole();
    ArrayNode array = node.putArray("choices");
    for (GenerationSession.Choice choice : choices) {
      ObjectNode item = array.addObject().put("index", choice.index);
      format.whole(item, choice, choice.result.text(), choice.logprobs);
      item.put("finish_reason", format.finishReason(choice));
    }
    node.set("usage", usage(choices));
    return node;
  }

  private static ObjectNode usage(List<GenerationSession.Choice> choices) {
    GenerationSession.Usage counts = GenerationSession.Usage.of(choices);
    ObjectNode usage = Json.object()
        .put("prompt_tokens", counts.prompt())
        .put("completion_tokens", counts.completion())
        .put("total_tokens", counts.prompt() + counts.completion());
    usage.putObject("prompt_tokens_details").put("cached_tokens", counts.cached());
    return usage;
  }
}
