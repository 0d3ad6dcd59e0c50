package dev.opsmind.indexer.parse;

import dev.opsmind.indexer.source.SourceFormat;
import java.util.List;

/** A file read into its title and structural blocks, in source order. */
public record ParsedDocument(String title, SourceFormat format, List<TextBlock> blocks) {
  public ParsedDocument {
    blocks = List.copyOf(blocks);
  }
}
