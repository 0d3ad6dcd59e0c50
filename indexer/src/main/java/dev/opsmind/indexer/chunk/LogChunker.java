package dev.opsmind.indexer.chunk;

import dev.opsmind.indexer.parse.ParsedDocument;
import dev.opsmind.indexer.parse.TextBlock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Chunks logs into windows of lines (up to {@code logWindowLines}, and within the size cap),
 * consecutive windows sharing {@code logOverlapLines}. Each window keeps its line range and, as
 * tags, the first and last timestamp found in it ({@code time_start:...}, {@code time_end:...}).
 */
public final class LogChunker {
  /** Timestamp shapes of common logs, looked for near the start of a line. */
  private static final Pattern TIMESTAMP = Pattern.compile(
      "\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}:\\d{2}(?:[.,]\\d+)?(?:Z|[+-]\\d{2}:?\\d{2})?"  // ISO 8601, log4j
          + "|\\d{2}/[A-Z][a-z]{2}/\\d{4}:\\d{2}:\\d{2}:\\d{2}(?: [+-]\\d{4})?"            // Apache access
          + "|(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) [A-Z][a-z]{2} +\\d{1,2} \\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)? \\d{4}" // Apache error
          + "|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) +\\d{1,2} \\d{2}:\\d{2}:\\d{2}" // syslog
          + "|^\\d{6} \\d{6}");                                                             // HDFS
  private static final int TIMESTAMP_SEARCH_CHARS = 80;

  private final ChunkingOptions options;

  public LogChunker(ChunkingOptions options) {
    this.options = options;
  }

  public List<ChunkDraft> chunk(ParsedDocument doc) {
    List<TextBlock> lines = doc.blocks();
    List<ChunkDraft> out = new ArrayList<>();
    int i = 0;
    while (i < lines.size()) {
      int end = i; // exclusive
      int tokens = 0;
      while (end < lines.size() && end - i < options.logWindowLines()) {
        int t = TextSize.estimateTokens(lines.get(end).text()) + 1;
        if (end > i && tokens + t > options.maxTokens()) break;
        tokens += t;
        end++;
      }
      out.add(window(doc, lines.subList(i, end)));
      if (end >= lines.size()) break;
      i = Math.max(i + 1, end - options.logOverlapLines());
    }
    return out;
  }

  private static ChunkDraft window(ParsedDocument doc, List<TextBlock> lines) {
    StringBuilder text = new StringBuilder();
    for (TextBlock line : lines) {
      if (!text.isEmpty()) text.append('\n');
      text.append(line.text());
    }
    List<String> tags = new ArrayList<>();
    Optional<String> first = lines.stream().map(l -> timestamp(l.text())).flatMap(Optional::stream).findFirst();
    Optional<String> last = lines.reversed().stream().map(l -> timestamp(l.text())).flatMap(Optional::stream).findFirst();
    first.ifPresent(t -> tags.add("time_start:" + t));
    last.ifPresent(t -> tags.add("time_end:" + t));
    String body = text.toString();
    return new ChunkDraft(List.of(doc.title()), lines.get(0).startLine(), lines.get(lines.size() - 1).endLine(),
        body, LanguageDetector.detect(body), tags);
  }

  /** The first timestamp near the start of a log line. */
  static Optional<String> timestamp(String line) {
    Matcher m = TIMESTAMP.matcher(line.length() > TIMESTAMP_SEARCH_CHARS ? line.substring(0, TIMESTAMP_SEARCH_CHARS) : line);
    return m.find() ? Optional.of(m.group()) : Optional.empty();
  }
}
