package dev.opsmind.server.openai;

import dev.opsmind.indexer.embed.EmbedderSet;
import dev.opsmind.inference.embed.Embedder;
import dev.opsmind.inference.embed.Embeddings;
import dev.opsmind.server.http.ApiException;
import dev.opsmind.server.http.Blocking;
import dev.opsmind.server.http.InvalidRequestException;
import dev.opsmind.server.http.Json;
import dev.opsmind.server.http.RequestReader;
import dev.opsmind.server.openai.protocol.EmbeddingsRequest;
import dev.opsmind.server.openai.protocol.EmbeddingsProtocol;
import dev.opsmind.server.ops.Metrics;
import io.vertx.ext.web.RoutingContext;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** POST /v1/embeddings on any configured embedder, named by {@code model} (work on the worker pool). */
public final class EmbeddingsHandler {
  /** The embedders by name, looked up once: a request's lookup runs on the event loop. */
  private final java.util.Map<String, Embedder> embedders;
  private final Metrics metrics;

  public EmbeddingsHandler(EmbedderSet embedders, Metrics metrics) {
    var byName = new java.util.LinkedHashMap<String, Embedder>();
    embedders.members().forEach(m -> byName.put(m.embedder().name(), m.embedder()));
    this.embedders = java.util.Map.copyOf(byName);
    this.metrics = metrics;
  }

  public void create(RoutingContext ctx) {
    EmbeddingsRequest request = RequestReader.read(Json.body(ctx), EmbeddingsRequest.class);
    Embedder embedder = embedders.get(request.model());
    if (embedder == null) {
      throw ApiException.modelNotFound(request.model());
    }
    if (request.dimensions() != null && request.dimensions() != embedder.dimension()) {
      throw new InvalidRequestException("dimensions", "model " + embedder.name() + " has "
          + embedder.dimension() + " dimensions; 'dimensions' = " + request.dimensions() + " is not supported");
    }
    for (int i = 0; i < request.tokens().size(); i++) {
      for (long id : request.tokens().get(i)) {
        if (id >= embedder.vocabSize()) {
          throw new InvalidRequestException("input", "input[" + i + "] holds token id " + id
              + ", outside the " + embedder.vocabSize() + "-token vocabulary of " + embedder.name());
        }
      }
    }
    record Reply(String json, long tokens) {}
    Blocking.run(ctx, () -> {
      Embeddings embeddings = embed(embedder, request);
      return new Reply(Json.write(response(request, embeddings)), embeddings.totalTokens());
    }, reply -> {
      metrics.embeddedTexts(embedder.name(), request.size());
      metrics.tokensIn(embedder.name(), reply.tokens());
      Json.replySerialized(ctx, 200, reply.json());
    });
  }

  private static Embeddings embed(Embedder embedder, EmbeddingsRequest request) {
    if (!request.texts().isEmpty()) {
      return embedder.embedWithUsage(request.texts());
    }
    return embedder.embedTokenIds(request.tokens());
  }

  private static EmbeddingsProtocol.EmbeddingList response(EmbeddingsRequest request, Embeddings embeddings) {
    float[][] vectors = embeddings.vectors();
    List<EmbeddingsProtocol.Embedding> data = new ArrayList<>();
    for (int i = 0; i < vectors.length; i++) {
      data.add(request.base64() ? EmbeddingsProtocol.Embedding.base64(i, base64(vectors[i]))
          : EmbeddingsProtocol.Embedding.of(i, vectors[i]));
    }
    return EmbeddingsProtocol.EmbeddingList.of(data, request.model(), embeddings.totalTokens());
  }

  /** Little-endian float32, as the OpenAI SDKs decode it. */
  static String base64(float[] vector) {
    ByteBuffer bytes = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(vector);
    return Base64.getEncoder().encodeToString(bytes.array());
  }
}
