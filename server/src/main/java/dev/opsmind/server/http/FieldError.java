package dev.opsmind.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.UnaryOperator;

/**
 * What a nested request record's creator throws: it knows the field it refuses only relative to
 * itself ({@code "role"}, {@code "[2]"}, or {@code ""} for its own value), {@link RequestReader}
 * knows where that record sits in the body ({@code messages[3]}) and makes the 400 naming the
 * whole path; {@code message} gets the record's own path (what its texts name: "'messages[3].role'
 * must be ...").
 */
public final class FieldError extends RuntimeException {
  private final String relative;
  private final transient UnaryOperator<String> message;

  public FieldError(String relative, UnaryOperator<String> message) {
    super(relative, null, false, false);
    this.relative = relative;
    this.message = message;
  }

  /** "'x.y' must be {@code expected}, got a number". */
  public static FieldError wrongType(String relative, String expected, JsonNode given) {
    return new FieldError(relative, where -> Fields.wrongType(join(where, relative), expected, given).getMessage());
  }

  /**
   * {@code e}, an error a nested record's creator got from a {@link Fields} read of one of its own
   * fields: named inside the record's path ("filters" + "tags" → "filters.tags"), its message kept
   * as it was (those texts name the field alone: "'tags' must be ...").
   */
  public static FieldError keep(InvalidRequestException e) {
    String message = e.getMessage();
    return new FieldError(e.param() == null ? "" : e.param(), at -> message);
  }

  /** The 400 for this error in a record found at {@code path} ("" for the body itself). */
  InvalidRequestException at(String path) {
    return new InvalidRequestException(join(path, relative), message.apply(path));
  }

  /** {@code relative} inside the record at {@code path}: "messages[3]" + "role" → "messages[3].role". */
  public static String join(String path, String relative) {
    return path.isEmpty() ? relative : relative.isEmpty() || relative.startsWith("[") ? path + relative
        : path + "." + relative;
  }
}
