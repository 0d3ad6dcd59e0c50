// The source dialog: a citation's collection, path, section, lines and passage text. The text
// comes from POST /v1/search restricted to the cited document (the caller's ACLs apply); the
// cited excerpt is shown when search cannot find that exact passage.

import { post } from "./api.js";
import { t } from "./i18n.js";

const $ = (id) => document.getElementById(id);

/** Opens the dialog for {@code c} ({number, collection, path, start_line, end_line, heading_path, snippet}). */
export async function openPassage(c, query) {
  const dialog = $("passage");
  $("passage-title").textContent = t("cite.title", { n: c.number });
  $("passage-collection").textContent = c.collection || "";
  $("passage-path").textContent = c.path || "";
  $("passage-headings").textContent = (c.heading_path || []).join(" › ");
  $("passage-lines").textContent = c.start_line ? c.start_line + "–" + c.end_line : "";
  $("passage-text").textContent = c.snippet || "";
  $("passage-note").textContent = t("cite.loading");
  dialog.dataset.state = "loading";
  if (!dialog.open) dialog.showModal();
  try {
    const text = await passageText(c, query);
    $("passage-text").textContent = text != null ? text : c.snippet || "";
    $("passage-note").textContent = text != null ? "" : t("cite.snippet");
  } catch (e) {
    $("passage-note").textContent = e.message;
  }
  dialog.dataset.state = "loaded";
}

async function passageText(c, query) {
  const q = [query, (c.heading_path || []).join(" "), c.snippet].filter((s) => s && s.trim()).join(" ").slice(0, 2000);
  const result = await post("/v1/search", {
    query: q || c.path,
    collections: [c.collection],
    filters: { path_prefix: c.path },
    top_k: 50,
    snippets: false,
  });
  const hits = (result.data || []).filter((h) => h.citation && h.citation.path === c.path);
  const exact = hits.find((h) => h.citation.start_line === c.start_line);
  const covering = hits.find((h) => h.citation.start_line <= c.start_line && h.citation.end_line >= c.end_line);
  const hit = exact || covering;
  return hit ? hit.text : null;
}
