package dev.opsmind.indexer.logs.mine;

import java.util.Arrays;

/**
 * A mined template: its id (stable for the miner's life and across a saved store), its tokens
 * ({@code <*>} for variables) and how many lines it has taken. The miner widens the tokens in
 * place as lines arrive, so read {@link #text()} after mining for the final form.
 */
public final class Template {
  private final int id;
  private final String[] tokens;
  private long count;
  private Template mergedInto;

  Template(int id, String[] tokens) {
    if (id < 0) throw new IllegalArgumentException("template id must be >= 0: " + id);
    this.id = id;
    this.tokens = tokens.clone();
  }

  public int id() {
    return id;
  }

  public int length() {
    return tokens.length;
  }

  public String token(int i) {
    return tokens[i];
  }

  String[] tokens() {
    return tokens;
  }

  void setToken(int i, String t) {
    tokens[i] = t;
  }

  /** The live template this one stands for: itself, or the one it was merged into. */
  public Template resolve() {
    Template t = this;
    while (t.mergedInto != null) t = t.mergedInto;
    return t;
  }

  public boolean merged() {
    return mergedInto != null;
  }

  void mergeInto(Template survivor) {
    survivor.count += count;
    count = 0;
    mergedInto = survivor;
  }

  /** Makes this template stand for {@code rep}'s group while it keeps taking its own lines. */
  void aliasOf(Template rep) {
    mergedInto = rep;
  }

  void hit() {
    count++;
  }

  void setCount(long c) {
    count = c;
  }

  public long count() {
    return count;
  }

  /** The template as text, tokens joined by single spaces. */
  public String text() {
    return String.join(" ", tokens);
  }

  @Override
  public String toString() {
    return "T" + id + " " + text() + " (" + count + ")";
  }

  boolean sameTokens(String[] other) {
    return Arrays.equals(tokens, other);
  }
}
