package dev.opsmind.indexer.parse;

/** Reads one format's decoded content into blocks. */
public interface DocumentParser {
  /**
   * @param sourcePath for titles and error messages
   * @param bytes the file's (decompressed) content
   * @throws BadSourceException when the content cannot be read as this format
   */
  ParsedDocument parse(String sourcePath, byte[] bytes);
}
