// Search page: search-as-you-type, reference jumps, facets, sort, pagination; every state is a URL.
import { api, apiHref } from "./api.js";
import { config } from "./config.js";
import { announce, h, recordHref, safeSnippet, typeLabel } from "./dom.js";
import { renderFacets } from "./facets.js";
import { installFiltersDrawer, updateFiltersDrawer } from "./filters-drawer.js";
import { formatDate, formatNumber, languageName, pickLanguage, t, tn } from "./i18n.js";
import { renderLanding } from "./search-landing.js";
import { activeFilterCount, renderActiveFilters, renderHint, renderQueryNotes, renderTopics } from "./search-notes.js";
import { hasFilters, readState, stateToParams, toggleFilter } from "./search-state.js";
import { refreshLanguageLinks, setTitle, startPage } from "./shell.js";

const $ = (id) => document.getElementById(id);
let state = readState();
let lang = "en";
let searchController = null; // aborts the previous search when a newer one starts (stale responses never render)
let resolveController = null;
let resolved = { q: null, promise: Promise.resolve(null) }; // the reference lookup for the current text
let debounceTimer = 0;
let loadingTimer = 0;

// ---------- URL and history ----------
function commit({ push = true, typing = false } = {}) {
  const url = `${location.pathname}?${stateToParams(state, lang)}`;
  // A run of keystrokes is one history entry: the first pushes, the following ones replace it.
  const replace = !push || (typing && history.state?.typing);
  history[replace ? "replaceState" : "pushState"]({ typing }, "", url);
  refreshLanguageLinks();
}

// The page before any query or filter shows entry points, not a list ranked by nothing.
const isLanding = (s) => !s.q && !hasFilters(s) && s.page === 1 && s.sort === "relevance";

// ---------- reference resolution ("decision 15/4" -> the record) ----------
// Only text that can name a record goes to /api/resolve/: a digit (15/4, 2024-070, COP16, article 8(j)), a slash,
// an address, or one hyphenated code (GBF-GOAL-A, CBD-SUBJECT-ABS). Topical words are searched, never resolved, so
// a query such as "forests" costs no request and logs no "nothing matches" 404.
const REFERENCE_LIKE = /\d|\/|^https?:|^\p{L}+(?:-[\p{L}\d.]+)+$/u;
const looksLikeReference = (q) => Boolean(q) && q.length <= 80 && REFERENCE_LIKE.test(q);

function resolveReference(q) {
  if (resolved.q === q) return resolved.promise;
  resolveController?.abort();
  const controller = (resolveController = new AbortController());
  const promise = looksLikeReference(q) ? api.resolve(q, { signal: controller.signal }).catch(() => null) : Promise.resolve(null);
  resolved = { q, promise };
  promise.then((match) => {
    if (resolved.q === q) renderSuggestion(match);
  });
  return promise;
}

