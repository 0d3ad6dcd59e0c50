package dev.opsmind.inference.generate.json;

/**
 * Constrained decoding to one JSON value of a {@link JsonSchema} (OpenAI's {@code response_format}
 * json_object: any object; json_schema: the schema's): before each sample, every token that
 * cannot continue text the schema allows is masked out; after it, the chosen token's bytes
 * advance the {@link JsonGrammar}. Once the root value closes the sequence ends.
 *
 * <p>A sequence whose sampler can (see {@code Sampler.proposes} in the sampling package) first samples unmasked and keeps
 * the token when {@link #allows} says so; the mask is made only when it does not.
 *
 * <p>Cost of a mask (150k-token vocabulary): 1–4 ms per step. Inside a string, plain-text tokens keep the
 * state and pass unsimulated; elsewhere a table of the bytes and byte pairs that may come next
 * decides most tokens on their first two bytes; the rest are simulated on a scratch copy.
 */
public final class JsonConstraint {
  private final JsonVocabulary vocabulary;
  private final JsonGrammar state;
  private final JsonGrammar scratch;
  private final boolean[] nextByte = new boolean[256];
  private final boolean[][] nextPair = new boolean[256][256];
  private final boolean[] pairRowReady = new boolean[256];
  private final JsonGrammar[] afterByte = new JsonGrammar[256];

  public JsonConstraint(JsonVocabulary vocabulary, JsonSchema schema) {
    this.vocabulary = vocabulary;
    this.state = new JsonGrammar(schema);
    this.scratch = new JsonGrammar(schema);
    for (int b = 0; b < 256; b++) {
      afterByte[b] = new JsonGrammar(schema);
    }
  }

  /**
   * Sets the logits of tokens that cannot come next to -infinity; returns how many stay
   * possible. Ids past the vocabulary are masked too.
   */
  public int mask(float[] logits) {
    // Which bytes, and pairs of bytes, may come next: most tokens are decided by their first two
    // bytes without simulating them (tables built on a scratch copy for the bytes that may come).
    for (int b = 0; b < 256; b++) {
      scratch.set(state);
      nextByte[b] = scratch.accept((byte) b);
      if (nextByte[b]) {
        afterByte[b].set(scratch);
      }
      pairRowReady[b] = false; // built when a token first needs it
    }
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
    int b1 = bytes[from] & 0xff;
    if (!nextByte[b1]) {
      return false;
    }
    if (from + 1 == bytes.length) {
      return true;
    }
    if (!pairRowReady[b1]) {
      for (int b2 = 0; b2 < 256; b2++) {
        scratch.set(afterByte[b1]);
        nextPair[b1][b2] = scratch.accept((byte) b2);
      }
      pairRowReady[b1] = true;
    }
    if (!nextPair[b1][bytes[from + 1] & 0xff]) {
      return false;
    }
    if (from + 2 == bytes.length) {
      return true;
    }
    scratch.set(afterByte[b1]);
    for (int i = from + 1; i < bytes.length; i++) {
      if (!scratch.accept(bytes[i])) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code id} may come next, decided for that token alone (no {@link #mask} needed). */
  public boolean allows(int id) {
    byte[] bytes = id < vocabulary.size() ? vocabulary.bytes(id) : null;
    if (bytes == null) {
      return false;
    }
    scratch.set(state);
    for (byte b : bytes) {
      if (!scratch.accept(b)) {
        return false;
      }
    }
    return true;
  }

  /** Advances over the chosen token (one {@link #mask} or {@link #allows} allowed). */
  public void accept(int id) {
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

  /** The root value is closed: nothing may follow. */
  public boolean complete() {
    return state.complete();
  }
}
