package dev.opsmind.inference.generate;

/**
 * Constrained decoding to one JSON object (OpenAI's {@code response_format: json_object}): before
 * each sample, every token that cannot continue valid JSON from what was generated is masked out;
 * after it, the chosen token's bytes advance the {@link JsonGrammar}. Once the object is closed
 * the sequence ends. Inside a string most tokens are plain text and keep the state as it is, so
 * they are allowed without simulating them; the others are simulated on a scratch copy.
 */
final class JsonConstraint {
  private final JsonVocabulary vocabulary;
  private final JsonGrammar state = new JsonGrammar();
  private final JsonGrammar scratch = new JsonGrammar();

  JsonConstraint(JsonVocabulary vocabulary) {
    this.vocabulary = vocabulary;
  }

  /**
   * Sets the logits of tokens that cannot come next to -infinity; returns how many stay
   * possible. Ids past the vocabulary are masked too.
   */
  int mask(float[] logits) {
    int allowed = 0;
    int size = Math.min(logits.length, vocabulary.size());
    for (int id = 0; id < size; id++) {
      if (logits[id] == Float.NEGATIVE_INFINITY) {
        continue;
      }
      if (allowed(id)) {
        allowed++;
      } else {
        logits[id] = Float.NEGATIVE_INFINITY;
      }
    }
    for (int id = size; id < logits.length; id++) {
      logits[id] = Float.NEGATIVE_INFINITY;
    }
    return allowed;
  }

  private boolean allowed(int id) {
    byte[] bytes = vocabulary.bytes(id);
    if (bytes == null) {
      return false;
    }
    int from = 0;
    if (state.inPlainString()) {
      from = vocabulary.firstStringSpecial(id);
      if (from == bytes.length) {
        return true; // plain string content: the state does not change
      }
    }
    scratch.set(state);
    for (int i = from; i < bytes.length; i++) {
      if (!scratch.accept(bytes[i])) {
        return false;
      }
    }
    return true;
  }

  /** Advances over the chosen token (one {@link #mask} allowed). */
  void accept(int id) {
    byte[] bytes = id < vocabulary.size() ? vocabulary.bytes(id) : null;
    if (bytes == null) {
      return;
    }
    for (byte b : bytes) {
      if (!state.accept(b)) {
        throw new IllegalStateException("token " + id + " does not continue the JSON output (" + state + ")");
      }
    }
  }

  /** The top-level object is closed: nothing may follow. */
  boolean complete() {
    return state.complete();
  }
}
