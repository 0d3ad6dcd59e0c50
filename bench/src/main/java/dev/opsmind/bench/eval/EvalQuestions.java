package dev.opsmind.bench.eval;

import dev.opsmind.server.eval.EvalQuestion;
import dev.opsmind.server.eval.QuestionSet;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/** The JSONL evaluation sets bundled under {@code bench/src/main/resources/eval/}, read strictly ({@link QuestionSet#strict}). */
public final class EvalQuestions {

  /** The bundled runbook question set. */
  public static final String RUNBOOK_QUESTIONS = "/eval/runbook-questions.jsonl";

  private EvalQuestions() {
  }

  /** The bundled runbook questions (classpath resource). */
  public static List<EvalQuestion> runbookQuestions() {
    try (InputStream in = EvalQuestions.class.getResourceAsStream(RUNBOOK_QUESTIONS)) {
      if (in == null) throw new IllegalStateException("classpath resource " + RUNBOOK_QUESTIONS + " is missing");
      return QuestionSet.strict(in, RUNBOOK_QUESTIONS);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
