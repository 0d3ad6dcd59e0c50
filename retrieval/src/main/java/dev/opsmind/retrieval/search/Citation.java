package dev.opsmind.retrieval.search;

import java.util.List;

/** Where a hit comes from: enough for a reader to open the source at the right place. */
public record Citation(String collection, String path, int startLine, int endLine, List<String> headingPath) {
  public Citation {
    headingPath = List.copyOf(headingPath);
  }

  /** "path:12-30 (Heading > Sub)" */
  public String label() {
    String lines = startLine == endLine ? ":" + startLine : ":" + startLine + "-" + endLine;
    return path + lines + (headingPath.isEmpty() ? "" : " (" + String.join(" > ", headingPath) + ")");
  }
}
