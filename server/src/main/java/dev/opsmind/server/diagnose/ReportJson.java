package dev.opsmind.server.diagnose;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opsmind.indexer.logs.detect.AnalysisResult;
import dev.opsmind.indexer.logs.detect.Findings.Burst;
import dev.opsmind.indexer.logs.detect.Findings.SessionFinding;
import dev.opsmind.indexer.logs.detect.Findings.TemplateFinding;
import dev.opsmind.indexer.logs.detect.Findings.TimelinePoint;
import dev.opsmind.indexer.logs.detect.LineRef;
import dev.opsmind.server.answer.Citation;

/** The report as JSON ({@code object: "diagnosis"}), the shape {@code POST /v1/diagnose} answers with. */
public final class ReportJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ReportJson() {}

  public static ObjectNode of(DiagnosisReport r) {
    ObjectNode o = JSON.createObjectNode();
    o.put("object", "diagnosis");
    ArrayNode inputs = o.putArray("inputs");
    r.inputs().forEach(inputs::add);
    o.put("lines", r.lines());
    o.put("records", r.records());
    o.put("unmatched_lines", r.unmatchedLines());
    AnalysisResult a = r.analysis();
    ObjectNode window = o.putObject("window");
    if (a.timed()) {
      window.put("start", Diagnoser.time(a.startMillis()));
      window.put("end", Diagnoser.time(a.endMillis()));
    } else {
      window.putNull("start");
      window.putNull("end");
    }
    window.put("baseline", a.baselineGiven() ? "given" : "first quarter of the window");
    o.put("summary", r.summary());
    o.put("root_cause", r.rootCause());
    o.put("generated", r.generated());
    o.put("templates", a.templates().size());
    ArrayNode top = o.putArray("anomalous_templates");
    for (TemplateFinding t : r.topTemplates()) top.add(template(t));
    o.put("sessions", a.sessionCount());
    ArrayNode sessions = o.putArray("anomalous_sessions");
    for (SessionFinding s : r.topSessions()) {
      ObjectNode n = sessions.addObject();
      n.put("key", s.key());
      n.put("lines", s.lines());
      n.set("first", line(s.first()));
      ArrayNode reasons = n.putArray("reasons");
      s.reasons().forEach(reasons::add);
      ArrayNode detectors = n.putArray("detectors");
      s.detectors().forEach(detectors::add);
    }
    if (a.firstError() != null) {
      ObjectNode fe = o.putObject("first_error");
      fe.set("line", line(a.firstError()));
      ArrayNode ctx = fe.putArray("context");
      for (LineRef l : a.context()) ctx.add(line(l));
    } else {
      o.putNull("first_error");
    }
    ArrayNode timeline = o.putArray("timeline");
    for (TimelinePoint p : a.timeline()) {
      ObjectNode n = timeline.addObject();
      if (p.bucket() >= 0) n.put("time", Diagnoser.time(p.bucket()));
      else n.put("records_from", (-p.bucket() - 1) * (long) a.recordsPerBucket() + 1);
      n.put("template_id", p.templateId());
      n.put("count", p.count());
    }
    ArrayNode runbooks = o.putArray("runbooks");
    for (Citation c : r.runbooks()) {
      ObjectNode n = runbooks.addObject();
      n.put("number", c.number());
      n.put("collection", c.collection());
      n.put("path", c.path());
      n.put("start_line", c.startLine());
      n.put("end_line", c.endLine());
      ArrayNode hp = n.putArray("heading_path");
      c.headingPath().forEach(hp::add);
      n.put("snippet", c.snippet());
    }
    ArrayNode steps = o.putArray("next_steps");
    for (DiagnosisReport.NextStep s : r.nextSteps()) {
      steps.addObject().put("text", s.text()).put("citation", s.citation());
    }
    return o;
  }

  static ObjectNode template(TemplateFinding t) {
    ObjectNode n = JSON.createObjectNode();
    n.put("id", t.id());
    n.put("template", t.template());
    n.put("count", t.count());
    n.put("error_lines", t.errors());
    n.put("new", t.isNew());
    n.put("error", t.error());
    ArrayNode bursts = n.putArray("bursts");
    for (Burst b : t.bursts()) {
      ObjectNode x = bursts.addObject();
      x.put("bucket", b.bucket() >= 0 ? Diagnoser.time(b.bucket()) : "records block " + (-b.bucket()));
      x.put("count", b.count());
      x.put("expected", Math.round(b.expected() * 100) / 100.0);
    }
    n.set("first_seen", line(t.first()));
    n.set("last_seen", line(t.last()));
    ArrayNode ex = n.putArray("examples");
    for (LineRef l : t.examples()) ex.add(line(l));
    return n;
  }

  static ObjectNode line(LineRef l) {
    ObjectNode n = JSON.createObjectNode();
    n.put("citation", l.citation());
    n.put("source", l.source());
    n.put("line", l.line());
    if (l.epochMillis() != Long.MIN_VALUE) n.put("time", Diagnoser.time(l.epochMillis()));
    if (l.level() != null) n.put("level", l.level());
    n.put("text", l.text());
    return n;
  }
}
