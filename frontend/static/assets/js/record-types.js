// Type-specific sections of a record page. Each renderer returns nodes and says which generic fields it used,
// so the generic frame in record.js does not show them twice. Unknown types fall back to the generic fields.
import { api } from "./api.js";
import { h, recordHref, safeSnippet, searchHref, termLabel, typeLabel } from "./dom.js";
import { countryName, formatDate, formatDateRange, languageName, t, tn } from "./i18n.js";
import { renderParagraph, renderParagraphList, textBlocks } from "./paragraphs.js";

export function facts(rows) {
  const items = rows.filter(([, value]) => value != null && value !== "" && !(Array.isArray(value) && !value.length));
  if (!items.length) return null;
  return h("dl", { class: "facts" }, items.map(([label, value]) => [h("dt", {}, label), h("dd", {}, value)]));
}

const section = (key, ...children) => {
  const id = `section-${key.replace(/\W+/g, "-")}`;
  return h("section", { class: "record-section", "aria-labelledby": id }, h("h2", { id }, t(key)), children);
};

const dateNode = (value) => (value ? h("time", { datetime: value }, formatDate(value)) : null);

function recordList(items) {
  if (!items?.length) return null;
  return h("ul", { class: "record-list" }, items.map((item) => {
    const id = typeof item === "string" ? item : item.identifier || item.symbol;
    const title = typeof item === "string" ? item : item.title || id;
    return h("li", {},
      id ? h("a", { href: recordHref(id) }, title) : title,
      id && id !== title ? [" ", h("span", { class: "symbol" }, item.symbol || id)] : null,
      item.date ? [" ", dateNode(item.date)] : null);
  }));
}

// Files grouped by language: each language labelled in its own language for those who read only that one.
function files(list) {
  if (!list?.length) return null;
  const byLang = new Map();
  for (const file of list) {
    const key = file.language || "";
    if (!byLang.has(key)) byLang.set(key, []);
    byLang.get(key).push(file);
  }
  return section("record.files", h("ul", { class: "files" }, [...byLang].map(([code, group]) => h("li", {},
    h("span", { class: "file-lang" }, languageName(code) || t("record.anyLanguage")), " ",
    group.map((file) => h("a", { href: file.url, hreflang: code || null, class: "file-link" },
      (file.format || file.url.split(".").pop() || "").toUpperCase().replace(/^APPLICATION\//, ""),
      h("span", { class: "visually-hidden" }, ` ${file.name || ""}`)))))));
}

function decision(record) {
  const blocks = (record.body || []).map((block) => {
    if (block.kind === "paragraph" && !block.paragraphs) return renderParagraph(block);
    const heading = [block.label, block.title].filter(Boolean).join(" ");
    const id = block.label ? `block-${String(block.label).replace(/\W+/g, "-")}` : null;
    return h("section", { class: `decision-block decision-${block.kind || "section"}`, id },
      heading ? h("h2", {}, heading) : null,
      textBlocks(block.text).map((p) => (block.kind === "preamble" ? h("p", { class: "preamble" }, p.textContent) : p)),
      renderParagraphList(block.paragraphs));
  });
  return { nodes: [h("div", { class: "decision-body" }, blocks)], used: blocks.length ? ["text"] : [] };
}

function treatyArticle(record) {
  if (!record.paragraphs?.length) return { nodes: [] };
  return { nodes: [renderParagraphList(record.paragraphs)], used: ["text"] };
}

function notification(record) {
  const deadline = record.deadline ? h("span", {}, dateNode(record.deadline),
    new Date(record.deadline) < new Date() ? [" ", h("span", { class: "badge badge--muted" }, t("record.deadlinePassed"))] : null) : null;
  return { nodes: [facts([
    [t("field.reference"), record.reference],
    [t("field.date"), dateNode(record.date)],
    [t("field.action_date"), dateNode(record.action_date)],
    [t("field.deadline"), deadline],
    [t("field.sender"), record.sender],
    [t("field.recipients"), record.recipients?.length ? h("ul", { class: "plain" }, record.recipients.map((r) => h("li", {}, r))) : null],
  ]), files(record.files)], used: ["date"] };
}

function meetingDocument(record) {
  return { nodes: [files(record.files)] };
}

function meeting(record) {
  const place = [record.city, countryName(record.country)].filter(Boolean).join(", ");
  return { nodes: [facts([
    [t("field.code"), record.code],
    [t("field.dates"), formatDateRange(record.start_date, record.end_date)],
    [t("field.venue"), place],
  ]),
  record.documents?.length ? section("record.documents", recordList(record.documents)) : null,
  record.notifications?.length ? section("record.notifications", recordList(record.notifications)) : null,
  ], used: ["meetings"] };
}

// Everything tagged with the target comes from the search API, the same index visitors query.
function gbfTarget(record) {
  const container = h("div", { class: "tagged", "aria-busy": "true" }, h("p", { class: "loading" }, t("record.loading")));
  api.search({ gbf_target: record.identifier, lang: record.requested_language || record.language, limit: 50, sort: "date_desc" })
    .then((data) => {
      const hits = (data.results || []).filter((hit) => hit.identifier !== record.identifier);
      container.replaceChildren(
        h("p", {}, tn("record.taggedCount", data.total ?? hits.length)),
        hits.length ? h("ul", { class: "record-list" }, hits.map((hit) => h("li", {},
          h("span", { class: "badge", dataset: { type: hit.type } }, typeLabel(hit.type)), " ",
          h("a", { href: recordHref(hit.identifier, { anchor: hit.anchor }) }, hit.title || hit.identifier),
          hit.paragraph_code ? [" ", h("span", { class: "symbol" }, hit.paragraph_code)] : null,
          hit.snippet ? h("p", { class: "snippet" }, safeSnippet(hit.snippet)) : null))) : null,
        h("p", {}, h("a", { href: searchHref({ gbf_target: record.identifier }) }, t("record.searchTagged"))));
    })
    .catch(() => container.replaceChildren(h("p", { class: "error-state", role: "alert" }, t("error.apiDown"))))
    .finally(() => container.setAttribute("aria-busy", "false"));
  return { nodes: [record.description ? h("div", { class: "description" }, textBlocks(record.description)) : null,
    section("record.tagged", container)], used: ["gbf_targets"] };
}

// Country activities grouped by country, with the country's name in the interface language.
function aichiTarget(record) {
  const activities = record.activities || [];
  if (!activities.length) return { nodes: [] };
  const sorted = [...activities].sort((a, b) => countryName(a.country).localeCompare(countryName(b.country)));
  return { nodes: [section("record.activities",
    h("p", {}, tn("record.activityCount", activities.length)),
    h("ul", { class: "activities" }, sorted.map((a) => h("li", {},
      h("strong", {}, countryName(a.country)), h("span", { class: "visually-hidden" }, ": "), h("p", {}, a.text || a.title || "")))))] };
}

export const renderers = {
  decision,
  "treaty-article": treatyArticle,
  notification,
  "meeting-document": meetingDocument,
  meeting,
  "gbf-target": gbfTarget,
  "aichi-target": aichiTarget,
};

export { recordList, section, termLabel };
