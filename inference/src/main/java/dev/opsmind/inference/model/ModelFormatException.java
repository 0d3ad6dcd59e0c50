package dev.opsmind.inference.model;

/** A model directory, config or checkpoint file that cannot be used: names the file or tensor. */
public class ModelFormatException extends IllegalArgumentException {
  public ModelFormatException(String message) {
    super(message);
  }

  public ModelFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
