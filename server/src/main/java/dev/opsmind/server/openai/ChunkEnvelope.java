package dev.opsmind.server.openai;

import dev.opsmind.server.openai.protocol.ChatProtocol;
import dev.opsmind.server.openai.protocol.OpsmindProtocol;
import java.util.List;
import java.util.UUID;

/**
 * The envelope of one chat or completions answer: its id, created time, model and object names,
 * around the whole body or each streamed chunk (every chunk has the same id); the records are
 * {@link ChatProtocol}'s.
 */
public final class ChunkEnvelope {
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

  /** The whole body; {@code opsmind} null unless grounded. */
  public <C> ChatProtocol.Completion<C> whole(List<C> choices, ChatProtocol.Usage usage,
      OpsmindProtocol.Extension opsmind) {
    return new ChatProtocol.Completion<>(id, object, created, model, ChatProtocol.SYSTEM_FINGERPRINT, choices, usage,
        opsmind);
  }

  /** A chunk holding one choice's delta. */
  public <C> ChatProtocol.Chunk<C> chunk(C choice) {
    return new ChatProtocol.Chunk<>(id, chunkObject, created, model, ChatProtocol.SYSTEM_FINGERPRINT,
        List.of(choice), null, null);
  }

  /** A chunk with no choices, for what follows them: the usage. */
  public ChatProtocol.Chunk<Object> usageChunk(ChatProtocol.Usage usage) {
    return new ChatProtocol.Chunk<>(id, chunkObject, created, model, ChatProtocol.SYSTEM_FINGERPRINT, List.of(),
        usage, null);
  }

  /** A chunk with no choices, for what follows them: the {@code opsmind} extension of a grounded answer. */
  public ChatProtocol.Chunk<Object> extensionChunk(OpsmindProtocol.Extension opsmind) {
    return new ChatProtocol.Chunk<>(id, chunkObject, created, model, ChatProtocol.SYSTEM_FINGERPRINT, List.of(),
        null, opsmind);
  }
}
