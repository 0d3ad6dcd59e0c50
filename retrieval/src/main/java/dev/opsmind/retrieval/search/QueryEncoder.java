package dev.opsmind.retrieval.search;

import java.util.List;

/**
 * Turns query text into one vector per vector space of the index (each embedder's embedQuery).
 * The first is the primary one: the space whose cosine says how relevant a hit is.
 */
@FunctionalInterface
public interface QueryEncoder {
  List<QueryVector> encode(String query);
}
