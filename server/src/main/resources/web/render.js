// Safe rendering. Text from answers, runbooks and logs is never inserted as markup except
// through markdown-it with raw HTML off (escaped, not parsed) and links held to http(s)/mailto/
// relative; everything else goes in through textContent. The page's CSP forbids inline
// scripts as a second wall.

import markdownit from "./vendor/markdown-it.mjs";

const md = markdownit({ html: false, linkify: false, typographer: false, breaks: false });
md.disable("image"); // no image fetches from answer text: an image is shown as its alt text and link
const SAFE_SCHEMES = new Set(["http", "https", "mailto"]);
md.validateLink = (url) => {
  const scheme = /^\s*([a-z][a-z0-9+.-]*):/i.exec(url);
  return !scheme || SAFE_SCHEMES.has(scheme[1].toLowerCase());
};

/** An element with attributes (strings) and children (nodes or text, added as text). */
export function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name === "class") node.className = value;
    else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/**
 * Renders {@code text} as Markdown into {@code target}, replacing its content. With {@code cite}
 * (number → handler), "[n]" markers outside code and links become buttons that open source n.
 */
export function renderMarkdown(target, text, cite) {
  const template = document.createElement("template");
  template.innerHTML = md.render(text || ""); // inert: a template's content never runs or loads
  const fragment = template.content;
  for (const a of fragment.querySelectorAll("a")) {
    a.setAttribute("target", "_blank");
    a.setAttribute("rel", "noopener noreferrer");
  }
  for (const node of fragment.querySelectorAll("[style]")) node.removeAttribute("style");
  if (cite) linkCitations(fragment, cite);
  target.replaceChildren(fragment);
}

function linkCitations(root, cite) {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
    acceptNode: (n) => (n.parentElement && n.parentElement.closest("code, pre, a") ? NodeFilter.FILTER_REJECT
      : /\[\d{1,3}\]/.test(n.nodeValue) ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_SKIP),
  });
  const nodes = [];
  while (walker.nextNode()) nodes.push(walker.currentNode);
  for (const node of nodes) {
    const parts = node.nodeValue.split(/(\[\d{1,3}\])/);
    const replaced = parts.map((part) => {
      const m = /^\[(\d{1,3})\]$/.exec(part);
      const handler = m && cite(Number(m[1]));
      return handler ? el("button", { type: "button", class: "cite", "data-cite": m[1], onclick: handler }, part)
        : document.createTextNode(part);
    });
    node.replaceWith(...replaced);
  }
}

/** A time (ISO text or epoch seconds) in the page's locale. */
export function when(value) {
  if (value === undefined || value === null || value === "") return "";
  const date = typeof value === "number" ? new Date(value * 1000) : new Date(value);
  return isNaN(date.getTime()) ? String(value) : date.toLocaleString();
}

/** Shows {@code message} (plain text) in an error area; empty clears it. */
export function showError(target, message) {
  target.textContent = message || "";
}
