package dev.opsmind.server.auth;

import java.util.Locale;

/**
 * What a key may do, each role including the one before it:
 *
 * <ul>
 *   <li>{@link #READER}: ask (chat, completions, responses, embeddings, tokenize), search the
 *       collections it may read, rate its own answers;
 *   <li>{@link #OPERATOR}: a reader that may also run diagnoses and approve actions (the
 *       endpoints for those name this role);
 *   <li>{@link #ADMIN}: collections, uploads, document deletes, every collection readable,
 *       feedback and audit listings, keys (the config).
 * </ul>
 */
public enum Role {
  READER, OPERATOR, ADMIN;

  public static Role of(String name) {
    return valueOf(name.strip().toUpperCase(Locale.ROOT));
  }

  /** Whether this role may do what {@code needed} may. */
  public boolean atLeast(Role needed) {
    return compareTo(needed) >= 0;
  }

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
