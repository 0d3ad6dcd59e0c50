package dev.opsmind.inference.model;

/**
 * The attention keys and values of ONE sequence, owned by the {@link Decoder} that created it.
 * {@link #copy()} gives an independent cache with the same contents (a prefix computed once, then
 * extended per request).
 */
public interface KvCache extends AutoCloseable {
  /** Tokens held so far (the position the next token gets). */
  int length();

  KvCache copy();

  /**
   * An independent cache holding this one's first {@code tokens} positions (a shared prompt
   * prefix, reused by a request whose prompt continues differently).
   *
   * @throws IllegalArgumentException unless 0 <= tokens <= {@link #length()}
   */
  KvCache copyPrefix(int tokens);

  @Override
  void close();
}
