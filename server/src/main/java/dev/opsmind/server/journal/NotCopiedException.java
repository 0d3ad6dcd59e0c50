package dev.opsmind.server.journal;

/**
 * An append is on this node's disk but could not be put on as many other nodes' disks as the
 * cluster asks ({@code cluster.journalCopies}): it is kept here, but not acknowledged.
 */
public final class NotCopiedException extends IllegalStateException {
  public NotCopiedException(String message) {
    super(message);
  }
}
