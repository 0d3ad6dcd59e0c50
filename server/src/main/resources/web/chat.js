// The Ask tab: a conversation with grounded answers streamed in (SSE), rendered as Markdown with
// numbered citations that open the passage, feedback per answer, and any proposed actions.

import { stream, post } from "./api.js";
import { t } from "./i18n.js";
import { el, renderMarkdown, showError } from "./render.js";
import { openPassage } from "./passage.js";

const $ = (id) => document.getElementById(id);
/** The conversation sent with each question: follow-ups keep it. */
let messages = [];
let busy = false;

export function initChat(selectedCollections) {
  $("ask-form").addEventListener("submit", (e) => {
    e.preventDefault();
    ask(selectedCollections());
  });
  $("question").addEventListener("keydown", (e) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      ask(selectedCollections());
    }
  });
  $("new-chat").addEventListener("click", () => {
    messages = [];
    $("conversation").replaceChildren();
    showError($("ask-error"), "");
  });
}

/** Fills the model picker: the grounded models (extractive included) that /v1/models lists. */
export function setModels(models) {
  const select = $("model");
  const previous = select.value;
  const grounded = models.filter((m) => m.id === "opsmind-extractive" || m.id.endsWith("+opsmind"));
  // generators first: a written answer is preferred when one is loaded
  grounded.sort((a, b) => (a.id === "opsmind-extractive") - (b.id === "opsmind-extractive"));
  select.replaceChildren(...grounded.map((m) => el("option", { value: m.id }, m.id)));
  if (grounded.some((m) => m.id === previous)) select.value = previous;
  $("ask").disabled = grounded.length === 0;
  showError($("ask-error"), grounded.length === 0 ? t("ask.noGrounded") : "");
}

async function ask(collections) {
  const question = $("question").value.trim();
  if (!question || busy) return;
  busy = true;
  $("ask").disabled = true;
  showError($("ask-error"), "");
  const conversation = $("conversation");
  conversation.append(el("div", { class: "turn user" }, el("div", { class: "who" }, t("ask.you")),
    el("div", { class: "text" }, question)));
  const body = el("div", { class: "markdown" });
  const status = el("div", { class: "status" }, t("ask.streaming"));
  const turn = el("div", { class: "turn assistant", "data-state": "streaming", "data-deltas": "0" },
    el("div", { class: "who" }, t("ask.assistant")), body, status);
  conversation.append(turn);
  turn.scrollIntoView({ block: "end" });
  const request = {
    model: $("model").value,
    messages: messages.concat([{ role: "user", content: question }]),
    stream: true,
    opsmind: collections.length ? { collections } : {},
  };
  let text = "";
  let deltas = 0;
  let ext = null;
  let pending = false;
  let settled = false; // a frame still pending after the last event must not repaint over the final answer
  const paint = () => {
    pending = false;
    if (!settled) renderMarkdown(body, text);
  };
  try {
    await stream("/v1/chat/completions", request, (event) => {
      if (event.opsmind) ext = event.opsmind;
      const choice = event.choices && event.choices[0];
      const delta = choice && choice.delta && choice.delta.content;
      if (delta) {
        text += delta;
        turn.dataset.deltas = String(++deltas);
        if (!pending) {
          pending = true;
          requestAnimationFrame(paint);
        }
      }
    });
    settled = true;
    const final = ext && typeof ext.content === "string" ? ext.content : text;
    finish(turn, body, status, final, ext);
    messages = request.messages.concat([{ role: "assistant", content: final }]);
    $("question").value = "";
  } catch (e) {
    turn.dataset.state = "failed";
    status.textContent = "";
    showError($("ask-error"), e.message);
  } finally {
    busy = false;
    $("ask").disabled = false;
  }
}

function finish(turn, body, status, text, ext) {
  const citations = new Map(((ext && ext.citations) || []).map((c) => [c.number, c]));
  const query = ext && ext.retrieval_query;
  renderMarkdown(body, text, (n) => (citations.has(n) ? () => openPassage(citations.get(n), query) : null));
  const notes = [];
  if (ext && ext.mode) notes.push(t("ask.mode", { mode: ext.mode }));
  if (ext && ext.fallback_reason) notes.push(t("ask.fallback", { reason: ext.fallback_reason }));
  if (ext && ext.relevance && ext.relevance.relevant === false) notes.push(t("ask.notRelevant"));
  status.textContent = notes.join(" · ");
  if (citations.size) {
    turn.append(el("div", { class: "sources" }, el("h3", {}, t("ask.sources")),
      el("ol", { class: "plain" }, [...citations.values()].map((c) => el("li", {},
        el("button", { type: "button", class: "source", "data-cite": c.number, onclick: () => openPassage(c, query) },
          "[" + c.number + "] " + c.collection + " / " + c.path
          + ((c.heading_path || []).length ? " › " + c.heading_path.join(" › ") : "")
          + " (" + c.start_line + "–" + c.end_line + ")"))))));
  }
  const proposed = (ext && ext.proposed_actions) || [];
  if (proposed.length) {
    turn.append(el("div", { class: "proposed" }, el("h3", {}, t("ask.proposed")),
      el("ul", { class: "plain" }, proposed.map((p) => el("li", {},
        (p.action || p.name || "") + (p.proposal ? " — " + p.proposal.state : "")
        + (p.proposal_id ? " (" + p.proposal_id + ")" : (p.missing || []).length ? " — " + t("ask.missingArgs",
          { names: p.missing.join(", ") }) : ""))))));
  }
  if (ext && ext.response_id) turn.append(feedback(ext.response_id));
  turn.dataset.state = "done";
}

function feedback(responseId) {
  let rating = 0;
  const comment = el("input", { type: "text", class: "fb-comment", placeholder: t("fb.comment"), maxlength: "4000" });
  const result = el("span", { class: "fb-result", role: "status" });
  const up = el("button", { type: "button", class: "fb-up", "aria-pressed": "false" }, t("fb.helpful"));
  const down = el("button", { type: "button", class: "fb-down", "aria-pressed": "false" }, t("fb.unhelpful"));
  const send = el("button", { type: "button", class: "fb-send", disabled: true }, t("fb.send"));
  const choose = (value) => {
    rating = value;
    up.setAttribute("aria-pressed", String(value === 1));
    down.setAttribute("aria-pressed", String(value === -1));
    send.disabled = false;
  };
  up.addEventListener("click", () => choose(1));
  down.addEventListener("click", () => choose(-1));
  send.addEventListener("click", async () => {
    send.disabled = true;
    const body = { response_id: responseId, rating };
    if (comment.value.trim()) body.comment = comment.value.trim();
    try {
      await post("/v1/feedback", body);
      result.textContent = t("fb.sent");
      result.dataset.state = "stored";
    } catch (e) {
      result.textContent = e.message;
      result.dataset.state = "failed";
      send.disabled = false;
    }
  });
  return el("div", { class: "feedback" }, up, down, comment, send, result);
}
