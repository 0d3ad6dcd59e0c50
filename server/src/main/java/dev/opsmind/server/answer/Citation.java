package dev.opsmind.server.answer;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.List;

/**
 * A source an answer cites as {@code [number]}: where it is ({@link
 * dev.opsmind.retrieval.search.Citation}, retrieval's record, carried unchanged from the search hit
 * through the {@link SourcePassage}), with the excerpt shown for it and its score.
 *
 * <p>Written flat, as feedback.jsonl has always held it ({"number", "collection", "path",
 * "startLine", "endLine", "headingPath", "snippet", "score"}), and read back from that shape.
 */
@JsonPropertyOrder({"number", "source", "snippet", "score"}) // the source's fields in place, as ever
public record Citation(int number, @JsonUnwrapped dev.opsmind.retrieval.search.Citation source, String snippet,
    double score) {

  @JsonCreator
  static Citation read(@JsonProperty("number") int number, @JsonProperty("collection") String collection,
      @JsonProperty("path") String path, @JsonProperty("startLine") int startLine,
      @JsonProperty("endLine") int endLine, @JsonProperty("headingPath") List<String> headingPath,
      @JsonProperty("snippet") String snippet, @JsonProperty("score") double score) {
    return new Citation(number, new dev.opsmind.retrieval.search.Citation(collection, path, startLine, endLine,
        headingPath == null ? List.of() : headingPath), snippet, score);
  }

  static Citation of(int number, SourcePassage p) {
    String snippet = p.snippet().isBlank() ? Excerpts.shorten(p.text(), 240) : p.snippet();
    return new Citation(number, p.source(), snippet, p.score());
  }

  @JsonIgnore
  public String collection() {
    return source.collection();
  }

  @JsonIgnore
  public String path() {
    return source.path();
  }

  @JsonIgnore
  public int startLine() {
    return source.startLine();
  }

  @JsonIgnore
  public int endLine() {
    return source.endLine();
  }

  @JsonIgnore
  public List<String> headingPath() {
    return source.headingPath();
  }
}
