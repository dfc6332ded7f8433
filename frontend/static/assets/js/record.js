// Record page: GET /api/records/<identifier>/?lang= rendered generically, with type-specific parts (record-types.js).
// Interface text (labels, dates, headings) follows the interface language and direction; the record's own text
// follows its language and `direction` from the API (English shown in the Arabic interface stays left-to-right).
import { api, apiHref, getText } from "./api.js";
import { announce, h, labelNode, recordHref, referenceNode, searchHref, typeLabel } from "./dom.js";
import { formatDate, languageName, pickLanguage, t, tOr } from "./i18n.js";
import { labelOf, vocabularyOf } from "./labels.js";
import { facts, recordList, renderers, section } from "./record-types.js";
import { textBlocks } from "./paragraphs.js";
import { setTitle, startPage } from "./shell.js";

const root = document.getElementById("record");
const REAL_TRANSLATION = new Set(["original", "translated", "partial"]);

// GBF targets and Aichi terms link to their record; subjects to the search filtered by them. Names come from the
// labels API, the record's title of the term as a tooltip.
function chips(items, { bySubject = false } = {}) {
  return h("ul", { class: "chips" }, items.map((item) => {
    const id = typeof item === "string" ? item : item.identifier;
    const vocabulary = vocabularyOf(id);
    const name = vocabulary ? labelNode(vocabulary, id) : h("span", { dir: "auto" }, item.title || id);
    const title = vocabulary ? labelOf(vocabulary, id).name || item.title : null;
    if (bySubject) return h("li", {}, h("a", { class: "chip", href: searchHref({ subject: id }) }, name));
    if (item.resolved === false) return h("li", {}, h("span", { class: "chip chip--plain" }, referenceNode(item)));
    return h("li", {}, h("a", { class: "chip", href: recordHref(id), title: title || null }, name));
  }));
}

// The fallback notice: content shown in another language than the one asked for, said plainly and up front.
function fallbackNotice(record, lang) {
  const shown = record.language;
  if (!(record.fallback || (shown && shown !== lang))) return null;
  return h("p", { class: "notice", role: "note" },
    t("record.fallback", { shown: languageName(shown || "en"), requested: languageName(lang) }));
}

// "Also in:" lists only versions that exist (the original and real translations), each named in its own language.
function translations(record, lang) {
  const entries = Object.entries(record.translations || {})
    .filter(([code, info]) => code !== lang && REAL_TRANSLATION.has(info?.status));
  if (!entries.length) return null;
  return h("nav", { class: "translations", "aria-label": t("record.translations") },
    h("span", {}, t("record.alsoIn")), " ",
    h("ul", { class: "inline-list" }, entries.map(([code, info]) => h("li", {},
      h("a", { href: recordHref(record.identifier, { lang: code }), hreflang: code, lang: code }, languageName(code)),
      info.status === "partial" ? [" ", h("span", { class: "hint" }, `(${t("translation.partial")})`)] : null))));
}

// Records that point here (a decision cited by an activity, a notification by a meeting), grouped by type.
function referencedBy(record) {
  const groups = Object.entries(record.referenced_by || {}).filter(([, list]) => list?.length);
  if (!groups.length) return null;
  return section("record.referencedBy", groups.map(([type, list]) => [h("h3", {}, typeLabel(type)), recordList(list)]));
}

