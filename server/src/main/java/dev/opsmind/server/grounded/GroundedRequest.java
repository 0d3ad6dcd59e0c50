package dev.opsmind.server.grounded;

import dev.opsmind.server.models.GroundedModels;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opsmind.retrieval.search.SearchFilter;
import dev.opsmind.server.answer.Turn;
import dev.opsmind.server.http.Fields;
import dev.opsmind.server.http.InvalidRequestException;
import dev.opsmind.server.http.Json;
import dev.opsmind.server.knowledge.SearchQuery;
import dev.opsmind.server.openai.ChatCompletionRequest;
import dev.opsmind.inference.tokenizer.ChatMessage;
import java.util.ArrayList;
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
  public static final String EXTENSION = "opsmind";
  public static final int DEFAULT_TOP_K = 5;
  public static final int MAX_TOP_K = 20;

  /** Whether {@code body} asks for a grounded answer (extension object or alias). */
  public static boolean wanted(ObjectNode body) {
    String model = body.path("model").asText("");
    return body.has(EXTENSION) || GroundedModels.isAlias(model);
  }

  /**
   * Parses a grounded request; {@code generator} is the generator the model names (alias resolved
   * by the caller), or null.
   */
  public static GroundedRequest parse(ObjectNode body, String generator) {
    ChatCompletionRequest chat = ChatCompletionRequest.parse(body);
    if (chat.options().n() != 1) {
      throw new InvalidRequestException("n", "a grounded chat completion has one choice, got n=" + chat.options().n());
    }
    if (chat.logprobs()) {
      throw new InvalidRequestException("logprobs", "logprobs are not available for grounded chat completions");
    }
    ObjectNode ext = Fields.optObject(body, EXTENSION);
    if (ext == null) {
      return new GroundedRequest(chat, generator, SearchFilter.NONE, DEFAULT_TOP_K, false, null);
    }
    Integer topK;
    String mode;
    Double minRelevance;
    try {
      topK = Fields.optInt(ext, "top_k", 1, MAX_TOP_K);
      mode = Fields.optString(ext, "mode");
      minRelevance = Fields.optDouble(ext, "min_relevance", -1, 1);
    } catch (InvalidRequestException e) {
      throw new InvalidRequestException(EXTENSION + "." + e.param(), e.getMessage());
    }
    if (mode != null && !mode.equals("hybrid") && !mode.equals("bm25")) {
      throw new InvalidRequestException(EXTENSION + ".mode", "'opsmind.mode' must be hybrid or bm25, got '" + mode + "'");
    }
    // The /v1/search parser validates collections and filters the same way for both endpoints.
    ObjectNode search = Json.object().put("query", "-");
    if (ext.has("collections")) {
      search.set("collections", ext.get("collections"));
    }
    if (ext.has("filters")) {
      search.set("filters", ext.get("filters"));
    }
    SearchFilter filter;
    try {
      filter = SearchQuery.parse(search).request().filter();
    } catch (InvalidRequestException e) {
      throw new InvalidRequestException(EXTENSION + "." + e.param(), e.getMessage());
    }
    return new GroundedRequest(chat, generator, filter, topK == null ? DEFAULT_TOP_K : topK, "bm25".equals(mode),
        minRelevance);
  }

  /** The conversation as the answer library's turns; tool messages carry no question and are left out. */
  public List<Turn> turns() {
    var turns = new ArrayList<Turn>();
    for (ChatMessage m : chat.messages()) {
      if (Turn.ROLES.contains(m.role())) {
        turns.add(new Turn(m.role(), m.content()));
      }
    }
    return turns;
  }
}
