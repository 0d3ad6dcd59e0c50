package dev.opsmind.server.http;

/**
 * An error with a definite HTTP status and OpenAI error fields (type, code). Bad request bodies are
 * plain {@link IllegalArgumentException}s ({@link InvalidRequestException} when a field is known);
 * this type is for the other statuses: 401, 403, 404, 413, 429, 503.
 */
public final class ApiException extends RuntimeException {
  private final int status;
  private final String type;
  private final String code;
  private final String param;
  private final int retryAfterSeconds;

  public ApiException(int status, String type, String code, String param, String message, int retryAfterSeconds) {
    super(message);
    this.status = status;
    this.type = type;
    this.code = code;
    this.param = param;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public static ApiException invalidApiKey(String message) {
    return new ApiException(401, "invalid_request_error", "invalid_api_key", null, message, 0);
  }

  public static ApiException forbidden(String message) {
    return new ApiException(403, "permission_error", "insufficient_permissions", null, message, 0);
  }

  public static ApiException modelNotFound(String model) {
    return new ApiException(404, "invalid_request_error", "model_not_found", "model",
        "The model '" + model + "' does not exist", 0);
  }

  /** OpenAI's answer to a prompt the model's context cannot hold (with room for one new token). */
  public static ApiException contextLengthExceeded(String param, int promptTokens, int contextLength) {
    return new ApiException(400, "invalid_request_error", "context_length_exceeded", param,
        "This model's maximum context length is " + contextLength + " tokens. However, your '" + param
            + "' resulted in " + promptTokens + " tokens, leaving no room to generate. Please shorten it.", 0);
  }

  public static ApiException notFound(String code, String message) {
    return new ApiException(404, "invalid_request_error", code, null, message, 0);
  }

  public static ApiException queueFull(int retryAfterSeconds) {
    return new ApiException(429, "rate_limit_error", "queue_full", null,
        "The server is at capacity: the generation queue is full. Retry after "
            + retryAfterSeconds + " s.", retryAfterSeconds);
  }

  /** A per-principal quota is used up (stored feedback, stored responses): OpenAI's 429 insufficient_quota. */
  public static ApiException quotaExceeded(String message) {
    return new ApiException(429, "insufficient_quota", "insufficient_quota", null, message, 0);
  }

  /** Too many requests from one principal: 429 with a Retry-After. */
  public static ApiException rateLimited(int retryAfterSeconds) {
    return new ApiException(429, "rate_limit_error", "rate_limit_exceeded", null,
        "Rate limit reached for this API key. Retry after " + retryAfterSeconds + " s.", retryAfterSeconds);
  }

  /** The request conflicts with the server's configuration or state. */
  public static ApiException conflict(String code, String message) {
    return new ApiException(409, "invalid_request_error", code, null, message, 0);
  }

  public static ApiException unavailable(String message) {
    return new ApiException(503, "server_error", "unavailable", null, message, 1);
  }

  public int status() {
    return status;
  }

  public String type() {
    return type;
  }

  public String code() {
    return code;
  }

  public String param() {
    return param;
  }

  /** Seconds for a Retry-After header; 0 = none. */
  public int retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