// A reference to a paragraph ("article 8(j)") goes to the paragraph itself.
// A decision the hub only knows from what cites it goes to its tracking page.
const matchHref = (match) => (match.resolved === false && match.frontend_url ? match.frontend_url.replace(/^\//, "")
  : recordHref(match.identifier, { anchor: match.anchor || undefined }));

function renderSuggestion(match) {
  const box = $("reference-suggestion");
  if (!match?.identifier) {
    box.hidden = true;
    box.replaceChildren();
    return;
  }
  box.replaceChildren(
    h("a", { href: matchHref(match), class: "suggestion-link" },
      h("span", { class: "suggestion-go" }, t("resolve.goto")), " ",
      h("span", { class: "badge", dataset: { type: match.type } }, typeLabel(match.type)), " ",
      h("strong", { dir: "auto" }, match.title || match.identifier), " ",
      h("span", { class: "symbol" }, match.identifier),
      match.anchor && match.paragraph ? [" ", h("span", { class: "symbol" }, `(${match.paragraph})`)] : null),
    h("span", { class: "hint" }, " ", t("resolve.enter")),
  );
  box.hidden = false;
}

// ---------- search ----------
function requestSearch() {
  searchController?.abort();
  const controller = (searchController = new AbortController());
  const landing = isLanding(state);
  // The landing page only needs the counts (facets); its entry points ask for their own lists.
  const params = {
    q: state.q, lang, page: state.page, limit: landing ? 0 : config.pageSize, sort: state.sort, ...state.filters,
  };
  const promise = api.search(params, { signal: controller.signal });
  promise.catch(() => {}); // handled where it is shown (showSearch); the first one is shown after a wait
  return { controller, landing, promise };
}

async function showSearch({ controller, landing, promise }) {
  const results = $("results");
  results.setAttribute("aria-busy", "true");
  // The loading message appears only when the API is slow, so fast answers don't flicker.
  clearTimeout(loadingTimer);
  loadingTimer = setTimeout(() => {
    $("result-status").textContent = t("results.loading");
    results.classList.add("is-loading");
  }, 150);
  setTitle(state.q ? t("search.titleFor", { q: state.q }) : t("search.title"));
  try {
    const data = await promise;
    if (controller !== searchController) return;
    renderResults(data, landing);
  } catch (error) {
    if (error.name === "AbortError") return;
    renderError(error);
  } finally {
    if (controller === searchController) {
      clearTimeout(loadingTimer);
      results.setAttribute("aria-busy", "false");
      results.classList.remove("is-loading");
    }
  }
}

const runSearch = () => showSearch(requestSearch());

function hitMeta(hit) {
  const bits = [h("span", { class: "badge", dataset: { type: hit.type } }, typeLabel(hit.type))];
  if (hit.paragraph_code) bits.push(h("span", { class: "symbol" }, t("results.paragraph", { code: hit.paragraph_code })));
  else if (hit.identifier && hit.identifier !== hit.title) bits.push(h("span", { class: "symbol" }, hit.identifier));
  if (hit.date) bits.push(h("time", { datetime: hit.date }, formatDate(hit.date)));
  if (hit.language && hit.language !== lang) {
    bits.push(h("span", { class: "lang-note" }, t("results.inLanguage", { language: languageName(hit.language) })));
  }
  return h("p", { class: "hit-meta" }, bits);
}

function hitItem(hit, { level = 3, exact = false } = {}) {
  // Content in another language than the interface keeps its own direction (English inside Arabic stays LTR).
  const snippet = hit.snippet ? h("p", { class: "snippet", lang: hit.language || null, dir: "auto" }, safeSnippet(hit.snippet)) : null;
  return h("li", { class: exact ? "hit hit--exact" : "hit" }, h("article", {},
    h(`h${level}`, { class: "hit-title" },
      h("a", { href: recordHref(hit.identifier, { anchor: hit.anchor }), lang: hit.language || null, dir: "auto" },
        hit.title || hit.identifier)),
    hitMeta(hit), snippet));
}

// A query that names a record ("decision 15/4") is answered by that record, then the records linked to it
// (`query.exact`, `query.linked`), counted as such: not as hundreds of results for the words of its title.
// Without those fields (an older API) the page shows the plain count and list.
function namedRecord(data) {
  const exact = data.query?.exact;
  if (!exact || state.page !== 1 || !data.results?.some((hit) => hit.identifier === exact)) return null;
  const linked = new Set((data.query.linked || []).filter((id) => id !== exact));
  const groups = { exact: [], linked: [], other: [] };
  for (const hit of data.results) {
    groups[hit.identifier === exact ? "exact" : linked.has(hit.identifier) ? "linked" : "other"].push(hit);
  }
  return { exact, linkedCount: linked.size, groups };
}

function namedRecordStatus(named, total) {
  const head = named.linkedCount ? tn("results.exact", named.linkedCount, { q: state.q }) : t("results.exactOnly", { q: state.q });
  const more = total - 1 - named.linkedCount;
  return more > 0 ? `${head} · ${tn("results.more", more)}` : head;
}

function namedRecordList(named) {
  const sections = [["results.exactHeading", named.groups.exact], ["results.linkedHeading", named.groups.linked],
    ["results.otherHeading", named.groups.other]].filter(([, hits]) => hits.length);
  return sections.map(([key, hits]) => h("section", { class: "result-group" },
    h("h3", { class: "result-group-title" }, t(key)),
    h("ol", { class: "results" }, hits.map((hit) => hitItem(hit, { level: 4, exact: key === "results.exactHeading" })))));
}

function renderResults(data, landing) {
  const results = $("results");
  const total = data.total ?? data.results?.length ?? 0;
  const named = landing ? null : namedRecord(data);
  $("result-status").textContent = named ? namedRecordStatus(named, total)
    : state.q ? tn("results.countFor", total, { q: state.q }) : tn("results.count", total);
  $("results-heading").textContent = landing ? t("landing.title") : t("results.title");
  renderFacets($("facets"), data.facets, state, onFacetChange, onClearFilters);
  renderQueryNotes($("query-notes"), data.query, lang, state);
  renderTopics($("topics"), landing ? [] : data.topics);
  renderActiveFilters($("active-filters"), state, (facet, value) => onFacetChange(facet, value, false));
  updateFiltersDrawer(activeFilterCount(state), total);
  $("pagination").replaceChildren();
  renderResultTools(landing ? 0 : total);
  if (landing) return renderLanding(results, lang, total);
  if (!data.results?.length) return results.replaceChildren(emptyState());
  if (named) {
    results.replaceChildren(...namedRecordList(named));
    return renderPagination(total, data.limit || config.pageSize);
  }
  const list = h("ol", { class: "results", start: String((state.page - 1) * config.pageSize + 1) }, data.results.map(hitItem));
  results.replaceChildren(list);
  renderPagination(total, data.limit || config.pageSize);
}

// The current search as an Atom feed and as a download (CSV, JSON): the same filters, every matching record.
function renderResultTools(total) {
  const box = $("result-tools");
  if (!box) return;
  const params = new URLSearchParams(stateToParams({ ...state, page: 1 }, lang));
  params.delete("page");
  const feedHref = apiHref(`/feeds/search/?${params}`);
  document.getElementById("search-feed")?.remove();
  document.head.append(h("link", { rel: "alternate", type: "application/atom+xml", href: feedHref, id: "search-feed" }));
  if (!total) return box.replaceChildren();
  box.replaceChildren(
    h("a", { href: feedHref, class: "feed-link", type: "application/atom+xml" }, t("feeds.subscribe")), " · ",
    t("export.label"), " ",
    h("a", { href: apiHref(`/api/search/export/?format=csv&${params}`), download: "" }, "CSV"), " ",
    h("a", { href: apiHref(`/api/search/export/?format=json&${params}`), download: "" }, "JSON"));
}

function emptyState() {
  const ask = state.q ? h("a", { href: `ask.html?${new URLSearchParams({ q: state.q, lang })}` }, t("empty.ask")) : null;
  return h("div", { class: "empty-state" },
    h("p", { class: "empty-title" }, state.q ? t("empty.titleFor", { q: state.q }) : t("empty.title")),
    h("ul", {},
      h("li", {}, t("empty.spelling")),
      hasFilters(state) ? h("li", {}, h("button", { type: "button", class: "link-button", onclick: onClearFilters }, t("facets.clear"))) : null,
      ask ? h("li", {}, ask) : null));
}

function renderError(error) {
  const message = error.status === 0 || error.status >= 500 ? t("error.apiDown") : t("error.generic", { status: error.status });
  $("result-status").textContent = "";
  $("results").replaceChildren(h("div", { class: "error-state", role: "alert" },
    h("p", {}, message),
    h("button", { type: "button", class: "button", onclick: () => runSearch() }, t("error.retry"))));
  $("pagination").replaceChildren();
}

const pageHref = (page) => `?${stateToParams({ ...state, page }, lang)}`;

function renderPagination(total, limit) {
  const pages = Math.ceil(total / limit);
  const nav = $("pagination");
  if (pages <= 1) return nav.replaceChildren();
  const current = state.page;
  const link = (page, label, attrs = {}) => h("a", {
    href: pageHref(page), ...attrs,
    onclick: (e) => {
      e.preventDefault();
      state = { ...state, page };
      commit();
      runSearch().then(() => $("results-heading").focus());
    },
  }, label);
  const items = [];
  if (current > 1) items.push(link(current - 1, t("pagination.previous"), { rel: "prev" }));
  // A window of pages around the current one, plus first and last: short enough for phones.
  const shown = new Set([1, pages, current - 2, current - 1, current, current + 1, current + 2]);
  let previous = 0;
  for (let page = 1; page <= pages; page++) {
    if (!shown.has(page)) continue;
    if (page - previous > 1) items.push(h("span", { class: "gap", "aria-hidden": "true" }, "…"));
    const name = t("pagination.page", { n: formatNumber(page) });
    items.push(page === current
      ? h("a", { href: pageHref(page), "aria-current": "page", "aria-label": name }, formatNumber(page))
      : link(page, formatNumber(page), { "aria-label": name }));
    previous = page;
  }
  if (current < pages) items.push(link(current + 1, t("pagination.next"), { rel: "next" }));
  nav.replaceChildren(h("ul", {}, items.map((item) => h("li", {}, item))));
}

// ---------- events ----------
function onFacetChange(facet, value, checked) {
  state = toggleFilter(state, facet, value, checked);
  commit();
  runSearch();
  announce(checked ? t("facets.applied") : t("facets.removed"));
}

function onClearFilters() {
  state = { ...state, filters: {}, page: 1 };
  commit();
  runSearch();
  $("q").focus();
}

// fromBox: the text comes from the search box itself, which is left alone (the reader may still be typing).
function setQuery(q, { typing = false, fromBox = false } = {}) {
  state = { ...state, q, page: 1 };
  commit({ typing });
  if (!fromBox) $("q").value = q;
  $("search-form").classList.toggle("has-query", Boolean(q));
  resolveReference(q);
  runSearch();
}

function onInput() {
  clearTimeout(debounceTimer);
  const q = $("q").value.trim();
  debounceTimer = setTimeout(() => {
    if (q !== state.q) setQuery(q, { typing: true, fromBox: true });
  }, config.debounceMs);
}

async function onSubmit(event) {
  event.preventDefault();
  clearTimeout(debounceTimer);
  const q = $("q").value.trim();
  // An exact reference goes straight to its record; anything else is a search (new history entry).
  const match = await resolveReference(q);
  if (match?.identifier && $("q").value.trim() === q) {
    // The query and the filters are in the URL before leaving, so Back returns to exactly these results.
    state = { ...state, q, page: 1 };
    commit({ typing: true });
    location.assign(matchHref(match));
    return;
  }
  setQuery(q, { fromBox: true });
}

function syncForm() {
  $("q").value = state.q;
  $("sort").value = state.sort;
  $("search-form").classList.toggle("has-query", Boolean(state.q));
}

function restoreFromUrl() {
  // A jump within the page (the skip link to #results) is a history entry too; it changes no query, so nothing reruns
  // and the focus it moved stays where the user put it.
  const next = readState();
  if (String(stateToParams(next, lang)) === String(stateToParams(state, lang))) return;
  state = next;
  syncForm();
  refreshLanguageLinks();
  resolveReference(state.q);
  runSearch();
}

// A resolver slower than this does not hold the page back: its box then appears when it answers.
const REFERENCE_WAIT_MS = 1500;
const settle = (ms) => new Promise((resolve) => { setTimeout(() => resolve(null), ms); });

async function main() {
  // The search starts while the interface strings and labels load: the page shows its first results sooner.
  lang = pickLanguage();
  const first = requestSearch();
  // The reference box ("Go to notification 2024-070") sits above the results: it is asked for now and shown
  // before the page appears, never after (it moved the results down by its height on a phone).
  const reference = resolveReference(state.q);
  lang = await startPage({ titleKey: "search.title", beforeShow: async () => {
    // The landing's heading is longer than "Results": set before the first paint, it cannot rewrap the toolbar.
    $("results-heading").textContent = isLanding(state) ? t("landing.title") : t("results.title");
    renderSuggestion(await Promise.race([reference, settle(REFERENCE_WAIT_MS)]));
  } });
  syncForm();
  renderHint($("search-hint"), lang, (q) => setQuery(q));
  installFiltersDrawer();
  $("q").addEventListener("input", onInput);
  $("search-form").addEventListener("submit", onSubmit);
  $("sort").addEventListener("change", (e) => {
    state = { ...state, sort: e.target.value, page: 1 };
    commit();
    runSearch();
  });
  window.addEventListener("popstate", restoreFromUrl);
  // Back from a record can restore this page from the browser's memory as it was before the jump: show the
  // state its URL says instead.
  window.addEventListener("pageshow", (event) => {
    if (event.persisted) restoreFromUrl();
  });
  // Canonicalise the URL (adds lang) without a new history entry, then show the search already under way.
  history.replaceState({ typing: false }, "", `${location.pathname}?${stateToParams(state, lang)}`);
  refreshLanguageLinks();
  showSearch(first);
}

main();
