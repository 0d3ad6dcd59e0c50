// The Diagnose tab: pasted or uploaded logs go to POST /v1/diagnose; the report is rendered
// field by field as text (timeline, anomalous templates with example lines, first error,
// linked runbooks that open like citations, next steps).

import { stream } from "./api.js";
import { t } from "./i18n.js";
import { el, showError } from "./render.js";
import { openPassage } from "./passage.js";

const $ = (id) => document.getElementById(id);

export function initDiagnose(selectedCollections) {
  $("diagnose-form").addEventListener("submit", (e) => {
    e.preventDefault();
    run(selectedCollections());
  });
}

async function run(collections) {
  const logs = $("logs").value;
  const files = [...$("log-files").files];
  showError($("diagnose-error"), "");
  if (!logs.trim() && !files.length) {
    showError($("diagnose-error"), t("dx.needLogs"));
    return;
  }
  $("diagnose").disabled = true;
  $("diagnose-status").textContent = t("dx.running");
  $("report").replaceChildren();
  try {
    // Streamed: the server reports records read as it goes, then sends the report (or an error).
    let body;
    if (files.length) {
      body = new FormData();
      body.append("stream", "true");
      if (logs.trim()) body.append("logs", logs);
      for (const c of collections) body.append("collections", c);
      for (const file of files) body.append("file", file, file.name);
    } else {
      body = collections.length ? { logs, collections, stream: true } : { logs, stream: true };
    }
    let report = null;
    let failed = null;
    await stream("/v1/diagnose", body, (data, name) => {
      if (name === "progress") $("diagnose-status").textContent = t("dx.progress", { records: data.records, lines: data.lines });
      else if (name === "diagnosis") report = data;
      else if (name === "error") failed = (data.error && data.error.message) || "error";
    });
    if (failed || !report) throw new Error(failed || "no report");
    render(report);
    $("diagnose-status").textContent = "";
  } catch (e) {
    $("diagnose-status").textContent = "";
    showError($("diagnose-error"), e.status === 404 ? t("dx.missing") : e.message);
  } finally {
    $("diagnose").disabled = false;
  }
}

const line = (l) => el("div", { class: "logline" },
  el("span", { class: "cite-ref" }, l.citation || l.source + ":" + l.line), " ", l.text);

function render(r) {
  const parts = [
    el("h3", {}, t("dx.summary")), el("p", { class: "summary" }, r.summary || ""),
    el("p", { class: "stats" }, t("dx.stats", { lines: r.lines, records: r.records, templates: r.templates,
      unmatched: r.unmatched_lines })),
  ];
  if (r.window && r.window.start) parts.push(el("p", {}, t("dx.window") + ": " + r.window.start + " – " + r.window.end));
  if (r.root_cause) parts.push(el("h3", {}, t("dx.rootCause")), el("p", { class: "root-cause" }, r.root_cause));
  parts.push(el("h3", {}, t("dx.anomalous")));
  parts.push((r.anomalous_templates || []).length ? el("ol", { class: "templates" }, r.anomalous_templates.map((tp) =>
    el("li", {}, el("code", {}, tp.template),
      el("div", { class: "meta" }, t("dx.count") + " " + tp.count + " · " + t("dx.errors") + " " + tp.error_lines
        + (tp.new ? " · " + t("dx.new") : "")),
      el("details", {}, el("summary", {}, t("dx.examples")), (tp.examples || []).map(line)))))
    : el("p", {}, t("dx.none")));
  if (r.first_error) {
    parts.push(el("h3", {}, t("dx.firstError")), line(r.first_error.line),
      el("details", {}, el("summary", {}, "context"), (r.first_error.context || []).map(line)));
  }
  if ((r.timeline || []).length) {
    parts.push(el("h3", {}, t("dx.timeline")), el("table", { class: "grid timeline" },
      el("thead", {}, el("tr", {}, el("th", {}, t("dx.time")), el("th", {}, t("dx.template")), el("th", {}, t("dx.count")))),
      el("tbody", {}, r.timeline.slice(0, 200).map((p) => el("tr", {},
        el("td", {}, p.time || "#" + p.records_from), el("td", {}, p.template_id), el("td", {}, p.count))))));
  }
  if ((r.anomalous_sessions || []).length) {
    parts.push(el("h3", {}, t("dx.sessions")), el("ul", {}, r.anomalous_sessions.map((s) =>
      el("li", {}, s.key + " (" + s.lines + "): " + (s.reasons || []).join("; ")))));
  }
  if ((r.runbooks || []).length) {
    parts.push(el("h3", {}, t("dx.runbooks")), el("ol", { class: "plain" }, r.runbooks.map((c) => el("li", {},
      el("button", { type: "button", class: "source", onclick: () => openPassage(c, r.summary) },
        "[" + c.number + "] " + c.collection + " / " + c.path + " (" + c.start_line + "–" + c.end_line + ")")))));
  }
  if ((r.next_steps || []).length) {
    parts.push(el("h3", {}, t("dx.nextSteps")), el("ol", {}, r.next_steps.map((s) =>
      el("li", {}, s.text + (s.citation ? " [" + s.citation + "]" : "")))));
  }
  $("report").replaceChildren(...parts);
  $("report").dataset.state = "done";
}
