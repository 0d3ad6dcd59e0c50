package dev.opsmind.server.answer;

import java.util.List;

/**
 * What the library hands back to the chat endpoint.
 *
 * @param text the answer with citation markers {@code [n]} that match {@code citations}
 * @param citations the cited sources, numbered 1..n in order of first use
 * @param mode how the text was made
 */
public record GroundedAnswer(String text, List<Citation> citations, Mode mode) {
  public enum Mode {
    /** written by the generator from the numbered sources, citations filtered */
    GENERATED,
    /** quoted from the sources without a generator */
    EXTRACTIVE,
    /** nothing relevant was retrieved; the text says so */
    NO_ANSWER
  }

  public GroundedAnswer {
    citations = List.copyOf(citations);
  }
}
