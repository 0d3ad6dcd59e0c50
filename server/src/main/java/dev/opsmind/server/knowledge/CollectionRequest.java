package dev.opsmind.server.knowledge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opsmind.retrieval.KnowledgeCollection;
import dev.opsmind.server.http.Fields;
import dev.opsmind.server.http.InvalidRequestException;
import java.util.ArrayList;
import java.util.List;

/** POST /v1/collections: {"name", "readers": [principal or "*"], "description"}. */
public record CollectionRequest(String name, List<String> readers, String description) {

  public static CollectionRequest parse(ObjectNode body) {
    String name = Fields.requireNonBlank(body, "name");
    ArrayNode readersNode = Fields.optArray(body, "readers");
    List<String> readers = new ArrayList<>();
    if (readersNode != null) {
      for (JsonNode reader : readersNode) {
        if (!reader.isTextual() || reader.textValue().isBlank()) {
          throw new InvalidRequestException("readers", "'readers' must be an array of principal names (or \"*\")");
        }
        readers.add(reader.textValue());
      }
    }
    String description = Fields.optString(body, "description");
    try {
      new KnowledgeCollection(name, readers, description);
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException("name", e.getMessage());
    }
    return new CollectionRequest(name, List.copyOf(readers), description == null ? "" : description);
  }

  public KnowledgeCollection toCollection() {
    return new KnowledgeCollection(name, readers, description);
  }
}
