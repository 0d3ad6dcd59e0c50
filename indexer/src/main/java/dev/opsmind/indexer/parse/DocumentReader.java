package dev.opsmind.indexer.parse;

import dev.opsmind.indexer.source.SourceFormat;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/** Picks the parser for a format and looks through gzip compression. */
public final class DocumentReader {
  /** Refuse decompressed content past this size: a gzip bomb must not take the run down. */
  static final long MAX_DECOMPRESSED_BYTES = 512L << 20;

  private final MarkdownParser markdown = new MarkdownParser();
  private final TextParser text = new TextParser();
  private final HtmlParser html = new HtmlParser();
  private final PdfParser pdf = new PdfParser();
  private final LogParser log = new LogParser();

  /**
   * Parses a file's bytes.
   *
   * @param sourcePath the file's name decides gzip; the format decides the parser
   * @throws BadSourceException when the content is binary, badly encoded, corrupt or not gzip
   */
  public ParsedDocument read(String sourcePath, SourceFormat format, byte[] bytes) {
    byte[] content = SourceFormat.isGzip(sourcePath) ? gunzip(sourcePath, bytes) : bytes;
    DocumentParser parser = switch (format) {
      case MARKDOWN -> markdown;
      case TEXT -> text;
      case HTML -> html;
      case PDF -> pdf;
      case LOG -> log;
    };
    return parser.parse(sourcePath, content);
  }

  private static byte[] gunzip(String sourcePath, byte[] bytes) {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
      byte[] out = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, MAX_DECOMPRESSED_BYTES + 1));
      if (out.length > MAX_DECOMPRESSED_BYTES) {
        throw new BadSourceException(sourcePath, "decompresses to more than " + (MAX_DECOMPRESSED_BYTES >> 20) + " MiB");
      }
      return out;
    } catch (IOException e) {
      throw new BadSourceException(sourcePath, "not a valid gzip file: " + e.getMessage(), e);
    }
  }
}
