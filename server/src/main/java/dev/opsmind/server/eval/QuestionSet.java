package dev.opsmind.server.eval;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.opsmind.inference.tokenizer.ChatMessage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Reads a JSONL question set, one {@link EvalQuestion} per non-blank line; errors name the line.
 * Two modes: {@link #strict} for the bundled set (every field, known values, no unknown fields,
 * unique ids: bench's studies rely on it) and {@link #lenient} for a user's own file ({@code
 * opsmind eval-answers}: {@code messages} or a single {@code question}, and {@code
 * expected_sources}; the rest optional).
 */
public final class QuestionSet {
  private static final ObjectMapper STRICT = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  private static final ObjectMapper LENIENT = new ObjectMapper();

  private QuestionSet() {}

  /** The bundled set's rules; ids must be unique. */
  public static List<EvalQuestion> strict(InputStream in, String name) throws IOException {
    var ids = new HashSet<String>();
    return read(in, name, (line, where) -> {
      EvalQuestion q;
      try {
        q = STRICT.readValue(line, EvalQuestion.class);
        q.checkStrict();
      } catch (IOException | IllegalArgumentException e) {
        throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
      }
      if (!ids.add(q.id())) throw new IllegalArgumentException(where + ": duplicate id " + q.id());
      return q;
    });
  }

  /** A user's set: {@code messages} (array) or {@code question} (string), and {@code expected_sources}. */
  public static List<EvalQuestion> lenient(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return read(in, file.toString(), (line, where) -> {
        try {
          return lenient(LENIENT.readTree(line), where);
        } catch (IOException e) {
          throw new UncheckedIOException(where + ": " + e.getMessage(), e);
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read questions " + file, e);
    }
  }

  private static EvalQuestion lenient(JsonNode n, String where) {
    List<ChatMessage> messages = new ArrayList<>();
    if (n.path("messages").isArray()) {
      for (JsonNode m : n.get("messages")) {
        if (!m.path("role").isTextual() || !m.path("content").isTextual()) {
          throw new IllegalArgumentException(where + ": each message needs 'role' and 'content' strings");
        }
        messages.add(new ChatMessage(m.get("role").textValue(), m.get("content").textValue()));
      }
    } else if (n.path("question").isTextual()) {
      messages.add(ChatMessage.user(n.get("question").asText()));
    } else {
      throw new IllegalArgumentException(where + ": a question needs 'messages' (array) or 'question' (string)");
    }
    if (!n.path("expected_sources").isArray()) {
      throw new IllegalArgumentException(where + ": a question needs an 'expected_sources' array");
    }
    return new EvalQuestion(n.path("id").asText(where), n.path("language").asText("?"), messages,
        strings(n.get("expected_sources")), strings(n.path("expected_keywords")), n.path("kind").asText("?"),
        n.path("split").asText(""));
  }

  private static List<String> strings(JsonNode array) {
    var out = new ArrayList<String>();
    array.forEach(v -> out.add(v.asText()));
    return out;
  }

  private static List<EvalQuestion> read(InputStream in, String name, BiFunction<String, String, EvalQuestion> parse)
      throws IOException {
    List<EvalQuestion> out = new ArrayList<>();
    var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    int lineNo = 0;
    for (String line; (line = reader.readLine()) != null; ) {
      lineNo++;
      if (!line.isBlank()) {
        out.add(parse.apply(line, name + " line " + lineNo));
      }
    }
    return out;
  }
}
