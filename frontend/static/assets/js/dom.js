// Small DOM helpers: build elements without innerHTML, sanitise snippets, make links to the website's own pages.
import { currentLanguage, t } from "./i18n.js";
import { labelOf, vocabularyOf } from "./labels.js";

// h("a", { href, class: "x", onclick }, "text", child) — strings become text nodes, so API text is never parsed as HTML.
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value == null || value === false) continue;
    if (name.startsWith("on") && typeof value === "function") el.addEventListener(name.slice(2), value);
    else if (name === "class") el.className = value;
    else if (name === "dataset") Object.assign(el.dataset, value);
    else el.setAttribute(name, value === true ? "" : value);
  }
  append(el, children);
  return el;
}

export function append(parent, children) {
  for (const child of children.flat(Infinity)) {
    if (child == null || child === false || child === "") continue;
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

// The API promises snippets that are HTML-safe with only <mark>; we still keep nothing else (defence in depth):
// the markup is parsed inert (a <template> runs no scripts, loads no images), then rebuilt from text and <mark> only.
export function safeSnippet(html) {
  const template = document.createElement("template");
  template.innerHTML = html || "";
  const out = document.createDocumentFragment();
  const walk = (node, target) => {
    for (const child of node.childNodes) {
      if (child.nodeType === Node.TEXT_NODE) target.append(child.textContent);
      else if (child.nodeType === Node.ELEMENT_NODE && child.localName === "mark") walk(child, target.appendChild(h("mark")));
      else if (child.nodeType === Node.ELEMENT_NODE && !["script", "style"].includes(child.localName)) walk(child, target);
    }
  };
  walk(template.content, out);
  return out;
}

// Links stay relative so the pages work at the site root and from any static host folder.
export function recordHref(identifier, { lang = currentLanguage(), anchor } = {}) {
  const params = new URLSearchParams({ id: identifier, lang });
  return `record.html?${params}${anchor ? `#${encodeURIComponent(anchor)}` : ""}`;
}

export function searchHref(params = {}) {
  const query = new URLSearchParams({ ...params, lang: currentLanguage() });
  return `index.html?${query}`;
}

export const typeLabel = (type) => (type ? labelOf("type", type).text : "");

// "GBF-TARGET-03" -> "Target 3" (in the interface language, from the labels API); other identifiers unchanged.
export function termLabel(id) {
  const vocabulary = id ? vocabularyOf(id) : null;
  return vocabulary ? labelOf(vocabulary, id).text : id || "";
}

// A coded value's name as an element, marked with its own language when it is not the interface's (an English
// meeting title on the French page): screen readers then pronounce it correctly.
export function labelNode(vocabulary, value, { withName = false, tag = "span", cls = "" } = {}) {
  const label = labelOf(vocabulary, value);
  return h(tag, { class: cls || null, lang: label.lang || null },
    label.text,
    withName && label.name ? [" ", h("span", { class: "label-name", lang: label.nameLang || null }, label.name)] : null);
}

// A reference from the record API: a link when the hub holds the record; otherwise its symbol as plain text with
// a link to where the CBD publishes it (when known) — never a link to a page saying the record cannot be found.
export function referenceNode(ref, { text } = {}) {
  const id = typeof ref === "string" ? ref : ref.identifier || ref.symbol;
  const shown = text || (typeof ref === "string" ? ref : ref.title || id);
  if (typeof ref === "string" || ref.resolved !== false) return h("a", { href: recordHref(id), dir: "auto" }, shown);
  return h("span", { class: "unresolved" },
    h("span", { class: "symbol" }, id),
    ref.source_url ? [" ", h("a", { href: ref.source_url, class: "external", rel: "external" },
      t("record.officialSource"))] : [" ", h("span", { class: "hint" }, t("record.notInHub"))]);
}

export function clear(el) {
  el.replaceChildren();
  return el;
}

// A polite live region shared by the page (copy confirmations, result counts): one place screen readers follow.
export function announce(message) {
  const region = document.getElementById("announcer");
  if (!region) return;
  region.textContent = "";
  // A fresh text node after a tick makes screen readers repeat an identical message.
  setTimeout(() => (region.textContent = message), 50);
}
