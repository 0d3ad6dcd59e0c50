// The operator page: wires the API key, the language, the tabs and the start-up banner to the
// tab modules. Loaded as an ES module; the server renames every file by its content hash.

import { apiKey, setApiKey, get, health } from "./api.js";
import { initialLanguage, setLanguage, t } from "./i18n.js";
import { initChat, setModels } from "./chat.js";
import { initKnowledge, loadCollections, selectedCollections } from "./knowledge.js";
import { initDiagnose } from "./diagnose.js";
import { initActions, loadProposals } from "./actions.js";

const $ = (id) => document.getElementById(id);

function showTab(name) {
  for (const button of document.querySelectorAll("#tabs [data-tab]")) {
    button.setAttribute("aria-selected", String(button.dataset.tab === name));
  }
  for (const section of document.querySelectorAll("main > .tab")) section.hidden = section.id !== "tab-" + name;
  if (name === "actions") loadProposals();
  if (name === "knowledge") loadCollections();
}

/** Checks the key against /v1/models: the models fill the picker; a refusal shows the server's words. */
let connecting = 0;

async function connect() {
  const status = $("key-status");
  const attempt = ++connecting; // a slower answer for an earlier key must not overwrite this one's
  status.dataset.state = "checking";
  try {
    const models = (await get("/v1/models")).data || [];
    if (attempt !== connecting) return;
    setModels(models);
    status.textContent = apiKey() ? t("key.ok", { n: models.length }) : t("key.open");
    status.dataset.state = "ok";
    await loadCollections();
  } catch (e) {
    if (attempt !== connecting) return;
    status.textContent = e.message + (apiKey() ? "" : " " + t("key.none"));
    status.dataset.state = "error";
  }
}

/** While the server indexes its configured sources at start, /health says how far it got. */
async function watchStartup() {
  try {
    const h = await health();
    if (h.status === "indexing") {
      $("banner").hidden = false;
      $("banner").textContent = t("kb.startup", { message: h.message || "" });
      setTimeout(watchStartup, 2000);
      return;
    }
  } catch (e) {
    // the key status tells when the server is unreachable
  }
  $("banner").hidden = true;
}

function start() {
  setLanguage(initialLanguage(), false);
  $("lang").value = document.documentElement.lang.startsWith("zh") ? "zh" : "en";
  $("lang").addEventListener("change", () => {
    setLanguage($("lang").value, true);
    connect();
  });
  $("api-key").value = apiKey();
  $("key-form").addEventListener("submit", (e) => {
    e.preventDefault();
    setApiKey($("api-key").value.trim());
    connect();
  });
  $("key-forget").addEventListener("click", () => {
    setApiKey("");
    $("api-key").value = "";
    connect();
  });
  for (const button of document.querySelectorAll("#tabs [data-tab]")) {
    button.addEventListener("click", () => showTab(button.dataset.tab));
  }
  initChat(selectedCollections);
  initKnowledge();
  initDiagnose(selectedCollections);
  initActions();
  showTab("ask");
  watchStartup();
  connect();
  document.body.dataset.ready = "true";
}

start();
