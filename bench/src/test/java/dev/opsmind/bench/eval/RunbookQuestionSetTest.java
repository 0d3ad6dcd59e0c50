package dev.opsmind.bench.eval;

import dev.opsmind.server.eval.EvalQuestion;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunbookQuestionSetTest {

  private final List<EvalQuestion> questions = EvalQuestions.runbookQuestions();

  @Test
  void setHasTheAgreedShape() {
    int n = questions.size();
    assertTrue(n >= 150, "at least 150 questions, got " + n);
    Map<String, Long> byLanguage = questions.stream().collect(Collectors.groupingBy(EvalQuestion::language, Collectors.counting()));
    assertTrue(byLanguage.getOrDefault("zh", 0L) >= 0.4 * n, "at least 40% Chinese questions: " + byLanguage);
    Map<String, Long> byKind = questions.stream().collect(Collectors.groupingBy(EvalQuestion::kind, Collectors.counting()));
    assertTrue(byKind.getOrDefault("followup", 0L) >= 0.2 * n, "at least 20% follow-ups: " + byKind);
    assertTrue(byKind.getOrDefault("symptom", 0L) >= 0.4 * n, "at least 40% symptom-style: " + byKind);
    for (String language : EvalQuestion.LANGUAGES) {
      for (String kind : EvalQuestion.KINDS) {
        assertTrue(questions.stream().anyMatch(q -> q.language().equals(language) && q.kind().equals(kind)),
            "no " + kind + " question in " + language);
      }
    }
    long test = questions.stream().filter(q -> q.split().equals("test")).count();
    double share = (double) test / n;
    assertTrue(share >= 0.45 && share <= 0.55, "the test half should be about half, got " + share);
    long testZhFollowUps = questions.stream()
        .filter(q -> q.split().equals("test") && q.language().equals("zh") && q.kind().equals("followup")).count();
    assertTrue(testZhFollowUps >= 10, "the test half needs Chinese follow-ups to measure them: " + testZhFollowUps);
  }

  @Test
  void questionsDoNotRepeatTheRunbookName() {
    for (EvalQuestion q : questions) {
      String asked = q.question().toLowerCase(Locale.ROOT);
      for (String source : q.expectedSources()) {
        String file = Path.of(source).getFileName().toString().replaceFirst("\\.md$", "").toLowerCase(Locale.ROOT);
        assertFalse(asked.contains(file), q.id() + " copies the runbook name '" + file + "' into the question");
      }
    }
  }

  @Test
  void sourcesExistAndContainTheKeywords() throws IOException {
    Path runbooks = sharedDir().resolve("data/runbooks");
    Assumptions.assumeTrue(Files.isDirectory(runbooks), "../shared/data absent: skipping source and keyword checks (" + runbooks + ")");
    List<String> problems = new ArrayList<>();
    for (EvalQuestion q : questions) {
      for (String source : q.expectedSources()) {
        if (!Files.isRegularFile(runbooks.resolve(source))) problems.add(q.id() + ": no file " + source);
      }
      Path primary = runbooks.resolve(q.expectedSources().getFirst());
      if (!Files.isRegularFile(primary)) continue;
      String text = Files.readString(primary).toLowerCase(Locale.ROOT);
      String asked = q.question().toLowerCase(Locale.ROOT);
      for (String title : titles(text)) {
        if (asked.contains(title)) {
          problems.add(q.id() + ": the question copies the runbook title '" + title + "'");
        }
      }
      for (String keyword : q.expectedKeywords()) {
        if (!text.contains(keyword.toLowerCase(Locale.ROOT))) {
          problems.add(q.id() + ": keyword '" + keyword + "' not in " + q.expectedSources().getFirst());
        }
      }
    }
    assertEquals(List.of(), problems);
  }

  @Test
  void badLinesAreRejectedWithTheLineNumber() {
    String line = "{\"id\":\"x\",\"language\":\"fr\",\"messages\":[{\"role\":\"user\",\"content\":\"q\"}],"
        + "\"expected_sources\":[\"a.md\"],\"expected_keywords\":[\"k\"],\"kind\":\"direct\",\"split\":\"train\"}";
    var e = assertThrows(IllegalArgumentException.class, () -> dev.opsmind.server.eval.QuestionSet.strict(
        new ByteArrayInputStream(("\n" + line + "\n").getBytes(StandardCharsets.UTF_8)), "t.jsonl"));
    assertTrue(e.getMessage().contains("t.jsonl line 2") && e.getMessage().contains("language"), e.getMessage());
  }

  /** The front-matter title and the first level-1 heading of a (lower-cased) Markdown file. */
  static List<String> titles(String markdown) {
    List<String> out = new ArrayList<>();
    var title = java.util.regex.Pattern.compile("(?m)^title:\\s*\"?([^\"\\n]+?)\"?\\s*$").matcher(markdown);
    if (title.find()) {
      out.add(title.group(1).strip());
    }
    var h1 = java.util.regex.Pattern.compile("(?m)^#\\s+(.+?)\\s*$").matcher(markdown);
    if (h1.find()) {
      out.add(h1.group(1).strip());
    }
    return out;
  }

  static Path sharedDir() {
    String env = System.getenv("OPSMIND_SHARED_DIR");
    if (env != null && !env.isBlank()) return Path.of(env);
    return Path.of(System.getProperty("opsmind.root", ".")).resolve("../shared");
  }
}
