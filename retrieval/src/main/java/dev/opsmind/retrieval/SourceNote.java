package dev.opsmind.retrieval;

/**
 * A small record the indexer derived from one source file besides its chunks (a runbook's action
 * declaration, or the reason one was refused), stored with the source: replaced with it, renamed
 * with it, deleted with it. Never searched as text; read back by {@code kind}.
 *
 * @param kind what the body is (e.g. "action", "action_error"); one term, the reader's key
 * @param body the record, as the indexer wrote it (JSON in practice)
 */
public record SourceNote(String collection, String sourcePath, String kind, String body) {
  public SourceNote {
    if (collection == null || collection.isBlank() || sourcePath == null || sourcePath.isBlank()) {
      throw new IllegalArgumentException("a source note needs its collection and source path");
    }
    if (kind == null || kind.isBlank() || body == null) {
      throw new IllegalArgumentException("a source note needs a kind and a body");
    }
  }
}
