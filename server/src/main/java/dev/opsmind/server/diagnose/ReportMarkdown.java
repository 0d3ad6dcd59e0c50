package dev.opsmind.server.diagnose;

import dev.opsmind.indexer.logs.detect.AnalysisResult;
import dev.opsmind.indexer.logs.detect.Findings.SessionFinding;
import dev.opsmind.indexer.logs.detect.Findings.TemplateFinding;
import dev.opsmind.indexer.logs.detect.LineRef;
import dev.opsmind.server.answer.Citation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The report as Markdown, for people: summary, root cause, tables, example lines as file:line, runbooks, steps. */
public final class ReportMarkdown {
  private ReportMarkdown() {}

  public static String of(DiagnosisReport r) {
    AnalysisResult a = r.analysis();
    StringBuilder md = new StringBuilder("# Log diagnosis\n\n");
    md.append(r.summary()).append("\n\n");
    md.append("**Suspected root cause:** ").append(r.rootCause()).append("\n\n");
    md.append("## Anomalous templates\n\n");
    if (r.topTemplates().isEmpty()) {
      md.append("None.\n\n");
    } else {
      md.append("| id | template | lines | why | first seen |\n|---:|---|---:|---|---|\n");
      for (TemplateFinding t : r.topTemplates()) {
        md.append(String.format(Locale.ROOT, "| T%d | `%s` | %d | %s | %s |%n", t.id(), cell(t.template()), t.count(), why(t),
            t.first().citation()));
      }
      md.append('\n');
      for (TemplateFinding t : r.topTemplates().subList(0, Math.min(3, r.topTemplates().size()))) {
        md.append("**T").append(t.id()).append("** examples:\n\n```\n");
        for (LineRef l : t.examples()) md.append(l.citation()).append("  ").append(Diagnoser.firstLine(l.text())).append('\n');
        md.append("```\n\n");
      }
    }
    if (a.firstError() != null) {
      md.append("## First error\n\n```\n");
      for (LineRef l : a.context()) {
        md.append(l.line() == a.firstError().line() && l.source().equals(a.firstError().source()) ? "> " : "  ")
            .append(l.citation()).append("  ").append(Diagnoser.firstLine(l.text())).append('\n');
      }
      md.append("```\n\n");
    }
    if (!r.topSessions().isEmpty()) {
      md.append(String.format(Locale.ROOT, "## Anomalous sessions (%d of %d)%n%n| session | lines | first line | why |%n|---|---:|---|---|%n",
          a.sessions().size(), a.sessionCount()));
      for (SessionFinding s : r.topSessions()) {
        md.append(String.format(Locale.ROOT, "| %s | %d | %s | %s |%n", cell(s.key()), s.lines(), s.first().citation(),
            cell(String.join("; ", s.reasons()))));
      }
      md.append('\n');
    }
    md.append("## Runbooks\n\n");
    if (r.runbooks().isEmpty()) md.append("No runbook matched the anomalous templates (or no knowledge base was given).\n\n");
    for (Citation c : r.runbooks()) {
      md.append(String.format(Locale.ROOT, "[%d] %s/%s:%d-%d %s%n", c.number(), c.collection(), c.path(), c.startLine(),
          c.endLine(), c.headingPath().isEmpty() ? "" : "— " + String.join(" › ", c.headingPath())));
    }
    if (!r.nextSteps().isEmpty()) {
      md.append("\n## Suggested next steps\n\n");
      for (DiagnosisReport.NextStep s : r.nextSteps()) md.append("- ").append(s.text()).append(" [").append(s.citation()).append("]\n");
    }
    return md.toString();
  }

  private static String why(TemplateFinding t) {
    List<String> w = new ArrayList<>();
    if (t.error()) w.add(t.errors() + " error line(s)");
    if (t.isNew()) w.add("new");
    if (!t.bursts().isEmpty()) w.add(t.bursts().size() + " burst(s), peak " + t.bursts().stream().mapToLong(b -> b.count()).max().orElse(0));
    return String.join(", ", w);
  }

  private static String cell(String s) {
    return s.replace("|", "\\|").replace("\n", " ");
  }
}
