// The search page before any query or filter: entry points instead of a list ranked by nothing — the latest
// notifications, upcoming (else recent) meetings, open deadlines and the 23 GBF targets.
import { api } from "./api.js";
import { h, recordHref, searchHref } from "./dom.js";
import { formatDate, formatNumber, t } from "./i18n.js";
import { entries } from "./labels.js";

const SHOWN = 5;
const today = () => new Date().toISOString().slice(0, 10);

// body is a promise: the section is built when it answers.
async function section(id, title, body, more) {
  return h("section", { class: "landing-section", "aria-labelledby": id },
    h("h3", { id }, title), await body, more ? h("p", { class: "landing-more" }, more) : null);
}

function itemList(items, describe) {
  return h("ul", { class: "landing-list" }, items.map((item) => h("li", {}, describe(item))));
}

const dated = (date, label) => (date ? h("span", { class: "hint" }, " ", label ? t(label, { date: formatDate(date) })
  : h("time", { datetime: date }, formatDate(date))) : null);

function hitLink(hit) {
  return [h("a", { href: recordHref(hit.identifier), lang: hit.language || null, dir: "auto" }, hit.title || hit.identifier),
    dated(hit.date)];
}

// Each section's body once its request answers; a failed one says so without hiding the others.
const filled = (promise, render) => promise.then(render)
  .catch(() => h("p", { class: "hint" }, t("landing.unavailable")))
  .then((body) => h("div", { class: "landing-body" }, body));

function notifications(lang) {
  const request = api.search({ type: "notification", sort: "date_desc", limit: SHOWN, lang });
  return section("landing-notifications", t("landing.notifications"),
    filled(request, (data) => itemList(data.results || [], hitLink)),
    [h("a", { href: searchHref({ type: "notification", sort: "date_desc" }) }, t("landing.allNotifications")), " · ",
      feedLink("/feeds/notifications/")]);
}

// The Atom feed of a list shown here (subscribe in any feed reader).
const feedLink = (href) => h("a", { href, class: "feed-link", type: "application/atom+xml" }, t("feeds.subscribe"));

// Upcoming meetings soonest first (the listing API filters by date); when none is scheduled, the most recent ones
// from search (in the reader's language where translated), and the heading says which.
function meetings(lang) {
  const heading = h("h3", { id: "landing-meetings" }, t("landing.meetingsUpcoming"));
  const upcoming = api.meetings({
    date_from: today(), order: "date", fields: "identifier,date", locale: "en", limit: SHOWN,
  }).then((data) => (data.items || []).map((item) => ({ ...item, language: "en" })));
  const request = upcoming.then((items) => {
    if (items.length) return items;
    heading.textContent = t("landing.meetingsRecent");
    return api.search({ type: "meeting", sort: "date_desc", limit: SHOWN, lang }).then((data) => data.results || []);
  });
  return filled(request, (hits) => itemList(hits, hitLink)).then((body) => h("section",
    { class: "landing-section", "aria-labelledby": "landing-meetings" }, heading, body,
    h("p", { class: "landing-more" }, h("a", { href: searchHref({ type: "meeting", sort: "date_desc" }) },
      t("landing.allMeetings")))));
}

// Open calls for input: the notifications whose deadline is today or later, nearest first.
function deadlines() {
  const request = api.notifications({
    deadline_from: today(), order: "deadline", fields: "identifier,deadline", locale: "en", limit: SHOWN,
  });
  return section("landing-deadlines", t("landing.deadlines"), filled(request, (data) => {
    const items = data.items || [];
    if (!items.length) return h("p", { class: "hint" }, t("landing.noDeadlines"));
    return itemList(items, (item) => [h("a", { href: recordHref(item.identifier), lang: "en", dir: "ltr" }, item.title),
      dated(item.deadline, "landing.deadline")]);
  }), feedLink("/feeds/deadlines/"));
}

function targets() {
  const list = entries("gbf_target").sort((a, b) => a[0].localeCompare(b[0], "en", { numeric: true }));
  if (!list.length) return null;
  return section("landing-targets", t("landing.targets"), h("ol", { class: "target-grid" }, list.map(([id, entry]) =>
    h("li", {}, h("a", { href: recordHref(id) },
      h("strong", { lang: entry.lang || null }, entry.label), " ",
      entry.name ? h("span", { lang: entry.name_lang || null, dir: "auto" }, entry.name) : null)))));
}

// The entry points appear together once their three requests have answered: filled one by one, each pushed the
// sections under it down the screen (a layout shift of 0.2 on a phone). A search started meanwhile wins.
export async function renderLanding(container, lang, total) {
  const waiting = h("p", { class: "loading" }, t("record.loading"));
  container.replaceChildren(waiting);
  const [grid, ...sections] = await Promise.all([targets(), notifications(lang), meetings(lang), deadlines()]);
  if (!waiting.isConnected) return;
  container.replaceChildren(h("div", { class: "landing" },
    h("p", { class: "landing-intro" }, h("a", { href: searchHref({ sort: "date_desc" }) },
      t("landing.browseAll", { count: formatNumber(total) }))),
    h("div", { class: "landing-columns" }, sections),
    grid));
}
