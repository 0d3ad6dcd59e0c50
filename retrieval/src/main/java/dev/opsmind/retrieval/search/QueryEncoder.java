package dev.opsmind.retrieval.search;

/** Turns query text into a unit vector of the index's dimension (the embedder's embedQuery). */
@FunctionalInterface
public interface QueryEncoder {
  float[] encode(String query);
}
