package dev.opsmind.inference.generate;

/** The scheduler's wait queue is full: try again later (the server answers 429). */
public final class QueueFullException extends RuntimeException {
  public QueueFullException(int queueLength) {
    super("generation queue is full (" + queueLength + " requests waiting); retry later");
  }
}
