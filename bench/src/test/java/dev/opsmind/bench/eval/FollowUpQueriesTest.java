package dev.opsmind.bench.eval;

import dev.opsmind.server.eval.EvalQuestion;
import dev.opsmind.server.answer.RetrievalQuery;
import dev.opsmind.inference.tokenizer.ChatMessage;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The retrieval query of every follow-up in the tune half of the evaluation set carries the
 * earlier topic. Only the tune half: the test half measures how follow-up handling generalises,
 * so nothing may be fitted to it.
 */
class FollowUpQueriesTest {

  @Test
  void everyFollowUpIsDetectedAndExpanded() {
    List<String> problems = new ArrayList<>();
    for (EvalQuestion q : EvalQuestions.runbookQuestions().stream().filter(q -> q.split().equals("tune")).toList()) {
      List<ChatMessage> turns = q.messages();
      RetrievalQuery query = RetrievalQuery.of(turns);
      if (q.kind().equals("followup") && (!query.followUp() || query.contextTerms().isEmpty())) {
        problems.add(q.id() + " not expanded: " + q.question());
      }
      if (!q.kind().equals("followup") && !query.text().equals(q.question().strip())) {
        problems.add(q.id() + " is a single question but was changed to: " + query.text());
      }
    }
    assertEquals(List.of(), problems);
  }
}
