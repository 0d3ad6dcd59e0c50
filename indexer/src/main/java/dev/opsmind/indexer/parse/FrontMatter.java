package dev.opsmind.indexer.parse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metadata block at the top of a Markdown file: YAML between {@code ---} lines (Jekyll, Hugo,
 * MkDocs) or TOML between {@code +++} lines (Hugo). Only the title is used.
 *
 * @param lineCount how many lines the block takes (0 when there is none)
 */
public record FrontMatter(int lineCount, Optional<String> title) {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Pattern TOML_TITLE = Pattern.compile("^title\\s*=\\s*[\"'](.*)[\"']\\s*$");
  static final FrontMatter NONE = new FrontMatter(0, Optional.empty());

  /** Finds the front matter at the start of {@code lines}; malformed YAML only loses the title. */
  public static FrontMatter of(List<String> lines) {
    if (lines.isEmpty()) return NONE;
    String fence = lines.get(0).strip();
    if (!fence.equals("---") && !fence.equals("+++")) return NONE;
    for (int i = 1; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.equals(fence) || (fence.equals("---") && line.equals("..."))) {
        List<String> body = lines.subList(1, i);
        return new FrontMatter(i + 1, fence.equals("---") ? yamlTitle(body) : tomlTitle(body));
      }
    }
    return NONE; // an opening fence without a closing one is a thematic break, not metadata
  }

  private static Optional<String> yamlTitle(List<String> body) {
    try {
      JsonNode node = YAML.readTree(String.join("\n", body));
      JsonNode title = node == null ? null : node.get("title");
      return title != null && title.isValueNode() && !title.asText().isBlank()
          ? Optional.of(title.asText().strip()) : Optional.empty();
    } catch (Exception e) {
      return Optional.empty();
    }
  }

  private static Optional<String> tomlTitle(List<String> body) {
    for (String line : body) {
      Matcher m = TOML_TITLE.matcher(line.strip());
      if (m.matches() && !m.group(1).isBlank()) return Optional.of(m.group(1).strip());
    }
    return Optional.empty();
  }
}
