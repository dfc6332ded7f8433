// Decision tracking page: GET /api/decisions/<symbol>/tracking/ — for a COP, CP-MOP or NP-MOP decision, in the hub
// or only cited: per paragraph, the Secretariat activities citing it, then the notifications and meetings linked
// to them, each with its status and dates.
import { getJSON } from "./api.js";
import { h, labelNode, recordHref, referenceNode, searchHref } from "./dom.js";
import { formatDate, t } from "./i18n.js";
import { facts, section } from "./record-types.js";
import { setTitle, startPage } from "./shell.js";

const root = document.getElementById("tracking");
const dateNode = (value) => (value ? h("time", { datetime: value }, /^\d{4}-\d{2}-\d{2}$/.test(value) ? formatDate(value) : value) : null);

function recordLine(item, extra = []) {
  return h("li", {},
    referenceNode(item, { text: item.title || item.identifier }),
    item.resolved !== false ? [" ", h("span", { class: "symbol" }, item.identifier)] : null,
    item.status ? [" ", h("span", { class: "badge badge--status" }, labelNode("status", item.status))] : null,
    item.date ? [" ", dateNode(item.date)] : null,
    extra);
}

function activityLine(activity) {
  const when = [activity.start, activity.end].filter(Boolean);
  return recordLine({ ...activity, date: null }, [
    when.length ? [" ", h("span", { class: "hint" }, when.map((w) => dateNode(w)).reduce((a, b) => [a, " – ", b]))] : null,
    activity.status_narrative ? h("p", { class: "hint", dir: "auto" }, activity.status_narrative) : null,
  ]);
}

function paragraphBlock(paragraph, activities, decision) {
  const heading = paragraph.code
    ? [t("tracking.paragraph", { label: paragraph.label }), " ", h("span", { class: "symbol" }, paragraph.code)]
    : t("tracking.whole");
  const link = paragraph.anchor && decision ? h("a", { href: recordHref(decision.identifier, { anchor: paragraph.anchor }) },
    t("tracking.readParagraph")) : null;
  return h("section", { class: "record-section tracking-paragraph" },
    h("h3", {}, heading),
    paragraph.text ? h("blockquote", { dir: "auto" }, paragraph.text) : null, link,
    h("ul", { class: "record-list" }, paragraph.activities.map((id) => activityLine(activities[id]))));
}

function listWithVia(items) {
  return h("ul", { class: "record-list" }, items.map((item) => recordLine(item, [
    item.role === "adopted" ? [" ", h("span", { class: "hint" }, t("tracking.adopted"))] : null,
    item.via?.length ? [" ", h("span", { class: "hint" }, t("tracking.via", { activities: item.via.join(", ") }))] : null,
  ])));
}

function render(data) {
  const activities = Object.fromEntries(data.activities.map((a) => [a.identifier, a]));
  const decision = data.record;
  root.replaceChildren(
    h("nav", { class: "breadcrumb", "aria-label": t("nav.breadcrumb") }, h("ol", {},
      h("li", {}, h("a", { href: searchHref() }, t("nav.search"))),
      h("li", {}, h("a", { href: searchHref({ type: "decision" }) }, t("tracking.title"))),
      h("li", { "aria-current": "page" }, h("span", { class: "symbol" }, data.symbol)))),
    h("article", { class: "record record--tracking" },
      h("header", { class: "record-header" },
        h("p", { class: "record-kicker" }, h("span", { class: "badge", dataset: { type: "decision" } }, t("tracking.title")),
          " ", h("span", { class: "symbol" }, data.symbol)),
        h("h1", {}, decision ? h("span", { dir: "auto" }, decision.title) : t("tracking.heading", { symbol: data.short })),
        facts([
          [t("tracking.body"), data.governing_body_name],
          [t("tracking.session"), data.meeting],
          [t("tracking.dttCode"), h("code", {}, data.dtt_code)],
          [t("field.status"), decision?.status ? labelNode("status", decision.status) : null],
        ]),
        decision ? h("p", {}, h("a", { href: recordHref(decision.identifier) }, t("tracking.openDecision")))
          : h("p", { class: "notice", role: "note" }, t("tracking.notInHub"),
            data.source_url ? [" ", h("a", { href: data.source_url, rel: "external" }, t("record.officialSource"))] : null)),
      data.paragraphs.length
        ? section("tracking.activities", data.paragraphs.map((p) => paragraphBlock(p, activities, decision)))
        : h("p", {}, t("tracking.none")),
      data.notifications.length ? section("tracking.notifications", listWithVia(data.notifications)) : null,
      data.meetings.length ? section("tracking.meetings", listWithVia(data.meetings)) : null,
      data.other?.length ? section("tracking.other", h("ul", { class: "record-list" }, data.other.map((o) => recordLine(o)))) : null));
}

function renderProblem(key) {
  root.replaceChildren(h("div", { class: "error-state", role: "alert" }, h("h1", {}, t(key))));
}

async function main() {
  const symbol = (new URLSearchParams(location.search).get("symbol") || "").trim();
  const encoded = symbol.split("/").map(encodeURIComponent).join("/");
  const requested = symbol ? getJSON(`/api/decisions/${encoded}/tracking/`).catch((error) => error) : null;
  await startPage();
  root.setAttribute("aria-busy", "false");
  if (!symbol) return renderProblem("tracking.missing");
  const data = await requested;
  if (data instanceof Error) {
    setTitle(t("tracking.notFound"));
    return renderProblem(data.status === 404 ? "tracking.notFound" : data.status === 400 ? "tracking.missing" : "error.generic");
  }
  setTitle(t("tracking.heading", { symbol: data.short }));
  render(data);
}

main();
