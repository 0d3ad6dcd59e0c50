package dev.opsmind.inference.embed;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * An operator's own sentence encoder: a directory holding the ONNX graph ({@value #MODEL}), the
 * Hugging Face tokenizer ({@value #TOKENIZER}) and a small descriptor ({@value #DESCRIPTOR}):
 *
 * <pre>{@code
 * {"name": "bge-m3", "dimension": 1024, "pooling": "cls", "max_tokens": 8192,
 *  "query_instruction": "", "languages": ["zh", "en"], "lowercase": false, "dynamically_quantized": false}
 * }</pre>
 *
 * {@code name} (default: the directory's name), {@code lowercase} and {@code dynamically_quantized}
 * (default false) are optional; unknown fields are refused, so that a misspelt one is not silently
 * ignored. Every refusal is an IllegalArgumentException naming the file, and the field where one is
 * at fault.
 */
public final class EmbedderDirectory {
  public static final String MODEL = "model.onnx";
  public static final String TOKENIZER = "tokenizer.json";
  public static final String DESCRIPTOR = "opsmind-embedder.json";

  private static final Set<String> FIELDS = Set.of("name", "dimension", "pooling", "max_tokens", "query_instruction",
      "languages", "lowercase", "dynamically_quantized");

  private EmbedderDirectory() {}

  /** Whether {@code dir} looks like an embedder directory (it has a descriptor), usable or not. */
  public static boolean isEmbedderDirectory(Path dir) {
    return Files.isRegularFile(dir.resolve(DESCRIPTOR));
  }

  static EmbedderSpec read(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("embedder directory " + dir + " does not exist or is not a directory");
    }
    for (String file : List.of(DESCRIPTOR, MODEL, TOKENIZER)) {
      if (!Files.isRegularFile(dir.resolve(file))) {
        throw new IllegalArgumentException("embedder directory " + dir + " has no " + file);
      }
    }
    Path descriptor = dir.resolve(DESCRIPTOR);
    JsonNode json;
    try {
      json = new ObjectMapper().readTree(descriptor.toFile());
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(descriptor + ": malformed JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + descriptor, e);
    }
    if (json == null || !json.isObject()) {
      throw new IllegalArgumentException(descriptor + ": malformed JSON: expected an object");
    }
    for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
      String field = names.next();
      if (!FIELDS.contains(field)) {
        throw new IllegalArgumentException(descriptor + ": unknown field '" + field + "' (known: "
            + String.join(", ", FIELDS.stream().sorted().toList()) + ")");
      }
    }
    Fields f = new Fields(descriptor, json);
    String name = json.has("name") ? f.text("name") : dir.toAbsolutePath().normalize().getFileName().toString();
    if (name.isBlank()) {
      throw new IllegalArgumentException(descriptor + ": field 'name' must not be blank");
    }
    int dimension = f.positiveInt("dimension", 1);
    Pooling pooling = switch (f.text("pooling").toLowerCase(Locale.ROOT)) {
      case "cls" -> Pooling.CLS;
      case "mean" -> Pooling.MEAN;
      default -> throw new IllegalArgumentException(descriptor + ": field 'pooling' must be \"cls\" or \"mean\", got "
          + json.get("pooling"));
    };
    int maxTokens = f.positiveInt("max_tokens", 3);
    String instruction = f.text("query_instruction");
    List<String> languages = f.languages();
    boolean lowercase = f.optionalBoolean("lowercase");
    boolean quantized = f.optionalBoolean("dynamically_quantized");
    return new EmbedderSpec(name, MODEL, TOKENIZER, dimension, pooling, maxTokens, lowercase, instruction, quantized,
        languages, dir);
  }

  /** Reads one field each, with a refusal naming the file and the field. */
  private record Fields(Path file, JsonNode json) {
    JsonNode required(String field) {
      JsonNode node = json.get(field);
      if (node == null || node.isNull()) {
        throw new IllegalArgumentException(file + ": field '" + field + "' is missing");
      }
      return node;
    }

    String text(String field) {
      JsonNode node = required(field);
      if (!node.isTextual()) {
        throw new IllegalArgumentException(file + ": field '" + field + "' must be a string, got " + node);
      }
      return node.asText();
    }

    int positiveInt(String field, int min) {
      JsonNode node = required(field);
      if (!node.isIntegralNumber() || !node.canConvertToInt() || node.asInt() < min) {
        throw new IllegalArgumentException(file + ": field '" + field + "' must be an integer >= " + min + ", got " + node);
      }
      return node.asInt();
    }

    boolean optionalBoolean(String field) {
      JsonNode node = json.get(field);
      if (node == null || node.isNull()) {
        return false;
      }
      if (!node.isBoolean()) {
        throw new IllegalArgumentException(file + ": field '" + field + "' must be true or false, got " + node);
      }
      return node.asBoolean();
    }

    List<String> languages() {
      JsonNode node = required("languages");
      if (!node.isArray() || node.isEmpty()) {
        throw new IllegalArgumentException(file + ": field 'languages' must be a non-empty list of \"en\", \"zh\", got "
            + node);
      }
      List<String> out = new ArrayList<>();
      for (JsonNode language : node) {
        if (!language.isTextual() || !Set.of("en", "zh").contains(language.asText())) {
          throw new IllegalArgumentException(file + ": field 'languages' may hold only \"en\" and \"zh\", got "
              + language);
        }
        if (!out.contains(language.asText())) {
          out.add(language.asText());
        }
      }
      return out;
    }
  }
}
