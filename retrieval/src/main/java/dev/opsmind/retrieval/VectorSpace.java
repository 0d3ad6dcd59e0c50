package dev.opsmind.retrieval;

import java.util.regex.Pattern;

/**
 * One embedder's vectors in the index: a kNN field of its own, so vectors of two models never
 * share a field and an index can hold several (one model per language, or two vectors per chunk).
 *
 * @param name the embedder's name (letters, digits, '.', '_', '-')
 * @param dimension length of its vectors
 */
public record VectorSpace(String name, int dimension) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  public VectorSpace {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("vector space name '" + name
          + "' is invalid: use 1-128 letters, digits, '.', '_' or '-', starting with a letter or digit");
    }
    if (dimension <= 0 || dimension > 4096) {
      throw new IllegalArgumentException("vector space " + name + ": dimension must be in 1..4096, got " + dimension);
    }
  }

  /** The Lucene field holding this space's vectors. */
  public String field() {
    return fieldOf(name);
  }

  /** The Lucene field of the space named {@code name}. */
  public static String fieldOf(String name) {
    return "vector:" + name;
  }

  /** "name:dimension", the form kept in the index's commit data. */
  @Override
  public String toString() {
    return name + ":" + dimension;
  }

  static VectorSpace parse(String text) {
    int colon = text.lastIndexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("vector space '" + text + "' is not name:dimension");
    }
    return new VectorSpace(text.substring(0, colon), Integer.parseInt(text.substring(colon + 1)));
  }
}
