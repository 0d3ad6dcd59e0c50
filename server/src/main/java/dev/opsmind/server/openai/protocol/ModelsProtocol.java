package dev.opsmind.server.openai.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import com.fasterxml.jackson.databind.PropertyNamingStrategies.SnakeCaseStrategy;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/** The wire format of GET /v1/models and GET /v1/models/{id}. */
public final class ModelsProtocol {
  private ModelsProtocol() {}

  /** The model list: {"object": "list", "data": [...]}. */
  public record ModelList(String object, List<Model> data) {
    public static ModelList of(List<Model> data) {
      return new ModelList("list", data);
    }
  }

  /**
   * OpenAI's model object; a generator also gives its context length as vLLM does ({@code
   * max_model_len}, absent for an embedder or the extractive alias).
   */
  @JsonNaming(SnakeCaseStrategy.class)
  public record Model(String id, String object, long created, String ownedBy,
      @JsonInclude(Include.NON_NULL) Integer maxModelLen) {
    public static Model of(String id, long created, Integer maxModelLen) {
      return new Model(id, "model", created, "opsmind", maxModelLen);
    }
  }
}
