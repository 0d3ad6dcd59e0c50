package dev.opsmind.server.knowledge;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opsmind.retrieval.search.SearchFilter;
import dev.opsmind.retrieval.search.SearchMode;
import dev.opsmind.retrieval.search.SearchRequest;
import dev.opsmind.server.http.FieldError;
import dev.opsmind.server.http.Fields;
import dev.opsmind.server.http.InvalidRequestException;
import dev.opsmind.server.http.RequestReader;
import java.util.ArrayList;
import java.util.List;

/**
 * POST /v1/search: {"query", "mode": "hybrid"|"bm25"|"vector", "top_k", "collections": [...],
 * "filters": {@link Filters}, "snippets": true}, bound by {@link RequestReader}.
 */
public record SearchQuery(SearchRequest request) {
  static final int DEFAULT_TOP_K = 5;

  public static SearchQuery parse(ObjectNode body) {
    return RequestReader.read(body, SearchQuery.class);
  }

  @JsonCreator
  static SearchQuery of(@JsonProperty("query") String query, @JsonProperty("mode") String modeText,
      @JsonProperty("top_k") JsonNode topKGiven, @JsonProperty("snippets") Boolean snippets,
      @JsonProperty("collections") JsonNode collections, @JsonProperty("filters") Filters filters) {
    Fields.nonBlank("query", query);
    SearchMode mode;
    try {
      mode = modeText == null ? SearchMode.HYBRID : SearchMode.parse(modeText);
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException("mode", "'mode' must be hybrid, bm25 or vector, got '" + modeText + "'");
    }
    Integer topK = Fields.optInt("top_k", topKGiven, 1, SearchRequest.MAX_TOP_K);
    SearchFilter filter = filter(collections, filters);
    return new SearchQuery(new SearchRequest(query, mode, topK == null ? DEFAULT_TOP_K : topK, filter, null, null,
        snippets == null || snippets));
  }

  /**
   * The {@code collections} and {@code filters} fields of a search request, or of grounded chat's
   * {@code opsmind} object: both are read alike. An error names the field inside its object.
   */
  public static SearchFilter filter(JsonNode collections, Filters filters) {
    SearchFilter filter = (filters == null ? SearchFilter.NONE : filters.filter())
        .withCollections(strings("collections", collections));
    return filter;
  }

  /**
   * {@code filters}: {"source_types", "path_prefix", "tags", "modified_after", "modified_before"}
   * (times in epoch seconds); errors name the field inside filters ("filters.tags") with a text
   * that names it alone ("'tags' must be ...").
   */
  public record Filters(SearchFilter filter) {
    @JsonCreator
    static Filters of(@JsonProperty("source_types") JsonNode sourceTypes, @JsonProperty("path_prefix") JsonNode pathPrefix,
        @JsonProperty("tags") JsonNode tags, @JsonProperty("modified_after") JsonNode after,
        @JsonProperty("modified_before") JsonNode before) {
      try {
        Long afterMillis = seconds("modified_after", after);
        Long beforeMillis = seconds("modified_before", before);
        return new Filters(SearchFilter.NONE.withSourceTypes(strings("source_types", sourceTypes))
            .withPathPrefix(Fields.optString("path_prefix", pathPrefix))
            .withTags(strings("tags", tags))
            .withModified(afterMillis, beforeMillis));
      } catch (InvalidRequestException e) {
        throw FieldError.keep(e);
      } catch (IllegalArgumentException e) {
        throw new FieldError("", at -> e.getMessage());
      }
    }
  }

  private static Long seconds(String name, JsonNode node) {
    Long value = Fields.optLong(name, node);
    return value == null ? null : value * 1000;
  }

  private static List<String> strings(String name, JsonNode node) {
    ArrayNode array = Fields.optArray(name, node);
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
