package dev.opsmind.server.openai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opsmind.server.http.Json;
import java.util.UUID;

/**
 * The envelope of one chat or completions answer: its id, created time, model and object names,
 * around the whole body or each streamed chunk (every chunk has the same id).
 */
public final class ChunkEnvelope {
  public static final String SYSTEM_FINGERPRINT = "fp_opsmind";

  private final String id;
  private final long created = System.currentTimeMillis() / 1000;
  private final String model;
  private final String object;
  private final String chunkObject;

  /** {@code object}: the body's ("chat.completion"), {@code chunkObject}: each chunk's. */
  public ChunkEnvelope(String idPrefix, String object, String chunkObject, String model) {
    this.id = idPrefix + UUID.randomUUID().toString().replace("-", "");
    this.object = object;
    this.chunkObject = chunkObject;
    this.model = model;
  }

  /** A chat completion's envelope. */
  public static ChunkEnvelope chat(String model) {
    return new ChunkEnvelope("chatcmpl-", "chat.completion", "chat.completion.chunk", model);
  }

  public String id() {
    return id;
  }

  /** The whole body's envelope; the caller adds choices and usage. */
  public ObjectNode whole() {
    return envelope(object);
  }

  /** A chunk holding one choice's delta. */
  public ObjectNode chunk(ObjectNode choice) {
    ObjectNode node = envelope(chunkObject);
    node.putArray("choices").add(choice);
    return node;
  }

  /** A chunk with no choices (for what follows them: usage, citations); the caller adds its field. */
  public ObjectNode bareChunk() {
    ObjectNode node = envelope(chunkObject);
    node.putArray("choices");
    return node;
  }

  private ObjectNode envelope(String objectName) {
    return Json.object()
        .put("id", id)
        .put("object", objectName)
        .put("created", created)
        .put("model", model)
        .put("system_fingerprint", SYSTEM_FINGERPRINT);
  }
}
