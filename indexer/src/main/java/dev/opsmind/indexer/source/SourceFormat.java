package dev.opsmind.indexer.source;

import java.util.Locale;
import java.util.Optional;

/** The file formats the indexer reads, recognised by file name. */
public enum SourceFormat {
  MARKDOWN("markdown"),
  TEXT("text"),
  HTML("html"),
  PDF("pdf"),
  LOG("log");

  private final String id;

  SourceFormat(String id) {
    this.id = id;
  }

  /** The name stored as a chunk's source type. */
  public String id() {
    return id;
  }

  /**
   * The format of a file name, or empty when the indexer does not read it. A trailing {@code .gz}
   * is looked through ({@code app.log.gz} is a log); rotated logs ({@code app.log.1}) are logs.
   */
  public static Optional<SourceFormat> ofFileName(String fileName) {
    String name = fileName.toLowerCase(Locale.ROOT);
    if (name.endsWith(".gz")) {
      String inner = name.substring(0, name.length() - 3);
      // A compressed file without a known inner extension is most often a rotated log.
      return ofFileName(inner).or(() -> Optional.of(LOG));
    }
    if (name.endsWith(".md") || name.endsWith(".markdown")) return Optional.of(MARKDOWN);
    if (name.endsWith(".txt") || name.endsWith(".text")) return Optional.of(TEXT);
    if (name.endsWith(".html") || name.endsWith(".htm")) return Optional.of(HTML);
    if (name.endsWith(".pdf")) return Optional.of(PDF);
    if (name.endsWith(".log") || name.matches(".*\\.log\\.\\d+")) return Optional.of(LOG);
    return Optional.empty();
  }

  /** Whether a file name is gzip-compressed. */
  public static boolean isGzip(String fileName) {
    return fileName.toLowerCase(Locale.ROOT).endsWith(".gz");
  }
}
