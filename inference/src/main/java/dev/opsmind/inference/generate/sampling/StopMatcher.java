package dev.opsmind.inference.generate.sampling;

import java.util.List;

/**
 * Finds stop strings in streamed text, also when one spans several tokens. Text that could still
 * be the start of a stop string is held back; once a stop string appears, only the text before
 * it is released and nothing after it ever is.
 */
public final class StopMatcher {
  private final List<String> stops;
  private final StringBuilder held = new StringBuilder();
  private boolean stopped;

  public StopMatcher(List<String> stops) {
    this.stops = List.copyOf(stops);
  }

  /** What a delta released: text safe to emit, and whether a stop string was hit. */
  public record Result(String emit, boolean stopped) {}

  public Result accept(String delta) {
    if (stopped) {
      return new Result("", true);
    }
    if (stops.isEmpty()) {
      return new Result(delta, false);
    }
    held.append(delta);
    int first = -1;
    for (String s : stops) {
      int at = held.indexOf(s);
      if (at >= 0 && (first < 0 || at < first)) {
        first = at;
      }
    }
    if (first >= 0) {
      stopped = true;
      String emit = held.substring(0, first);
      held.setLength(0);
      return new Result(emit, true);
    }
    int keep = longestSuffixThatStartsAStop();
    String emit = held.substring(0, held.length() - keep);
    held.delete(0, held.length() - keep);
    return new Result(emit, false);
  }

  private int longestSuffixThatStartsAStop() {
    int best = 0;
    String text = held.toString();
    for (String s : stops) {
      for (int len = Math.min(s.length() - 1, text.length()); len > best; len--) {
        if (text.regionMatches(text.length() - len, s, 0, len)) {
          best = len;
          break;
        }
      }
    }
    return best;
  }

  /** Text still held back (a partial stop string that never completed); call once at the end. */
  public String flush() {
    String rest = stopped ? "" : held.toString();
    held.setLength(0);
    return rest;
  }

  public boolean stopped() {
    return stopped;
  }
}
