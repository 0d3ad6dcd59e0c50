package dev.opsmind.indexer.ingest;

import dev.opsmind.indexer.chunk.ChunkDraft;
import dev.opsmind.indexer.chunk.Chunker;
import dev.opsmind.indexer.parse.DocumentReader;
import dev.opsmind.indexer.parse.ParsedDocument;
import dev.opsmind.indexer.source.ContentHash;
import dev.opsmind.indexer.source.SourceFormat;
import dev.opsmind.retrieval.Chunk;
import java.util.ArrayList;
import java.util.List;

/** Turns one file's content into index chunks (without vectors): parse, chunk, identify. */
public final class SourceChunks {
  private final DocumentReader reader = new DocumentReader();
  private final Chunker chunker;

  public SourceChunks(Chunker chunker) {
    this.chunker = chunker;
  }

  /**
   * The chunks of one version of a source file.
   *
   * @throws dev.opsmind.indexer.parse.BadSourceException when the content cannot be read
   */
  public List<Chunk> chunks(String collection, String sourcePath, SourceFormat format, byte[] bytes,
      String contentHash, long modifiedMillis) {
    ParsedDocument doc = reader.read(sourcePath, format, bytes);
    List<ChunkDraft> drafts = chunker.chunk(doc);
    List<Chunk> chunks = new ArrayList<>(drafts.size());
    for (int i = 0; i < drafts.size(); i++) {
      ChunkDraft d = drafts.get(i);
      chunks.add(new Chunk(chunkId(collection, sourcePath, contentHash, i), collection, sourcePath, format.id(),
          d.startLine(), d.endLine(), d.headingPath(), d.language(), contentHash, modifiedMillis, d.tags(),
          d.text(), null));
    }
    return chunks;
  }

  /**
   * A chunk's id: stable for the same content at the same place, new when either changes, unique
   * across collections.
   */
  public static String chunkId(String collection, String sourcePath, String contentHash, int ordinal) {
    return ContentHash.of(collection + '\u0000' + sourcePath + '\u0000' + contentHash + '\u0000' + ordinal).substring(0, 32);
  }

  /** What the embedder reads for a chunk: its heading path, then its text. */
  public static String embeddingText(Chunk chunk) {
    return new ChunkDraft(chunk.headingPath(), chunk.startLine(), chunk.endLine(), chunk.text(), chunk.language(), List.of())
        .embeddingText();
  }
}
