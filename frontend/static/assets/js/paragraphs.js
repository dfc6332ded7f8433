// Numbered paragraphs and lettered sub-paragraphs (decisions, treaty articles): each has an anchor, a permalink,
// a copy-link button and links to the GBF targets it serves.
import { announce, h, recordHref, termLabel } from "./dom.js";
import { currentLanguage, isRtl, t } from "./i18n.js";

async function copyLink(anchor, label) {
  const url = new URL(location.href);
  url.hash = anchor;
  try {
    await navigator.clipboard.writeText(url.href);
    announce(t("record.copied", { label }));
  } catch {
    // Clipboard refused (permissions, insecure origin): put the link in the address bar so it can be copied there.
    location.hash = anchor;
    announce(t("record.copyFailed"));
  }
}

function targetLinks(targets) {
  if (!targets?.length) return null;
  const lang = currentLanguage();
  return h("p", { class: "para-targets", lang, dir: isRtl(lang) ? "rtl" : "ltr" }, h("span", {}, t("record.serves")), " ",
    targets.map((target) => {
      const id = typeof target === "string" ? target : target.identifier;
      const title = typeof target === "string" ? "" : target.title;
      return h("a", { class: "chip", href: recordHref(id), title: title || null }, termLabel(id));
    }));
}

// The visible number stays the start of the link's name (WCAG 2.5.3); the hidden part says what it links to.
function permalink(anchor, shown, readable) {
  return h("a", { class: "para-label", href: `#${anchor}` },
    shown, h("span", { class: "visually-hidden", lang: currentLanguage() }, ` ${t("record.linkTo", { label: readable })}`));
}

// An interface control inside the record's text: it speaks the interface's language and direction.
function copyButton(anchor, label) {
  const lang = currentLanguage();
  return h("button", {
    type: "button", class: "copy-link", lang, dir: isRtl(lang) ? "rtl" : "ltr", "aria-label": t("record.copyLinkTo", { label }),
    onclick: () => copyLink(anchor, label),
  }, t("record.copyLink"));
}

function textBlocks(text) {
  return String(text || "").split(/\n{2,}/).filter((s) => s.trim()).map((s) => h("p", {}, s.trim()));
}

// The API gives a sub-paragraph its letter ("a") and its full label ("A 1 (a)"): show "(a)", announce the full one.
export function renderSubparagraph(sub, parentLabel) {
  const shown = sub.letter ? `(${sub.letter})` : sub.label || "";
  const anchor = sub.anchor;
  const full = t("record.paragraph", { label: sub.letter && sub.label ? sub.label : `${parentLabel} ${shown}`.trim() });
  return h("li", { id: anchor || null, class: "subpara", tabindex: anchor ? "-1" : null },
    anchor ? permalink(anchor, shown, full) : h("span", { class: "para-label" }, shown), " ",
    h("span", { class: "para-text" }, sub.text || ""),
    anchor ? copyButton(anchor, full) : null);
}

// A numbered paragraph shows its number ("1."); its full label ("A 1") names it for screen readers and copy links.
export function renderParagraph(para) {
  const shown = para.number ? `${para.number}.` : "";
  const anchor = para.anchor;
  const readable = t("record.paragraph", { label: para.label || para.number || "" });
  const [first, ...rest] = textBlocks(para.text);
  const head = h("p", { class: "para-lead" },
    shown ? (anchor ? permalink(anchor, shown, readable) : h("span", { class: "para-label" }, shown)) : null, " ",
    first ? Array.from(first.childNodes) : null);
  // A sub-paragraph with neither letter nor text has nothing to show (and no usable anchor): leave it out.
  const subparagraphs = (para.subparagraphs || []).filter((sub) => sub.letter || sub.text);
  const subs = subparagraphs.length
    ? h("ol", { class: "subparas" }, subparagraphs.map((sub) => renderSubparagraph(sub, para.label || para.number || "")))
    : null;
  return h("div", { class: "para", id: anchor || null, tabindex: anchor ? "-1" : null, dataset: { code: para.code || "" } },
    head, rest, subs,
    anchor && (para.code || shown) ? h("div", { class: "para-tools" },
      para.code ? h("span", { class: "symbol" }, para.code) : null,
      copyButton(anchor, readable)) : null,
    targetLinks(para.gbf_targets));
}

export function renderParagraphList(paragraphs) {
  return h("div", { class: "paragraphs" }, (paragraphs || []).map(renderParagraph));
}

export { textBlocks };
