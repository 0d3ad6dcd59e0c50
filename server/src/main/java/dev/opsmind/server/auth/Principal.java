package dev.opsmind.server.auth;

/**
 * Who is calling: the principal an API key maps to. Collection ACLs name principals; admins may
 * ingest and delete. In open local mode (no keys configured) every caller is {@link #LOCAL}.
 */
public record Principal(String name, boolean admin) {
  public static final Principal LOCAL = new Principal("local", true);

  public Principal {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("principal name must be non-empty");
    }
  }
}
