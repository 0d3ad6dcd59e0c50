package dev.opsmind.retrieval;

/**
 * A collection that does not exist or that the principal may not read. The two read the same, so
 * that a caller cannot probe which collections exist.
 */
public final class UnknownCollectionException extends IllegalArgumentException {
  public UnknownCollectionException(String collection, Principal principal) {
    super("collection '" + collection + "' does not exist or is not readable by principal '"
        + principal.name() + "'");
  }

  public UnknownCollectionException(String collection) {
    super("collection '" + collection + "' does not exist");
  }
}
