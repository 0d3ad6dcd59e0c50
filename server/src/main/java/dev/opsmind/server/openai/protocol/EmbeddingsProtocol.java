package dev.opsmind.server.openai.protocol;

import com.fasterxml.jackson.databind.PropertyNamingStrategies.SnakeCaseStrategy;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/** The wire format of POST /v1/embeddings. */
public final class EmbeddingsProtocol {
  private EmbeddingsProtocol() {}

  /** The answer: one embedding per input, in input order, and the tokens read. */
  public record EmbeddingList(String object, List<Embedding> data, String model, Usage usage) {
    public static EmbeddingList of(List<Embedding> data, String model, long tokens) {
      return new EmbeddingList("list", data, model, new Usage(tokens, tokens));
    }
  }

  /**
   * One input's vector: an array of floats, or (encoding_format base64) the little-endian float32
   * bytes in base64, as the OpenAI SDKs decode them.
   */
  public record Embedding(String object, int index, Object embedding) {
    public static Embedding of(int index, float[] vector) {
      return new Embedding("embedding", index, vector);
    }

    public static Embedding base64(int index, String vector) {
      return new Embedding("embedding", index, vector);
    }
  }

  @JsonNaming(SnakeCaseStrategy.class)
  public record Usage(long promptTokens, long totalTokens) {}
}
