package dev.opsmind.retrieval;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A named set of sources with the principals allowed to read it. {@value #EVERYONE} among the
 * readers lets every principal read; an empty list leaves it to admins.
 */
public record KnowledgeCollection(String name, List<String> readers, String description) {
  public static final String EVERYONE = "*";
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  public KnowledgeCollection {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("collection name '" + name
          + "' is invalid: use 1-128 letters, digits, '.', '_' or '-', starting with a letter or digit");
    }
    readers = readers == null ? List.of() : List.copyOf(readers);
    for (String reader : readers) {
      if (reader == null || reader.isBlank()) {
        throw new IllegalArgumentException("collection " + name + ": reader principals must not be blank");
      }
    }
    description = description == null ? "" : description;
  }

  /** Whether {@code principal} may read this collection. */
  public boolean readableBy(Principal principal) {
    return principal.admin() || readers.contains(EVERYONE) || readers.contains(principal.name());
  }
}
