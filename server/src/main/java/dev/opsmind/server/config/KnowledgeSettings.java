package dev.opsmind.server.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The knowledge settings of {@link ServerConfig}: the embedders and the folders indexed at start.
 * The records are members of this interface so that {@link ServerConfig}, which implements it,
 * names them as its own ({@code ServerConfig.EmbedderEntry}): the config keeps one public shape
 * while each area of settings reads in a file of its own.
 */
public interface KnowledgeSettings {
  /**
   * One embedder: a bundled model's name or an embedder directory (model.onnx, tokenizer.json,
   * opsmind-embedder.json), and the languages ("en", "zh") it embeds here; empty: those the
   * model declares. In YAML a plain string is a name alone.
   */
  public record EmbedderEntry(String name, List<String> languages) {
    public EmbedderEntry {
      if (name == null || name.isBlank()) {
        throw new IllegalArgumentException("embedders: an entry has no name");
      }
      languages = languages == null ? List.of() : List.copyOf(languages);
      for (String language : languages) {
        if (!language.equals("en") && !language.equals("zh")) {
          throw new IllegalArgumentException("embedders: " + name + " has language '" + language + "': use en or zh");
        }
      }
    }

    @com.fasterxml.jackson.annotation.JsonCreator(mode = com.fasterxml.jackson.annotation.JsonCreator.Mode.DELEGATING)
    public static EmbedderEntry of(String name) {
      return new EmbedderEntry(name, List.of());
    }

    @com.fasterxml.jackson.annotation.JsonCreator(mode = com.fasterxml.jackson.annotation.JsonCreator.Mode.PROPERTIES)
    public static EmbedderEntry of(@JsonProperty("name") String name, @JsonProperty("languages") List<String> languages) {
      return new EmbedderEntry(name, languages);
    }

    /**
     * Parses "name[:lang+lang],name..." (the OPSMIND_EMBEDDERS form); "none" is the empty list.
     */
    public static List<EmbedderEntry> parseList(String text) {
      if (text.isBlank() || text.strip().equalsIgnoreCase("none")) {
        return List.of();
      }
      List<EmbedderEntry> out = new ArrayList<>();
      for (String item : text.split(",")) {
        String[] parts = item.strip().split(":", 2);
        out.add(new EmbedderEntry(parts[0].strip(), parts.length == 1 ? List.of()
            : List.of(parts[1].strip().split("\\+"))));
      }
      return out;
    }
  }

  /**
   * A folder indexed into {@code collection} at start (incrementally: unchanged files are
   * skipped). {@code readers} (principals, "*" = everyone) are set when the collection is created;
   * absent = admins only.
   */
  public record Source(String collection, Path path, List<String> readers) {
    public Source {
      readers = readers == null ? List.of() : List.copyOf(readers);
      if (collection == null || collection.isBlank()) {
        throw new IllegalArgumentException("sources[].collection must be a non-empty name");
      }
      if (path == null) {
        throw new IllegalArgumentException("sources[].path is missing for collection " + collection);
      }
    }
  }
}
