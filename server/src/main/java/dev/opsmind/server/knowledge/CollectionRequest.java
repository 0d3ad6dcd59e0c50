package dev.opsmind.server.knowledge;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opsmind.retrieval.KnowledgeCollection;
import dev.opsmind.server.http.Fields;
import dev.opsmind.server.http.InvalidRequestException;
import dev.opsmind.server.http.RequestReader;
import java.util.ArrayList;
import java.util.List;

/** POST /v1/collections: {"name", "readers": [principal or "*"], "description"}, bound by {@link RequestReader}. */
public record CollectionRequest(String name, List<String> readers, String description) {

  public static CollectionRequest parse(ObjectNode body) {
    return RequestReader.read(body, CollectionRequest.class);
  }

  @JsonCreator
  static CollectionRequest of(@JsonProperty("name") String name, @JsonProperty("readers") JsonNode readersGiven,
      @JsonProperty("description") String description) {
    Fields.nonBlank("name", name);
    ArrayNode readersNode = Fields.optArray("readers", readersGiven);
    List<String> readers = new ArrayList<>();
    if (readersNode != null) {
      for (JsonNode reader : readersNode) {
        if (!reader.isTextual() || reader.textValue().isBlank()) {
          throw new InvalidRequestException("readers", "'readers' must be an array of principal names (or \"*\")");
        }
        readers.add(reader.textValue());
      }
    }
    try {
      new KnowledgeCollection(name, readers, description); // its own rules on names
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException("name", e.getMessage());
    }
    return new CollectionRequest(name, List.copyOf(readers), description == null ? "" : description);
  }

  public KnowledgeCollection toCollection() {
    return new KnowledgeCollection(name, readers, description);
  }
}