function provenanceValue(key, value) {
  if (value == null || value === "") return null;
  if (key === "source_url" && /^https?:\/\//.test(value)) return h("a", { href: value, rel: "external", dir: "ltr" }, value);
  if (key === "imported_at") return h("time", { datetime: value }, formatDate(value));
  if (typeof value === "object") return h("code", { dir: "ltr" }, JSON.stringify(value));
  return h("code", { dir: "ltr", class: key === "source_checksum" ? "checksum" : null }, String(value));
}

// Linked data: the schema.org JSON-LD of the record in the page head (for search engines and reference managers),
// the persistent URI and other identifiers, "Cite this record" (CSL-JSON, RIS, BibTeX), the decision's tracking
// page and the Atom feed of a GBF target's records.
function embedJsonLd(record) {
  document.getElementById("record-jsonld")?.remove();
  if (!record.jsonld) return;
  const script = h("script", { type: "application/ld+json", id: "record-jsonld" });
  script.textContent = JSON.stringify(record.jsonld);
  document.head.append(script);
}

function feedLink(record) {
  if (record.type !== "gbf-target") return null;
  const href = apiHref(`/feeds/gbf-targets/${encodeURIComponent(record.identifier)}/`);
  document.getElementById("record-feed")?.remove();
  document.head.append(h("link", { rel: "alternate", type: "application/atom+xml", href, id: "record-feed",
    title: record.title }));
  return h("p", {}, h("a", { href, class: "feed-link", type: "application/atom+xml" }, t("feeds.subscribe")));
}

const CITE_FORMATS = { csl: "CSL-JSON", ris: "RIS", bibtex: "BibTeX" };

// A reference manager wants the file; a reader writing a paper wants the text on the clipboard: each format offers both.
async function copyCitation(href, format) {
  try {
    await navigator.clipboard.writeText(await getText(href));
    announce(t("cite.copied", { format }));
  } catch {
    announce(t("cite.copyFailed", { format }));
  }
}

function citeItem(format, href) {
  const name = CITE_FORMATS[format] || format;
  return h("li", {},
    h("a", { href: apiHref(`${href}&download=1`), download: "", "aria-label": t("cite.download", { format: name }) }, name),
    " ", h("button", { type: "button", class: "link-button copy-citation", "aria-label": t("cite.copy", { format: name }),
      onclick: () => copyCitation(href, name) }, t("cite.copyShort")));
}

function linked(record) {
  const cite = record.cite || {};
  const others = (record.alternative_identifiers || []).filter((a) => !["uri", "legacy-url"].includes(a.scheme));
  return h("section", { class: "record-section record-linked", "aria-labelledby": "section-record-linked" },
    h("h2", { id: "section-record-linked" }, t("record.cite")),
    record.tracking_url ? h("p", {}, h("a", { href: `tracking.html?${new URLSearchParams({ symbol: record.identifier, lang: record.requested_language || "en" })}` },
      t("record.tracking"))) : null,
    h("ul", { class: "inline-list cite-links" }, Object.entries(cite).map(([format, href]) => citeItem(format, href))),
    // Its own list (not the record's facts): identifiers are not facts about the record's content.
    h("dl", { class: "record-identifiers" },
      record.uri ? [h("dt", {}, t("record.uri")), h("dd", {}, h("code", { dir: "ltr" }, record.uri))] : null,
      others.length ? [h("dt", {}, t("record.alternativeIds")), h("dd", {}, h("ul", { class: "inline-list" },
        others.map((a) => h("li", {}, h("code", { dir: "ltr", title: a.scheme }, a.value)))))] : null),
    feedLink(record));
}

function provenance(record) {
  const rows = Object.entries(record.provenance || {})
    .map(([key, value]) => [tOr(`provenance.${key}`, key.replace(/_/g, " ")), provenanceValue(key, value)]);
  const list = facts(rows);
  return list ? h("details", { class: "provenance" }, h("summary", {}, t("record.provenance")), list) : null;
}

// A treaty article is "Article 8" (interface language) and its title (content language).
function heading(record, contentLang, direction) {
  const title = h("span", { lang: contentLang, dir: direction }, record.title || record.identifier);
  if (record.type !== "treaty-article" || !record.number) return h("h1", {}, title);
  return h("h1", {}, h("span", { class: "article-number" }, t("record.article", { n: record.number })), " ", title);
}

// An editor's preview of a draft says so before anything else.
const previewNotice = (record) => (record.preview
  ? h("p", { class: "notice notice--preview", role: "note" }, t("record.preview")) : null);

function render(record, lang) {
  const renderer = renderers[record.type];
  const special = renderer ? renderer(record) : {};
  const used = new Set(special.used || []);
  const contentLang = record.language || lang;
  const direction = record.direction || "auto";
  const header = h("header", { class: "record-header" },
    h("p", { class: "record-kicker" },
      h("span", { class: "badge", dataset: { type: record.type } }, typeLabel(record.type)),
      record.symbol || record.identifier ? [" ", h("span", { class: "symbol" }, record.symbol || record.identifier)] : null),
    heading(record, contentLang, direction),
    facts([
      ...(special.facts || []),
      [t("field.date"), used.has("date") || !record.date ? null : h("time", { datetime: record.date }, formatDate(record.date))],
      [t("field.status"), record.status ? labelNode("status", record.status) : null],
      [t("field.meetings"), used.has("meetings") || !record.meetings?.length ? null
        : h("ul", { class: "chips" }, record.meetings.map((m) => h("li", {}, referenceNode(m, { text: m.identifier }))))],
    ]));
  const text = record.text || record.full_text; // notifications carry "full_text", documents "text": plain text
  const content = h("div", { class: "record-content", lang: contentLang, dir: direction },
    record.summary ? h("div", { class: "summary" }, textBlocks(record.summary)) : null,
    special.content || [],
    !used.has("text") && text ? h("div", { class: "record-text" }, textBlocks(text)) : null);
  const aside = [
    special.sections || [],
    !used.has("gbf_targets") && record.gbf_targets?.length ? section("record.gbfTargets", chips(record.gbf_targets)) : null,
    record.subjects?.length ? section("record.subjects", chips(record.subjects, { bySubject: true })) : null,
    record.related?.length ? section("record.related", recordList(record.related)) : null,
    !used.has("referenced_by") ? referencedBy(record) : null,
    linked(record),
    provenance(record),
  ];
  root.replaceChildren(
    h("nav", { class: "breadcrumb", "aria-label": t("nav.breadcrumb") }, h("ol", {},
      h("li", {}, h("a", { href: searchHref() }, t("nav.search"))),
      h("li", {}, h("a", { href: searchHref({ type: record.type }) }, typeLabel(record.type))),
      h("li", { "aria-current": "page" }, h("span", { class: "symbol" }, record.symbol || record.identifier)))),
    h("article", { class: `record record--${record.type}` },
      previewNotice(record), header, fallbackNotice(record, lang), translations(record, lang), content, aside));
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
  const params = new URLSearchParams(location.search);
  const identifier = (params.get("id") || "").trim();
  const previewToken = (params.get("preview") || "").trim();
  // The record (or the draft an editor previews) is asked for while the interface strings load.
  const ask = previewToken ? api.preview(previewToken) : identifier ? api.record(identifier, pickLanguage()) : null;
  const requested = ask ? ask.catch((error) => error) : null;
  const lang = await startPage();
  if (!identifier && !previewToken) {
    setTitle(t("record.missing"));
    root.setAttribute("aria-busy", "false");
    return renderProblem("record.missing");
  }
  const record = await requested;
  root.setAttribute("aria-busy", "false");
  if (record instanceof Error) {
    setTitle(t("record.notFound"));
    if (record.status === 404) return renderProblem(previewToken ? "record.previewExpired" : "record.notFound", identifier);
    return renderProblem(record.status === 0 || record.status >= 500 ? "error.apiDown" : "error.generic", identifier);
  }
  setTitle(record.title || identifier);
  render(record, lang);
  embedJsonLd(record);
  focusAnchor();
  window.addEventListener("hashchange", focusAnchor);
}

main();
