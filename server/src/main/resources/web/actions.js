// The Actions tab (the actions API of issue 13): proposals with their argv, approve or reject
// (operators), run or dry-run approved ones, their output and their audit trail. A server
// without that API answers 404: the tab then says so instead of failing.

import { get, post } from "./api.js";
import { t } from "./i18n.js";
import { el, showError, when } from "./render.js";

const $ = (id) => document.getElementById(id);
const BASE = "/v1/actions/proposals";

export function initActions() {
  $("actions-refresh").addEventListener("click", loadProposals);
  $("action-state").addEventListener("change", loadProposals);
}

export async function loadProposals() {
  showError($("actions-error"), "");
  const state = $("action-state").value;
  let list;
  try {
    list = (await get(BASE + (state ? "?state=" + encodeURIComponent(state) : ""))).data || [];
  } catch (e) {
    if (e.status === 404 && e.code !== "proposal_not_found") {
      $("actions-missing").hidden = false;
      $("actions-body").hidden = true;
      return;
    }
    showError($("actions-error"), e.message);
    return;
  }
  $("actions-missing").hidden = true;
  $("actions-body").hidden = false;
  $("proposals").replaceChildren(...(list.length ? list.map(card) : [el("p", {}, t("act.none"))]));
}

function card(p) {
  const output = el("div", { class: "output" });
  const audit = el("div", { class: "audit" });
  const comment = el("input", { type: "text", placeholder: t("act.comment") });
  const dry = el("input", { type: "checkbox" });
  const decide = (verb) => async () => {
    try {
      await post(BASE + "/" + encodeURIComponent(p.id) + "/" + verb, comment.value ? { comment: comment.value } : {});
      await loadProposals();
    } catch (e) {
      showError($("actions-error"), e.message);
    }
  };
  const runIt = async () => {
    try {
      const result = await post(BASE + "/" + encodeURIComponent(p.id) + "/run", { dry_run: dry.checked });
      if (dry.checked) showOutput(output, result);
      else await loadProposals(); // the card comes back in its final state, with the stored result
    } catch (e) {
      showError($("actions-error"), e.message);
    }
  };
  const buttons = [];
  if (p.state === "pending") {
    buttons.push(comment, el("button", { type: "button", class: "approve", onclick: decide("approve") }, t("act.approve")),
      el("button", { type: "button", class: "reject", onclick: decide("reject") }, t("act.reject")));
  }
  if (p.state === "approved") {
    buttons.push(el("label", {}, dry, t("act.dryRun")),
      el("button", { type: "button", class: "run", onclick: runIt }, t("act.run")));
  }
  buttons.push(el("button", { type: "button", class: "audit-button", onclick: () => showAudit(p.id, audit) }, t("act.audit")));
  const box = el("article", { class: "proposal", "data-id": p.id, "data-state": p.state },
    el("h3", {}, p.action + " ", el("span", { class: "state" }, p.state), " ",
      el("span", { class: "risk risk-" + p.risk }, t("act.risk") + ": " + p.risk)),
    el("p", { class: "meta" }, t("act.by", { who: p.proposed_by, when: when(p.created_at) }), " · ",
      t("act.expires", { when: when(p.expires_at) })),
    p.rationale ? el("p", {}, p.rationale) : null,
    el("div", {}, t("act.args") + ": ", el("code", {}, JSON.stringify(p.arguments || {}))),
    el("div", {}, t("act.argv") + ": ", el("code", {}, (p.argv || []).join(" "))),
    p.source ? el("div", { class: "meta" }, t("act.source") + " " + sourceText(p.source)) : null,
    decision("act.approved", p.approval), decision("act.rejected", p.rejection),
    el("div", { class: "buttons" }, buttons), output, audit);
  if (p.result) showOutput(output, p.result);
  return box;
}

/** Who approved or rejected, when, and why (the proposal's approval / rejection objects). */
function decision(key, d) {
  if (!d || !d.by) return null;
  return el("div", { class: "meta decision" }, t(key, { who: d.by + (d.role ? " (" + d.role + ")" : ""), when: when(d.at) })
    + (d.comment ? ": " + d.comment : ""));
}

function sourceText(s) {
  if (typeof s === "string") return s;
  return [s.collection, s.path].filter(Boolean).join(" / ") + (s.start_line ? " (" + s.start_line + "–" + s.end_line + ")" : "");
}

function showOutput(target, r) {
  const stream = (name, s, cut) => (s === undefined || s === null || s === "" ? null : el("div", {}, el("h4", {}, name),
    el("pre", {}, String(s)), cut ? el("p", { class: "meta" }, t("act.truncated")) : null));
  // replaceChildren would print a null as "null": el() skips the missing parts
  target.replaceChildren(el("div", {}, el("h4", {}, t("act.output")),
    r.argv ? el("div", {}, el("code", {}, r.argv.join(" "))) : null,
    r.exit_code !== undefined ? el("p", {}, t("act.exit", { code: r.exit_code, ms: r.duration_ms })
      + (r.timed_out ? " · " + t("act.timedOut") : "")) : null,
    r.dry_run ? el("p", {}, t("act.dryRun") + (r.allowed === false ? " · " + r.argv[0] + " ✗" : " ✓")) : null,
    stream("stdout", r.stdout, r.stdout_truncated), stream("stderr", r.stderr, r.stderr_truncated)));
}

/** The audit entries that name this proposal (GET /v1/audit: admins only; others see the server's 403 message). */
async function showAudit(id, target) {
  try {
    const entries = ((await get("/v1/audit?limit=1000")).data || [])
      .filter((e) => Object.values(e).some((v) => v === id));
    target.replaceChildren(entries.length ? el("ol", { class: "plain" }, entries.map((e) => el("li", {},
      (e.time || e.ts || "") + " " + e.event + " " + (e.principal || "") + (e.role ? " (" + e.role + ")" : "")))) 
      : el("p", {}, t("act.auditNone")));
  } catch (e) {
    target.replaceChildren(el("p", { class: "error" }, e.message));
  }
}
