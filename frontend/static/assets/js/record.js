// Record page: GET /api/records/<identifier>/?lang= rendered generically, with type-specific sections.
import { api } from "./api.js";
import { h, recordHref, searchHref, termLabel, typeLabel } from "./dom.js";
import { formatDate, isRtl, languageName, t, tOr } from "./i18n.js";
import { facts, recordList, renderers, section } from "./record-types.js";
import { textBlocks } from "./paragraphs.js";
import { setTitle, startPage } from "./shell.js";

const root = document.getElementById("record");

function chips(items, { linked = true } = {}) {
  return h("ul", { class: "chips" }, items.map((item) => {
    const id = typeof item === "string" ? item : item.identifier;
    const label = termLabel(id) !== id ? termLabel(id) : (item.title || id);
    return h("li", {}, linked ? h("a", { class: "chip", href: recordHref(id), title: item.title || null }, label)
      : h("span", { class: "chip" }, label));
  }));
}

// The fallback notice: content shown in another language than the one asked for, said plainly and up front.
function fallbackNotice(record, lang) {
  const shown = record.language;
  if (!(record.fallback || (shown && shown !== lang))) return null;
  return h("p", { class: "notice", role: "note" },
    t("record.fallback", { shown: languageName(shown || "en"), requested: languageName(lang) }));
}

function translations(record, lang) {
  const entries = Object.entries(record.translations || {}).filter(([code]) => code !== lang);
  if (!entries.length) return null;
  return h("nav", { class: "translations", "aria-label": t("record.translations") },
    h("span", {}, t("record.alsoIn")), " ",
    h("ul", { class: "inline-list" }, entries.map(([code, info]) => h("li", {},
      h("a", { href: recordHref(record.identifier, { lang: code }), hreflang: code, lang: code }, languageName(code)),
      info?.status && info.status !== "translated" ? [" ", h("span", { class: "hint" }, `(${tOr(`translation.${info.status}`, info.status)})`)] : null))));
}

// Records that point here (a decision cited by an activity, a notification by a meeting), grouped by type.
function referencedBy(record) {
  const groups = Object.entries(record.referenced_by || {}).filter(([, list]) => list?.length);
  if (!groups.length) return null;
  return section("record.referencedBy", groups.map(([type, list]) => [h("h3", {}, typeLabel(type)), recordList(list)]));
}

function provenance(record) {
  const data = record.provenance;
  if (!data || !Object.keys(data).length) return null;
  const rows = Object.entries(data).map(([key, value]) => [key.replace(/_/g, " "),
    typeof value === "object" ? JSON.stringify(value) : String(value)]);
  return h("details", { class: "provenance" }, h("summary", {}, t("record.provenance")), facts(rows));
}

function render(record, lang) {
  const renderer = renderers[record.type];
  const special = renderer ? renderer(record) : { nodes: [] };
  const used = new Set(special.used || []);
  const contentLang = record.language || lang;
  const header = h("header", { class: "record-header" },
    h("p", { class: "record-kicker" },
      h("span", { class: "badge", dataset: { type: record.type } }, typeLabel(record.type)),
      record.symbol || record.identifier ? [" ", h("span", { class: "symbol" }, record.symbol || record.identifier)] : null),
    h("h1", { lang: contentLang, dir: isRtl(contentLang) ? "rtl" : "ltr" }, record.title || record.identifier),
    facts([
      [t("field.date"), used.has("date") || !record.date ? null : h("time", { datetime: record.date }, formatDate(record.date))],
      [t("field.status"), record.status ? tOr(`status.${record.status}`, record.status) : null],
      [t("field.meetings"), used.has("meetings") || !record.meetings?.length ? null : chips(record.meetings)],
    ]));
  // Content keeps its own language and direction: English shown in the Arabic interface is still left-to-right.
  const content = h("div", { class: "record-content", lang: contentLang, dir: isRtl(contentLang) ? "rtl" : "ltr" },
    record.summary ? h("div", { class: "summary" }, textBlocks(record.summary)) : null,
    special.nodes,
    // Notifications carry "full_text", documents "text" (extracted from their files): both are plain text.
    !used.has("text") && (record.text || record.full_text)
      ? h("div", { class: "record-text" }, textBlocks(record.text || record.full_text)) : null);
  const aside = [
    !used.has("gbf_targets") && record.gbf_targets?.length ? section("record.gbfTargets", chips(record.gbf_targets)) : null,
    record.subjects?.length ? section("record.subjects", chips(record.subjects, { linked: false })) : null,
    record.related?.length ? section("record.related", recordList(record.related.filter((r) => r.resolved !== false))) : null,
    !used.has("referenced_by") ? referencedBy(record) : null,
    provenance(record),
  ];
  root.replaceChildren(
    h("nav", { class: "breadcrumb", "aria-label": t("nav.breadcrumb") }, h("ol", {},
      h("li", {}, h("a", { href: searchHref() }, t("nav.search"))),
      h("li", {}, h("a", { href: searchHref({ type: record.type }) }, typeLabel(record.type))),
      h("li", { "aria-current": "page" }, record.symbol || record.identifier))),
    h("article", { class: `record record--${record.type}` }, header, fallbackNotice(record, lang), translations(record, lang), content, aside));
}

function renderProblem(messageKey, identifier) {
  root.replaceChildren(h("div", { class: "error-state", role: "alert" },
    h("h1", {}, t(messageKey)),
    identifier ? h("p", {}, h("a", { href: searchHref({ q: identifier }) }, t("record.searchFor", { q: identifier }))) : null));
}

// Paragraph anchors exist only after rendering, so the browser's own jump to #fragment is redone here.
function focusAnchor() {
  const id = decodeURIComponent(location.hash.slice(1));
  if (!id) return;
  const target = document.getElementById(id);
  if (!target) return;
  document.querySelector(".is-target")?.classList.remove("is-target");
  target.classList.add("is-target");
  target.scrollIntoView({ block: "start" });
  target.focus({ preventScroll: true });
}

async function main() {
  const lang = await startPage();
  const params = new URLSearchParams(location.search);
  const identifier = (params.get("id") || "").trim();
  if (!identifier) {
    setTitle(t("record.missing"));
    root.setAttribute("aria-busy", "false");
    return renderProblem("record.missing");
  }
  try {
    const record = await api.record(identifier, lang);
    setTitle(record.title || identifier);
    render(record, lang);
    focusAnchor();
    window.addEventListener("hashchange", focusAnchor);
  } catch (error) {
    setTitle(t("record.notFound"));
    if (error.status === 404) renderProblem("record.notFound", identifier);
    else renderProblem(error.status === 0 || error.status >= 500 ? "error.apiDown" : "error.generic", identifier);
  } finally {
    root.setAttribute("aria-busy", "false");
  }
}

main();
