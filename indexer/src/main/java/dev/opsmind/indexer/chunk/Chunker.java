package dev.opsmind.indexer.chunk;

import dev.opsmind.indexer.parse.ParsedDocument;
import dev.opsmind.indexer.source.SourceFormat;
import java.util.List;

/** Chunks a parsed document by its format: logs by line windows, everything else by section. */
public final class Chunker {
  private final ChunkingOptions options;
  private final SectionChunker sections;
  private final LogChunker logs;

  public Chunker(ChunkingOptions options) {
    this.options = options;
    this.sections = new SectionChunker(options);
    this.logs = new LogChunker(options);
  }

  public ChunkingOptions options() {
    return options;
  }

  public List<ChunkDraft> chunk(ParsedDocument doc) {
    return doc.format() == SourceFormat.LOG ? logs.chunk(doc) : sections.chunk(doc);
  }
}
