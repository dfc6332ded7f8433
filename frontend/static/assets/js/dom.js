// Small DOM helpers: build elements without innerHTML, sanitise snippets, make links to the website's own pages.
import { currentLanguage, t } from "./i18n.js";

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

export const typeLabel = (type) => (type ? t(`type.${type}`) : "");

// "GBF-TARGET-03" -> "Target 3"; "CBD-SUBJECT-MARINE-COASTAL" -> "Marine coastal": readable without a lookup call.
export function termLabel(id) {
  if (!id) return "";
  let m = /^GBF-TARGET-0?(\d+)$/i.exec(id);
  if (m) return t("gbf.target", { n: m[1] });
  m = /^GBF-GOAL-([A-D])$/i.exec(id);
  if (m) return t("gbf.goal", { n: m[1].toUpperCase() });
  m = /^AICHI-TARGET-0?(\d+)$/i.exec(id);
  if (m) return t("aichi.target", { n: m[1] });
  m = /^CBD-SUBJECT-(.+)$/i.exec(id);
  if (m) {
    const words = m[1].replace(/[-_]+/g, " ").toLowerCase();
    return words.charAt(0).toUpperCase() + words.slice(1);
  }
  return id;
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
