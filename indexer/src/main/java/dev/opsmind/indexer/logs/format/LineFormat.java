package dev.opsmind.indexer.logs.format;

/** A line-header format: reads one line into a record, or says it does not match. */
public interface LineFormat {
  /** The format's name, as config and {@code --format} use it. */
  String name();

  /** The record this line starts, or null when the line does not match this format. */
  LogRecord parse(String source, long line, String text);
}
