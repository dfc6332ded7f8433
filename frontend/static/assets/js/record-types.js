// Type-specific sections of a record page. Each renderer returns nodes and says which generic fields it used,
// so the generic frame in record.js does not show them twice. Unknown types fall back to the generic fields.
import { api } from "./api.js";
import { h, recordHref, safeSnippet, searchHref, typeLabel } from "./dom.js";
import { countryName, formatDate, formatDateRange, languageName, t, tn } from "./i18n.js";
import { renderParagraphList, textBlocks } from "./paragraphs.js";

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

// "application/pdf", "pdf" or only a URL: a short upper-case label either way.
function fileFormat(file) {
  const raw = file.format || (file.url || file.legacy_url || "").split("?")[0].split(".").pop() || "file";
  return raw.split("/").pop().replace(/^vnd\.openxmlformats-officedocument\.wordprocessingml\.document$/, "docx").toUpperCase();
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
    group.map((file) => h("a", { href: file.url || file.legacy_url, hreflang: code || null, class: "file-link" },
      fileFormat(file), h("span", { class: "visually-hidden" }, ` ${file.name || ""}`)))))));
}

const meetingLink = (code) => (code ? h("a", { href: recordHref(code) }, code) : null);
const byType = (record, type) => record.referenced_by?.[type] || [];

function decision(record) {
  const blocks = (record.body || []).map((block) => {
    const label = block.kind === "annex" && block.label ? t("record.annex", { label: block.label }) : block.label;
    const heading = [label, block.title].filter(Boolean).join(". ");
    return h("section", { class: `decision-block decision-${block.kind || "section"}`, id: block.anchor || null },
      heading ? h("h2", {}, heading) : null,
      textBlocks(block.text).map((p) => (block.kind === "preamble" ? h("p", { class: "preamble" }, p.textContent) : p)),
      renderParagraphList(block.paragraphs));
  });
  return { nodes: [facts([
    [t("field.adopted"), dateNode(record.adoption_date || record.date)],
    [t("field.meeting"), meetingLink(record.meeting)],
    [t("field.code"), record.dtt_code],
  ]), h("div", { class: "decision-body" }, blocks), files(record.files)], used: ["date", "text"] };
}

function treaty(record) {
  return { nodes: [
    record.preamble ? h("div", { class: "preamble" }, textBlocks(record.preamble)) : null,
    record.articles?.length ? section("record.articles", recordList(record.articles.map((a) => ({
      identifier: a.identifier, title: [a.number && t("record.article", { n: a.number }), a.title].filter(Boolean).join(" — "),
    })))) : null] };
}

function treatyArticle(record) {
  return { nodes: [
    record.treaty ? h("p", { class: "hint" }, h("a", { href: recordHref(record.treaty.identifier) }, record.treaty.title)) : null,
    record.paragraphs?.length ? renderParagraphList(record.paragraphs) : null], used: record.paragraphs?.length ? ["text"] : [] };
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
    [t("field.recipients"), record.recipients?.length ? h("ul", { class: "plain-list" }, record.recipients.map((r) => h("li", {}, r))) : null],
  ]), files(record.files)], used: ["date"] };
}

function meetingDocument(record) {
  return { nodes: [facts([
    [t("field.meeting"), meetingLink(record.meeting)],
    [t("field.documentType"), [record.document_type, record.nature].filter(Boolean).join(", ")],
    [t("field.agenda"), record.agenda_items?.length ? record.agenda_items.join(", ") : null],
  ]), record.superseded ? h("p", { class: "notice", role: "note" }, t("record.superseded")) : null, files(record.files)] };
}

function meeting(record) {
  const place = [record.venue, record.city, countryName(record.country)].filter(Boolean).join(", ");
  const documents = record.documents || byType(record, "meeting-document");
  const notifications = record.notifications || byType(record, "notification");
  const decisions = byType(record, "decision");
  return { nodes: [facts([
    [t("field.code"), record.code],
    [t("field.dates"), formatDateRange(record.start_date, record.end_date)],
    [t("field.venue"), place],
  ]),
  decisions.length ? section("record.decisions", recordList(decisions)) : null,
  documents.length ? section("record.documents", recordList(documents)) : null,
  notifications.length ? section("record.notifications", recordList(notifications)) : null,
  ], used: ["date", "meetings", "referenced_by"] };
}

