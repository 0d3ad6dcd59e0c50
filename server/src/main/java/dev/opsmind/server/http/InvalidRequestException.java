package dev.opsmind.server.http;

/** A request body that is well-formed JSON but has a wrong field: HTTP 400, naming the field. */
public final class InvalidRequestException extends IllegalArgumentException {
  private final String param;

  public InvalidRequestException(String param, String message) {
    super(message);
    this.param = param;
  }

  public String param() {
    return param;
  }
}
