// The Knowledge tab: collections (also the Ask tab's picker), a collection's documents, and
// uploads (admin) with upload progress, then the server's indexing result.

import { get, upload } from "./api.js";
import { t } from "./i18n.js";
import { el, showError, when } from "./render.js";

const $ = (id) => document.getElementById(id);

export function initKnowledge() {
  $("upload-form").addEventListener("submit", (e) => {
    e.preventDefault();
    sendFiles();
  });
}

/** The collections ticked in the Ask tab (none ticked: all the caller may read). */
export function selectedCollections() {
  return [...document.querySelectorAll("#collections input:checked")].map((i) => i.value);
}

export async function loadCollections() {
  showError($("kb-error"), "");
  let list;
  try {
    list = (await get("/v1/collections")).data || [];
  } catch (e) {
    showError($("kb-error"), e.status === 404 ? t("kb.noIndex") : e.message);
    $("collections").hidden = true;
    return;
  }
  $("collections").hidden = false;
  const ticked = new Set(selectedCollections());
  const legend = $("collections").querySelector("legend");
  $("collections").replaceChildren(legend, ...list.map((c) => el("label", { class: "check" },
    el("input", { type: "checkbox", value: c.id, checked: ticked.has(c.id) }), c.id)));
  $("collection-table").tBodies[0].replaceChildren(...list.map((c) => el("tr", { "data-collection": c.id },
    el("td", {}, c.id), el("td", {}, c.description || ""), el("td", {}, c.chunks === undefined ? "" : c.chunks),
    el("td", {}, el("button", { type: "button", class: "docs", onclick: () => loadDocuments(c.id) }, t("kb.show"))))));
  if (!list.length) showError($("kb-error"), t("kb.none"));
  const target = $("upload-collection");
  const previous = target.value;
  target.replaceChildren(...list.map((c) => el("option", { value: c.id }, c.id)));
  if (list.some((c) => c.id === previous)) target.value = previous;
}

export async function loadDocuments(collection) {
  showError($("kb-error"), "");
  $("documents-title").textContent = t("kb.documentsOf", { c: collection });
  $("document-table").dataset.collection = collection;
  try {
    const docs = (await get("/v1/collections/" + encodeURIComponent(collection) + "/documents")).data || [];
    $("document-table").tBodies[0].replaceChildren(...docs.map((d) => el("tr", {},
      el("td", {}, d.id), el("td", {}, d.source_type || ""), el("td", {}, d.chunks), el("td", {}, when(d.modified)))));
  } catch (e) {
    showError($("kb-error"), e.message);
  }
}

async function sendFiles() {
  const files = [...$("upload-files").files];
  const collection = $("upload-collection").value;
  showError($("upload-error"), "");
  if (!files.length || !collection) {
    showError($("upload-error"), t("kb.chooseFiles"));
    return;
  }
  const progress = $("upload-progress");
  const status = $("upload-status");
  progress.hidden = false;
  progress.value = 0;
  $("upload").disabled = true;
  $("upload-results").replaceChildren();
  try {
    const reply = await upload("/v1/collections/" + encodeURIComponent(collection) + "/documents", files,
      (p) => {
        progress.value = p;
        status.textContent = t("kb.uploading", { p });
      },
      () => {
        progress.removeAttribute("value"); // indeterminate while the server indexes
        status.textContent = t("kb.indexing");
      });
    const docs = reply.data || [];
    progress.value = 100;
    status.textContent = t("kb.done", { n: docs.length });
    $("upload-results").replaceChildren(...docs.map((d) => el("li", {},
      t("kb.result", { path: d.id, status: d.status, chunks: d.chunks }))));
    await loadCollections();
    await loadDocuments(collection);
  } catch (e) {
    status.textContent = "";
    progress.hidden = true;
    showError($("upload-error"), e.message);
  } finally {
    $("upload").disabled = false;
  }
}

