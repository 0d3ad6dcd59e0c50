package dev.opsmind.retrieval.search;

import java.util.List;

/**
 * A query embedded by one embedder, to be searched in that embedder's vector space.
 *
 * @param space the vector space (embedder name)
 * @param vector the unit query vector
 * @param weight how much this space's ranking counts in fusion (an embedder not trained for the
 *     query's language counts less)
 * @param fullWeightLanguages chunk languages for which this ranking counts fully all the same:
 *     those no other space of the query can see (a bilingual model deferring to an English one
 *     on English chunks is still the only vector voice for Chinese chunks)
 * @param translated whether {@code vector} embeds the query's glossary translation rather than
 *     the query itself (an English-only model searched for a Chinese question)
 */
public record QueryVector(String space, float[] vector, double weight, List<String> fullWeightLanguages,
    boolean translated) {
  public QueryVector(String space, float[] vector, double weight) {
    this(space, vector, weight, List.of(), false);
  }

  public QueryVector(String space, float[] vector, double weight, List<String> fullWeightLanguages) {
    this(space, vector, weight, fullWeightLanguages, false);
  }

  /** The query's glossary translation embedded in {@code space}. */
  public static QueryVector ofTranslation(String space, float[] vector, double weight) {
    return new QueryVector(space, vector, weight, List.of(), true);
  }

  /** This ranking's weight for a chunk in {@code chunkLanguage}. */
  public double weightFor(String chunkLanguage) {
    return fullWeightLanguages.contains(chunkLanguage) ? 1.0 : weight;
  }

  public QueryVector {
    fullWeightLanguages = fullWeightLanguages == null ? List.of() : List.copyOf(fullWeightLanguages);
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
