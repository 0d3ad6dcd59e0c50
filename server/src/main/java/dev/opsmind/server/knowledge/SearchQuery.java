package dev.opsmind.server.knowledge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opsmind.retrieval.search.SearchFilter;
import dev.opsmind.retrieval.search.SearchMode;
import dev.opsmind.retrieval.search.SearchRequest;
import dev.opsmind.server.http.Fields;
import dev.opsmind.server.http.InvalidRequestException;
import java.util.ArrayList;
import java.util.List;

/**
 * POST /v1/search: {"query", "mode": "hybrid"|"bm25"|"vector", "top_k", "collections": [...],
 * "filters": {"source_types", "path_prefix", "tags", "modified_after", "modified_before"}} (times
 * in epoch seconds), "snippets": true}.
 */
public record SearchQuery(SearchRequest request) {
  static final int DEFAULT_TOP_K = 5;

  public static SearchQuery parse(ObjectNode body) {
    String query = Fields.requireNonBlank(body, "query");
    String modeText = Fields.optString(body, "mode");
    SearchMode mode;
    try {
      mode = modeText == null ? SearchMode.HYBRID : SearchMode.parse(modeText);
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException("mode", "'mode' must be hybrid, bm25 or vector, got '" + modeText + "'");
    }
    Integer topK = Fields.optInt(body, "top_k", 1, SearchRequest.MAX_TOP_K);
    Boolean snippets = Fields.optBoolean(body, "snippets");
    SearchFilter filter = filter(body);
    SearchRequest request = new SearchRequest(query, mode, topK == null ? DEFAULT_TOP_K : topK, filter, null, null,
        snippets == null || snippets);
    return new SearchQuery(request);
  }

  /**
   * The {@code collections} and {@code filters} fields of {@code body} (a search request, or
   * grounded chat's {@code opsmind} object: both validate them here). Errors name the field inside
   * {@code body} ("filters.tags").
   */
  public static SearchFilter filter(ObjectNode body) {
    SearchFilter filter = new SearchFilter(strings(body, "collections"), List.of(), "", List.of(), null, null);
    ObjectNode filters = Fields.optObject(body, "filters");
    if (filters != null) {
      // param names the field inside filters ("filters.tags"), like "messages[0].role" elsewhere.
      try {
        Long after = seconds(filters, "modified_after");
        Long before = seconds(filters, "modified_before");
        filter = filter.withSourceTypes(strings(filters, "source_types"))
            .withPathPrefix(Fields.optString(filters, "path_prefix"))
            .withTags(strings(filters, "tags"))
            .withModified(after, before);
      } catch (InvalidRequestException e) {
        throw new InvalidRequestException("filters." + e.param(), e.getMessage());
      } catch (IllegalArgumentException e) {
        throw new InvalidRequestException("filters", e.getMessage());
      }
    }
    return filter;
  }

  private static Long seconds(ObjectNode o, String name) {
    Long value = Fields.optLong(o, name);
    return value == null ? null : value * 1000;
  }

  private static List<String> strings(ObjectNode o, String name) {
    ArrayNode array = Fields.optArray(o, name);
    List<String> values = new ArrayList<>();
    if (array != null) {
      for (JsonNode item : array) {
        if (!item.isTextual() || item.textValue().isBlank()) {
          throw new InvalidRequestException(name, "'" + name + "' must be an array of non-empty strings");
        }
        values.add(item.textValue());
      }
    }
    return values;
  }
}
