package dev.opsmind.retrieval;

import java.nio.file.Path;

/**
 * A write to an index this process only reads: opened read-only, or a cluster replica (only the
 * writer node writes; replicas receive its commits).
 */
public final class ReadOnlyIndexException extends IllegalStateException {
  public ReadOnlyIndexException(Path dir) {
    super("index " + dir + " is read-only here (opened read-only, or a replica of the cluster's index writer)");
  }
}
