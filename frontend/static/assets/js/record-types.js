// Type-specific parts of a record page. Each renderer returns { facts, content, sections, used }:
//   facts    - [label, value] rows for the facts list (interface language, dates formatted for the reader);
//   content  - the record's own text (shown in the content's language and direction);
//   sections - interface blocks (files, lists of related records), in the interface language;
//   used     - generic fields it already shows, so record.js does not repeat them.
import { api } from "./api.js";
import { h, recordHref, referenceNode, safeSnippet, searchHref, typeLabel } from "./dom.js";
import { countryName, formatDate, formatDateRange, nativeLanguageName, t, tn } from "./i18n.js";
import { renderParagraphList, textBlocks } from "./paragraphs.js";

export function facts(rows) {
  const items = rows.filter(([, value]) => value != null && value !== "" && !(Array.isArray(value) && !value.length));
  if (!items.length) return null;
  return h("dl", { class: "facts" }, items.map(([label, value]) => [h("dt", {}, label), h("dd", {}, value)]));
}

export const section = (key, ...children) => {
  const id = `section-${key.replace(/\W+/g, "-")}`;
  return h("section", { class: "record-section", "aria-labelledby": id }, h("h2", { id }, t(key)), children);
};

const dateNode = (value) => (value ? h("time", { datetime: value }, formatDate(value)) : null);
// Free text from the record (a sender, a reference) keeps its own direction inside the interface's.
const textValue = (value) => (value ? h("span", { dir: "auto" }, value) : null);

// Records by identifier or reference object; references the hub does not hold are plain text (dom.referenceNode).
export function recordList(items) {
  if (!items?.length) return null;
  return h("ul", { class: "record-list" }, items.map((item) => {
    const id = typeof item === "string" ? item : item.identifier || item.symbol;
    const title = typeof item === "string" ? item : item.title || id;
    const resolved = typeof item === "string" || item.resolved !== false;
    return h("li", {},
      referenceNode(item, { text: title }),
      resolved && id && id !== title ? [" ", h("span", { class: "symbol" }, item.symbol || id)] : null,
      item.date ? [" ", dateNode(item.date)] : null);
  }));
}

// "application/pdf", "pdf" or only a URL: a short upper-case label either way.
function fileFormat(file) {
  const raw = file.format || (file.url || file.legacy_url || "").split("?")[0].split(".").pop() || "file";
  return raw.split("/").pop().replace(/^vnd\.openxmlformats-officedocument\.wordprocessingml\.document$/, "docx").toUpperCase();
}

// Where a file opens: the ingested copy or its source on the CBD site. A bare legacy path would come back here (it
// redirects to this very record), so a file with nothing better is listed without a link.
function fileHref(file) {
  const href = file.url || file.source_url || "";
  return href && !(href.startsWith("/") && href === file.legacy_url) ? href : null;
}

function externalHost(list) {
  const hosts = new Set(list.map(fileHref).filter(Boolean).map((href) => new URL(href, location.href))
    .filter((url) => url.origin !== location.origin).map((url) => url.host));
  return hosts.size === 1 ? [...hosts][0] : null;
}

// Files grouped by language: each language named in its own language, for those who read only that one.
function files(list) {
  if (!list?.length) return null;
  const byLang = new Map();
  for (const file of list) {
    const key = file.language || "";
    if (!byLang.has(key)) byLang.set(key, []);
    byLang.get(key).push(file);
  }
  const host = externalHost(list);
  return section("record.files",
    host ? h("p", { class: "hint" }, t("record.filesAtSource", { host })) : null,
    h("ul", { class: "files" }, [...byLang].map(([code, group]) => h("li", {},
      h("span", { class: "file-lang", lang: code || null }, code ? nativeLanguageName(code) : t("record.anyLanguage")), " ",
      group.map((file) => {
        const href = fileHref(file);
        const label = [fileFormat(file), h("span", { class: "visually-hidden" }, ` ${file.name || ""}`)];
        return href ? h("a", { href, hreflang: code || null, class: "file-link", rel: "external" }, label)
          : h("span", { class: "file-link" }, label);
      })))));
}

// A meeting code, as a reference: linked when the hub holds the meeting, else the code and its official page.
function meetingRef(record, code) {
  if (!code) return null;
  const ref = (record.meetings || []).find((m) => m.identifier === code) || code;
  return referenceNode(ref, { text: code });
}
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
  return {
    facts: [[t("field.adopted"), dateNode(record.adoption_date || record.date)],
      [t("field.meeting"), meetingRef(record, record.meeting)], [t("field.code"), record.dtt_code]],
    content: [h("div", { class: "decision-body" }, blocks)],
    sections: [files(record.files)],
    used: ["date", "text", "meetings"],
  };
}

function treaty(record) {
  return {
    content: [record.preamble ? h("div", { class: "preamble" }, textBlocks(record.preamble)) : null],
    sections: [record.articles?.length ? section("record.articles", recordList(record.articles.map((a) => ({
      identifier: a.identifier, title: [a.number && t("record.article", { n: a.number }), a.title].filter(Boolean).join(" — "),
    })))) : null],
  };
}

