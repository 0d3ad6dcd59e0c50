package dev.opsmind.inference.gguf;

/** A GGUF file that cannot be used; the message names the file and the problem. */
public class GgufFormatException extends IllegalArgumentException {
  public GgufFormatException(String message) {
    super(message);
  }

  public GgufFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
