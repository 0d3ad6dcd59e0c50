package dev.opsmind.retrieval.search;

/**
 * A query embedded by one embedder, to be searched in that embedder's vector space.
 *
 * @param space the vector space (embedder name)
 * @param vector the unit query vector
 * @param weight how much this space's ranking counts in fusion (an embedder not trained for the
 *     query's language counts less)
 */
public record QueryVector(String space, float[] vector, double weight) {
  public QueryVector {
    if (space == null || space.isBlank()) {
      throw new IllegalArgumentException("query vector without a space");
    }
    if (vector == null || vector.length == 0) {
      throw new IllegalArgumentException("query vector of " + space + " is empty");
    }
    if (!(weight >= 0)) {
      throw new IllegalArgumentException("query vector weight must be >= 0, got " + weight);
    }
  }
}