function treatyArticle(record) {
  return {
    facts: [[typeLabel("treaty"), record.treaty ? h("a", { href: recordHref(record.treaty.identifier), dir: "auto" },
      record.treaty.title) : null]],
    content: [record.paragraphs?.length ? renderParagraphList(record.paragraphs) : null],
    used: record.paragraphs?.length ? ["text"] : [],
  };
}

function notification(record) {
  const deadline = record.deadline ? h("span", {}, dateNode(record.deadline),
    new Date(record.deadline) < new Date() ? [" ", h("span", { class: "badge badge--muted" }, t("record.deadlinePassed"))] : null) : null;
  return {
    facts: [[t("field.reference"), textValue(record.reference)], [t("field.date"), dateNode(record.date)],
      [t("field.action_date"), dateNode(record.action_date)], [t("field.deadline"), deadline],
      [t("field.sender"), textValue(record.sender)],
      [t("field.recipients"), record.recipients?.length
        ? h("ul", { class: "plain-list" }, record.recipients.map((r) => h("li", { dir: "auto" }, r))) : null]],
    sections: [files(record.files)],
    used: ["date"],
  };
}

function meetingDocument(record) {
  return {
    facts: [[t("field.meeting"), meetingRef(record, record.meeting)],
      [t("field.documentType"), textValue([record.document_type, record.nature].filter(Boolean).join(", "))],
      [t("field.agenda"), record.agenda_items?.length ? record.agenda_items.join(", ") : null]],
    content: [record.superseded ? h("p", { class: "notice", role: "note" }, t("record.superseded")) : null],
    sections: [files(record.files)],
    used: ["meetings"],
  };
}

function meeting(record) {
  const place = [record.venue, record.city, countryName(record.country)].filter(Boolean).join(", ");
  const documents = record.documents || byType(record, "meeting-document");
  const notifications = record.notifications || byType(record, "notification");
  const decisions = byType(record, "decision");
  return {
    facts: [[t("field.code"), record.code], [t("field.dates"), formatDateRange(record.start_date, record.end_date)],
      [t("field.venue"), textValue(place)]],
    sections: [decisions.length ? section("record.decisions", recordList(decisions)) : null,
      documents.length ? section("record.documents", recordList(documents)) : null,
      notifications.length ? section("record.notifications", recordList(notifications)) : null],
    used: ["date", "meetings", "referenced_by"],
  };
}

function libraryResource(record) {
  const join = (list) => (list?.length ? list.join(", ") : null);
  return {
    facts: [[t("field.authors"), textValue(join(record.authors))], [t("field.organizations"), textValue(join(record.organizations))],
      [t("field.publisher"), textValue(record.publisher)], [t("field.date"), dateNode(record.publication_date)],
      [t("field.countries"), join((record.countries || []).map(countryName))]],
    sections: [record.links?.length ? section("record.links", h("ul", {}, record.links.map((url) => h("li", {},
      h("a", { href: typeof url === "string" ? url : url.url, dir: "auto" }, typeof url === "string" ? url : url.title || url.url))))) : null],
    used: ["date"],
  };
}

function activity(record) {
  return {
    facts: [[t("field.activityType"), textValue(record.activity_type)],
      [t("field.dates"), [record.start, record.end].filter(Boolean).map((d) => formatDate(d)).join(" – ")],
      [t("field.decisions"), recordList(record.decisions)],
      [t("field.paragraphs"), record.paragraphs?.length ? h("span", { class: "symbol" }, record.paragraphs.join(", ")) : null],
      [t("field.responsible"), textValue(record.responsible_unit)]],
    content: [record.status_narrative ? h("div", {}, textBlocks(record.status_narrative)) : null],
    sections: [record.notifications?.length ? section("record.notifications", recordList(record.notifications)) : null],
    used: ["date"],
  };
}

function tagged(record, hits, total) {
  return [
    h("p", {}, tn("record.taggedCount", total)),
    hits.length ? h("ul", { class: "record-list" }, hits.map((hit) => h("li", {},
      h("span", { class: "badge", dataset: { type: hit.type } }, typeLabel(hit.type)), " ",
      h("a", { href: recordHref(hit.identifier, { anchor: hit.anchor }), lang: hit.language || null, dir: "auto" },
        hit.title || hit.identifier),
      hit.paragraph_code ? [" ", h("span", { class: "symbol" }, hit.paragraph_code)] : null,
      hit.snippet ? h("p", { class: "snippet", lang: hit.language || null, dir: "auto" }, safeSnippet(hit.snippet)) : null))) : null,
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
  return { content: [description(record)], sections: [section("record.tagged", container)], used: ["gbf_targets", "referenced_by"] };
}

// Country activities with the country's name in the interface language, sorted in that language's order.
function aichiTarget(record) {
  // Each activity keeps its position in the record as its anchor (activity-N): search results link to it.
  const activities = (record.activities || []).map((a, i) => ({ ...a, anchor: `activity-${i + 1}` }));
  const sorted = [...activities].sort((a, b) => countryName(a.country).localeCompare(countryName(b.country)));
  return {
    content: [description(record)],
    sections: [activities.length ? section("record.activities",
      h("p", {}, tn("record.activityCount", activities.length)),
      h("ul", { class: "activities" }, sorted.map((a) => h("li", { id: a.anchor },
        h("strong", {}, countryName(a.country)), h("p", { dir: "auto" }, a.text || a.title || ""))))) : null],
  };
}

const term = (record) => ({ content: [description(record)] });

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
