package dev.opsmind.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.opsmind.server.TestRoots;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code opsmind eval-answers} in-process over the project's sample runbooks, with and without feedback. */
class EvalAnswersCommandTest {
  @TempDir Path tmp;

  @Test
  void scoresTheQuestionsByLanguageKindAndSplitAndWithFeedback() throws Exception {
    Path questions = tmp.resolve("questions.jsonl");
    Files.writeString(questions, String.join("\n",
        "{\"id\":\"q1\",\"language\":\"en\",\"kind\":\"direct\",\"split\":\"train\","
            + "\"question\":\"Node disk full: the node has no free disk space left, what should I do?\","
            + "\"expected_sources\":[\"disk-full.md\"],\"expected_keywords\":[\"du\"]}",
        "{\"id\":\"q2\",\"language\":\"en\",\"kind\":\"symptom\",\"split\":\"heldout\",\"messages\":[{\"role\":\"user\","
            + "\"content\":\"The MySQL replica is more than 300 seconds behind its primary: how do I fix replication lag?\"}],"
            + "\"expected_sources\":[\"mysql-replication-lag.md\"]}",
        ""));
    CliRun result = CliRun.of("eval-answers", "--questions", questions.toString(), "--runbooks",
        TestRoots.sampleRunbooks().toString(), "--distractors", "3", "--work", tmp.resolve("work").toString(),
        "--k", "3", "--split", "heldout", "--feedback-from", "train");
    assertEquals(0, result.code(), result.err());
    String out = result.out();
    assertTrue(out.contains("5 files of"), out); // the 2 expected sources + 3 distractors
    assertTrue(out.contains("| questions | n | recall@3 | hit@3 |"), out);
    assertTrue(out.contains("| all | 1 | 100.0% | 100.0% |"), out);
    assertTrue(out.contains("| split heldout | 1 |"), out);
    assertTrue(out.contains("with feedback from the 1 'train' questions"), out);

    CliRun bad = CliRun.of("eval-answers", "--questions", questions.toString(), "--split", "nope");
    assertEquals(2, bad.code(), bad.err());
  }
}