function libraryResource(record) {
  const join = (list) => (list?.length ? list.join(", ") : null);
  return { nodes: [facts([
    [t("field.authors"), join(record.authors)],
    [t("field.organizations"), join(record.organizations)],
    [t("field.publisher"), record.publisher],
    [t("field.date"), dateNode(record.publication_date)],
    [t("field.countries"), join((record.countries || []).map(countryName))],
  ]), record.links?.length ? section("record.links", h("ul", {}, record.links.map((url) => h("li", {},
    h("a", { href: typeof url === "string" ? url : url.url }, typeof url === "string" ? url : url.title || url.url))))) : null],
  used: ["date"] };
}

function activity(record) {
  const refs = (list) => (list?.length ? list.join(", ") : null);
  return { nodes: [facts([
    [t("field.activityType"), record.activity_type],
    [t("field.dates"), [record.start, record.end].filter(Boolean).map((d) => formatDate(d)).join(" – ")],
    [t("field.decisions"), refs(record.decisions)],
    [t("field.paragraphs"), refs(record.paragraphs)],
    [t("field.responsible"), record.responsible_unit],
  ]), record.status_narrative ? h("div", {}, textBlocks(record.status_narrative)) : null,
  record.notifications?.length ? section("record.notifications", recordList(record.notifications)) : null], used: ["date"] };
}

function tagged(record, hits, total) {
  return [
    h("p", {}, tn("record.taggedCount", total)),
    hits.length ? h("ul", { class: "record-list" }, hits.map((hit) => h("li", {},
      h("span", { class: "badge", dataset: { type: hit.type } }, typeLabel(hit.type)), " ",
      h("a", { href: recordHref(hit.identifier, { anchor: hit.anchor }) }, hit.title || hit.identifier),
      hit.paragraph_code ? [" ", h("span", { class: "symbol" }, hit.paragraph_code)] : null,
      hit.snippet ? h("p", { class: "snippet" }, safeSnippet(hit.snippet)) : null))) : null,
    h("p", {}, h("a", { href: searchHref({ gbf_target: record.identifier }) }, t("record.searchTagged")))];
}

const description = (record) => (record.description ? h("div", { class: "description" }, textBlocks(record.description)) : null);

// Everything tagged with the target comes from the search API, the same index visitors query; if search is
// unavailable the record's own "referenced_by" list is shown instead, so the page is never empty.
function gbfTarget(record) {
  const container = h("div", { class: "tagged", "aria-busy": "true" }, h("p", { class: "loading" }, t("record.loading")));
  api.search({ gbf_target: record.identifier, lang: record.requested_language || record.language, limit: 50, sort: "date_desc" })
    .then((data) => {
      const hits = (data.results || []).filter((hit) => hit.identifier !== record.identifier);
      container.replaceChildren(...tagged(record, hits, data.total ?? hits.length));
    })
    .catch(() => {
      const hits = Object.entries(record.referenced_by || {}).flatMap(([type, list]) => list.map((r) => ({ ...r, type })));
      container.replaceChildren(...tagged(record, hits, hits.length));
    })
    .finally(() => container.setAttribute("aria-busy", "false"));
  return { nodes: [description(record), section("record.tagged", container)], used: ["gbf_targets", "referenced_by"] };
}

// Country activities with the country's name in the interface language, sorted in that language's order.
function aichiTarget(record) {
  // Each activity keeps its position in the record as its anchor (activity-N): search results link to it.
  const activities = (record.activities || []).map((a, i) => ({ ...a, anchor: `activity-${i + 1}` }));
  const sorted = [...activities].sort((a, b) => countryName(a.country).localeCompare(countryName(b.country)));
  return { nodes: [description(record), activities.length ? section("record.activities",
    h("p", {}, tn("record.activityCount", activities.length)),
    h("ul", { class: "activities" }, sorted.map((a) => h("li", { id: a.anchor },
      h("strong", {}, countryName(a.country)), h("p", {}, a.text || a.title || ""))))) : null] };
}

const term = (record) => ({ nodes: [description(record)] });

export const renderers = {
  decision,
  treaty,
  "treaty-article": treatyArticle,
  notification,
  "meeting-document": meetingDocument,
  meeting,
  "library-resource": libraryResource,
  activity,
  "gbf-target": gbfTarget,
  "gbf-goal": term,
  "gbf-indicator": term,
  "aichi-goal": term,
  "aichi-target": aichiTarget,
  subject: term,
};

export { recordList, section };
