// Calls to the opsmind /v1 API with the operator's key (session storage: gone when the tab
// closes). Every failure becomes an ApiError carrying the server's own message.

const KEY = "opsmind.key";

export class ApiError extends Error {
  constructor(status, message, code) {
    super(message);
    this.status = status;
    this.code = code || null;
  }
}

export function apiKey() {
  return sessionStorage.getItem(KEY) || "";
}

export function setApiKey(key) {
  if (key) sessionStorage.setItem(KEY, key);
  else sessionStorage.removeItem(KEY);
}

function headers(extra) {
  const h = Object.assign({}, extra || {});
  const key = apiKey();
  if (key) h.Authorization = "Bearer " + key;
  return h;
}

/** The OpenAI error object's message, or the status line when the body is not one. */
async function failure(response) {
  let message = "HTTP " + response.status;
  let code = null;
  try {
    const body = await response.json();
    if (body && body.error && body.error.message) {
      message = body.error.message;
      code = body.error.code;
    }
  } catch (e) {
    // not JSON: keep the status line
  }
  return new ApiError(response.status, message, code);
}

async function send(method, path, body) {
  let response;
  try {
    const init = { method, headers: headers(body === undefined ? {} : { "Content-Type": "application/json" }) };
    if (body !== undefined) init.body = JSON.stringify(body);
    response = await fetch(path, init);
  } catch (e) {
    throw new ApiError(0, e.message || String(e), "network");
  }
  if (!response.ok) throw await failure(response);
  return response.json();
}

export const get = (path) => send("GET", path);
export const post = (path, body) => send("POST", path, body === undefined ? {} : body);

/** GET without a key, for the open /health route. */
export async function health() {
  const response = await fetch("/health");
  return response.json();
}

/**
 * POSTs {@code body} (an object sent as JSON, or FormData) and reads the reply as server-sent events: {@code onEvent(data, name)} for
 * each event's parsed JSON; resolves when the stream ends ({@code [DONE]} or the end of the body).
 */
export async function stream(path, body, onEvent) {
  let response;
  try {
    const form = body instanceof FormData; // multipart: the browser sets the boundary
    response = await fetch(path, {
      method: "POST",
      headers: headers(form ? { Accept: "text/event-stream" } : { "Content-Type": "application/json", Accept: "text/event-stream" }),
      body: form ? body : JSON.stringify(body),
    });
  } catch (e) {
    throw new ApiError(0, e.message || String(e), "network");
  }
  if (!response.ok) throw await failure(response);
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffered = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (value) buffered += decoder.decode(value, { stream: true });
    let cut;
    while ((cut = buffered.indexOf("\n\n")) >= 0) {
      const block = buffered.slice(0, cut);
      buffered = buffered.slice(cut + 2);
      let name = "message";
      const data = [];
      for (const line of block.split("\n")) {
        if (line.startsWith("event:")) name = line.slice(6).trim();
        else if (line.startsWith("data:")) data.push(line.slice(5).replace(/^ /, ""));
      }
      if (!data.length) continue;
      const text = data.join("\n");
      if (text === "[DONE]") return;
      onEvent(JSON.parse(text), name);
    }
    if (done) return;
  }
}

/**
 * Multipart upload with progress (fetch cannot report upload progress): {@code onProgress(0..100)}
 * while the bytes go out; resolves with the JSON reply once the server has indexed them.
 */
export function upload(path, files, onProgress, onSent) {
  return new Promise((resolve, reject) => {
    const form = new FormData();
    for (const file of files) form.append("file", file, file.name);
    const xhr = new XMLHttpRequest();
    xhr.open("POST", path);
    const key = apiKey();
    if (key) xhr.setRequestHeader("Authorization", "Bearer " + key);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(Math.round((100 * e.loaded) / e.total));
    };
    xhr.upload.onload = () => onSent();
    xhr.onerror = () => reject(new ApiError(0, "network error", "network"));
    xhr.onload = () => {
      let body = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch (e) {
        // below
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body);
      else reject(new ApiError(xhr.status, body && body.error ? body.error.message : "HTTP " + xhr.status,
        body && body.error ? body.error.code : null));
    };
    xhr.send(form);
  });
}

