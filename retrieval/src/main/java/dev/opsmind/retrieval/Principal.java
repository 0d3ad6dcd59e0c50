package dev.opsmind.retrieval;

/**
 * Who is asking: the server maps an API key to one of these. An admin reads every collection.
 */
public record Principal(String name, boolean admin) {
  public static final Principal ADMIN = new Principal("admin", true);

  public Principal {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("principal name must not be blank");
    }
  }

  public static Principal of(String name) {
    return new Principal(name, false);
  }
}
