package dev.opsmind.indexer.logs.detect;

import dev.opsmind.indexer.logs.format.LogRecord;

/** A line a report cites: where it is ({@code source:line}), its time when known, level and text. */
public record LineRef(String source, long line, long epochMillis, String level, String text) {
  private static final int MAX_TEXT = 2000;

  public LineRef {
    if (source == null || line < 1) throw new IllegalArgumentException("a line reference needs a source and a line >= 1");
    text = text == null ? "" : text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) + "…" : text;
  }

  public static LineRef of(LogRecord r) {
    return new LineRef(r.source(), r.line(), r.epochMillis(), r.level(), r.message());
  }

  public String citation() {
    return source + ":" + line;
  }
}
