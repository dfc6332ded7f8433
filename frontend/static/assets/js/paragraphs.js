// Numbered paragraphs and lettered sub-paragraphs (decisions, treaty articles): each has an anchor, a permalink,
// a copy-link button and links to the GBF targets it serves.
import { announce, h, recordHref, termLabel } from "./dom.js";
import { t } from "./i18n.js";

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
  return h("p", { class: "para-targets" }, h("span", {}, t("record.serves")), " ",
    targets.map((target) => {
      const id = typeof target === "string" ? target : target.identifier;
      const title = typeof target === "string" ? "" : target.title;
      return h("a", { class: "chip", href: recordHref(id), title: title || null }, termLabel(id));
    }));
}

function permalink(anchor, label) {
  return h("a", { class: "para-label", href: `#${anchor}`, "aria-label": t("record.linkTo", { label }) }, label);
}

function copyButton(anchor, label) {
  return h("button", {
    type: "button", class: "copy-link", "aria-label": t("record.copyLinkTo", { label }),
    onclick: () => copyLink(anchor, label),
  }, t("record.copyLink"));
}

function textBlocks(text) {
  return String(text || "").split(/\n{2,}/).filter((s) => s.trim()).map((s) => h("p", {}, s.trim()));
}

export function renderSubparagraph(sub, parentLabel) {
  const label = sub.label || "";
  const anchor = sub.anchor;
  const full = `${parentLabel} ${label}`.trim();
  return h("li", { id: anchor || null, class: "subpara", tabindex: anchor ? "-1" : null },
    anchor ? permalink(anchor, label) : h("span", { class: "para-label" }, label), " ",
    h("span", { class: "para-text" }, sub.text || ""),
    anchor ? copyButton(anchor, full) : null);
}

export function renderParagraph(para) {
  const label = para.label || (para.number != null ? `${para.number}.` : "");
  const anchor = para.anchor;
  const readable = t("record.paragraph", { label: label.replace(/\.$/, "") });
  const [first, ...rest] = textBlocks(para.text);
  const head = h("p", { class: "para-lead" },
    label ? (anchor ? permalink(anchor, label) : h("span", { class: "para-label" }, label)) : null, " ",
    first ? Array.from(first.childNodes) : null);
  const subs = para.subparagraphs?.length
    ? h("ol", { class: "subparas" }, para.subparagraphs.map((sub) => renderSubparagraph(sub, readable)))
    : null;
  return h("div", { class: "para", id: anchor || null, tabindex: anchor ? "-1" : null, dataset: { code: para.code || "" } },
    head, rest, subs,
    h("div", { class: "para-tools" },
      para.code ? h("span", { class: "symbol" }, para.code) : null,
      anchor ? copyButton(anchor, readable) : null),
    targetLinks(para.gbf_targets));
}

export function renderParagraphList(paragraphs) {
  return h("div", { class: "paragraphs" }, (paragraphs || []).map(renderParagraph));
}

export { textBlocks };
