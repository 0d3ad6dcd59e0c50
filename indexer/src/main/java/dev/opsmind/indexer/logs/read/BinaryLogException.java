package dev.opsmind.indexer.logs.read;

/** A log input that is not text. An IllegalArgumentException: callers map it to a bad-input error. */
public final class BinaryLogException extends IllegalArgumentException {
  public BinaryLogException(String name, String why) {
    super(name + " is not a text log (" + why + ")");
  }
}
