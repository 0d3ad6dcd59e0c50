package dev.opsmind.server.grounded;

import dev.opsmind.server.models.GroundedModels;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opsmind.retrieval.search.SearchFilter;
import dev.opsmind.inference.tokenizer.ChatMessage;
import dev.opsmind.server.http.Fields;
import dev.opsmind.server.http.InvalidRequestException;
import dev.opsmind.server.http.RequestReader;
import dev.opsmind.server.knowledge.SearchQuery;
import dev.opsmind.server.openai.ChatCompletionRequest;
import java.util.List;

/**
 * A chat completion that asked for grounding: the {@code opsmind} extension object
 * ({"collections", "top_k", "filters", "mode"}) and/or a grounded model alias.
 *
 * @param chat the plain chat request (validated as for /v1/chat/completions)
 * @param generator the generator to write the answer, or null for an extractive answer
 * @param filter collections and filters to search within (the caller's ACLs apply on top)
 * @param topK passages to retrieve (before the top runbook's step sections are added)
 * @param lexicalOnly {@code "mode": "bm25"}: keyword search only
 * @param minRelevance {@code "min_relevance"}: the top cosine that makes the sources relevant,
 *     for every embedder (null: the server's setting)
 */
public record GroundedRequest(ChatCompletionRequest chat, String generator, SearchFilter filter, int topK,
    boolean lexicalOnly, Double minRelevance) {
  public static final String EXTENSION = ChatCompletionRequest.GROUNDING;
  public static final int DEFAULT_TOP_K = 5;
  public static final int MAX_TOP_K = 20;

  /** Whether {@code chat} asks for a grounded answer (extension object or alias). */
  public static boolean wanted(ChatCompletionRequest chat) {
    return chat.grounding() != null || GroundedModels.isAlias(chat.model());
  }

  /**
   * The grounded request of a parsed chat request (chat completions, or the Responses API's
   * equivalent); {@code generator} is the generator the model names (alias resolved by the
   * caller), or null.
   */
  public static GroundedRequest of(ChatCompletionRequest chat, String generator) {
    if (chat.options().n() != 1) {
      throw new InvalidRequestException("n", "a grounded chat completion has one choice, got n=" + chat.options().n());
    }
    if (chat.logprobs()) {
      throw new InvalidRequestException("logprobs", "logprobs are not available for grounded chat completions");
    }
    ObjectNode ext = Fields.optObject(EXTENSION, chat.grounding());
    if (ext == null) {
      return new GroundedRequest(chat, generator, SearchFilter.NONE, DEFAULT_TOP_K, false, null);
    }
    Extension extension;
    try {
      extension = RequestReader.read(ext, Extension.class);
    } catch (InvalidRequestException e) {
      throw new InvalidRequestException(EXTENSION + "." + e.param(), e.getMessage());
    }
    return new GroundedRequest(chat, generator, extension.filter(), extension.topK(), extension.lexicalOnly(),
        extension.minRelevance());
  }

  /**
   * The {@code opsmind} object: {"collections", "top_k", "filters", "mode", "min_relevance"};
   * collections and filters are read as /v1/search reads them. Errors name the field inside the
   * object ("top_k"; the caller puts "opsmind." before it).
   */
  public record Extension(SearchFilter filter, int topK, boolean lexicalOnly, Double minRelevance) {
    @JsonCreator
    static Extension of(@JsonProperty("top_k") JsonNode topKGiven, @JsonProperty("mode") JsonNode modeGiven,
        @JsonProperty("min_relevance") JsonNode minRelevanceGiven, @JsonProperty("collections") JsonNode collections,
        @JsonProperty("filters") SearchQuery.Filters filters) {
      Integer topK = Fields.optInt("top_k", topKGiven, 1, MAX_TOP_K);
      String mode = Fields.optString("mode", modeGiven);
      Double minRelevance = Fields.optDouble("min_relevance", minRelevanceGiven, -1, 1);
      if (mode != null && !mode.equals("hybrid") && !mode.equals("bm25")) {
        throw new InvalidRequestException("mode", "'opsmind.mode' must be hybrid or bm25, got '" + mode + "'");
      }
      return new Extension(SearchQuery.filter(collections, filters), topK == null ? DEFAULT_TOP_K : topK,
          "bm25".equals(mode), minRelevance);
    }
  }

  /** The conversation as the answer library's turns; tool messages carry no question and are left out. */
  public List<ChatMessage> turns() {
    return chat.messages().stream().filter(m -> !m.role().equals("tool")).toList();
  }
}
