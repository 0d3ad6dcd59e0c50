package dev.opsmind.server.diagnose;

import dev.opsmind.indexer.logs.detect.Findings.TemplateFinding;
import dev.opsmind.retrieval.Principal;
import dev.opsmind.retrieval.search.SearchFilter;
import dev.opsmind.server.answer.Citation;
import dev.opsmind.server.answer.KnowledgeRetriever;
import dev.opsmind.server.answer.RetrievalQuery;
import dev.opsmind.server.answer.RunbookSteps;
import dev.opsmind.server.answer.SourcePassage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runbooks for the anomalous templates: each of the top templates (wildcards and punctuation
 * dropped) is a query to the knowledge base; the passages found are numbered citations, and the
 * steps in them (Diagnosis, Mitigation, ... sections, see {@link RunbookSteps}) become next steps.
 */
public final class RunbookLinks {
  static final int TEMPLATES_QUERIED = 3;
  static final int PASSAGES_PER_TEMPLATE = 2;
  static final int MAX_RUNBOOKS = 5;
  static final int MAX_STEPS = 8;

  private final KnowledgeRetriever retriever;
  private final Principal principal;
  private final SearchFilter filter;

  public RunbookLinks(KnowledgeRetriever retriever, Principal principal, SearchFilter filter) {
    if (retriever == null || principal == null || filter == null) {
      throw new IllegalArgumentException("runbook links need a retriever, a principal and a filter");
    }
    this.retriever = retriever;
    this.principal = principal;
    this.filter = filter;
  }

  /** The runbook citations and the steps drawn from them. */
  public record Links(List<Citation> citations, List<DiagnosisReport.NextStep> steps) {}

  /** The text searched for a template: its words, without wildcards and bare punctuation. */
  public static String query(TemplateFinding t) {
    StringBuilder q = new StringBuilder();
    for (String token : t.template().split("\\s+")) {
      String w = token.replace("<*>", " ").replaceAll("[^\\p{L}\\p{N}_.\\-/ ]", " ").strip();
      if (w.isEmpty() || w.chars().noneMatch(Character::isLetter)) continue;
      if (q.length() > 0) q.append(' ');
      q.append(w);
    }
    return q.toString();
  }

  public Links find(List<TemplateFinding> anomalous) {
    Map<String, SourcePassage> chosen = new LinkedHashMap<>();
    for (TemplateFinding t : anomalous.subList(0, Math.min(TEMPLATES_QUERIED, anomalous.size()))) {
      String q = query(t);
      if (q.isBlank()) continue;
      RetrievalQuery query = new RetrievalQuery(q, q, List.of(), false);
      for (SourcePassage p : retriever.retrieve(principal, query, filter, PASSAGES_PER_TEMPLATE)) {
        if (!Double.isNaN(p.vectorSimilarity()) && p.vectorSimilarity() < 0.5) continue;
        chosen.putIfAbsent(p.collection() + "\u0000" + p.path() + "\u0000" + p.startLine(), p);
        if (chosen.size() >= MAX_RUNBOOKS) break;
      }
      if (chosen.size() >= MAX_RUNBOOKS) break;
    }
    List<Citation> citations = new ArrayList<>();
    List<DiagnosisReport.NextStep> steps = new ArrayList<>();
    int n = 0;
    for (SourcePassage p : chosen.values()) {
      n++;
      String snippet = p.snippet().isBlank() ? shorten(p.text()) : p.snippet();
      citations.add(new Citation(n, p.source(), snippet, p.score()));
      for (String step : RunbookSteps.extract(p.headingPath(), p.text())) {
        if (steps.size() < MAX_STEPS) steps.add(new DiagnosisReport.NextStep(step, n));
      }
    }
    return new Links(citations, steps);
  }

  private static String shorten(String text) {
    String t = text.replaceAll("\\s+", " ").strip();
    return t.length() <= 240 ? t : t.substring(0, 239) + "…";
  }
}
