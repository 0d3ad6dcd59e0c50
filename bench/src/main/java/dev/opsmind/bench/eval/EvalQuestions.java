package dev.opsmind.bench.eval;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/** Reads the JSONL evaluation sets under {@code bench/src/main/resources/eval/}. */
public final class EvalQuestions {

  /** The bundled runbook question set. */
  public static final String RUNBOOK_QUESTIONS = "/eval/runbook-questions.jsonl";

  private static final ObjectMapper JSON = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private EvalQuestions() {
  }

  /** The bundled runbook questions (classpath resource). */
  public static List<EvalQuestion> runbookQuestions() {
    try (InputStream in = EvalQuestions.class.getResourceAsStream(RUNBOOK_QUESTIONS)) {
      if (in == null) throw new IllegalStateException("classpath resource " + RUNBOOK_QUESTIONS + " is missing");
      return read(in, RUNBOOK_QUESTIONS);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Parses one question per non-blank line; ids must be unique. */
  public static List<EvalQuestion> read(InputStream in, String name) throws IOException {
    List<EvalQuestion> out = new ArrayList<>();
    var ids = new HashSet<String>();
    var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    int lineNo = 0;
    for (String line; (line = reader.readLine()) != null; ) {
      lineNo++;
      if (line.isBlank()) continue;
      EvalQuestion q;
      try {
        q = JSON.readValue(line, EvalQuestion.class);
      } catch (IOException | IllegalArgumentException e) {
        throw new IllegalArgumentException(name + " line " + lineNo + ": " + e.getMessage(), e);
      }
      if (!ids.add(q.id())) throw new IllegalArgumentException(name + " line " + lineNo + ": duplicate id " + q.id());
      out.add(q);
    }
    return out;
  }
}
