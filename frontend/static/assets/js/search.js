// Search page: search-as-you-type, reference jumps, facets, sort, pagination; every state is a URL.
import { api } from "./api.js";
import { config } from "./config.js";
import { announce, h, recordHref, safeSnippet, typeLabel } from "./dom.js";
import { renderFacets } from "./facets.js";
import { currentLanguage, formatDate, formatNumber, languageName, t, tn } from "./i18n.js";
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

// ---------- reference resolution ("decision 15/4" -> the record) ----------
function resolveReference(q) {
  if (resolved.q === q) return resolved.promise;
  resolveController?.abort();
  const controller = (resolveController = new AbortController());
  // Long sentences are questions, not references: skip the call.
  const promise = !q || q.length > 80
    ? Promise.resolve(null)
    : api.resolve(q, { signal: controller.signal }).catch(() => null);
  resolved = { q, promise };
  promise.then((match) => {
    if (resolved.q === q) renderSuggestion(match);
  });
  return promise;
}

function renderSuggestion(match) {
  const box = $("reference-suggestion");
  if (!match?.identifier) {
    box.hidden = true;
    box.replaceChildren();
    return;
  }
  box.replaceChildren(
    h("a", { href: recordHref(match.identifier), class: "suggestion-link" },
      h("span", { class: "suggestion-go" }, t("resolve.goto")), " ",
      h("span", { class: "badge", dataset: { type: match.type } }, typeLabel(match.type)), " ",
      h("strong", {}, match.title || match.identifier), " ",
      h("span", { class: "symbol" }, match.identifier)),
    h("span", { class: "hint" }, " ", t("resolve.enter")),
  );
  box.hidden = false;
}

// ---------- search ----------
async function runSearch() {
  searchController?.abort();
  const controller = (searchController = new AbortController());
  const results = $("results");
  results.setAttribute("aria-busy", "true");
  // The loading message appears only when the API is slow, so fast answers don't flicker.
  clearTimeout(loadingTimer);
  loadingTimer = setTimeout(() => {
    $("result-status").textContent = t("results.loading");
    results.classList.add("is-loading");
  }, 150);
  setTitle(state.q ? t("search.titleFor", { q: state.q }) : t("search.title"));
  const params = {
    q: state.q, lang, page: state.page, limit: config.pageSize, sort: state.sort, ...state.filters,
  };
  try {
    const data = await api.search(params, { signal: controller.signal });
    if (controller !== searchController) return;
    renderResults(data);
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

function renderResults(data) {
  const results = $("results");
  const total = data.total ?? data.results?.length ?? 0;
  const status = state.q ? tn("results.countFor", total, { q: state.q }) : tn("results.count", total);
  $("result-status").textContent = status;
  renderFacets($("facets"), data.facets, state, onFacetChange, onClearFilters);
  if (!data.results?.length) {
    results.replaceChildren(emptyState());
    $("pagination").replaceChildren();
    return;
  }
  const list = h("ol", { class: "results", start: String((state.page - 1) * config.pageSize + 1) });
  for (const hit of data.results) {
    // Content in another language than the interface keeps its own direction (English inside Arabic stays LTR).
    const snippet = hit.snippet ? h("p", { class: "snippet", lang: hit.language || null, dir: "auto" }, safeSnippet(hit.snippet)) : null;
    list.append(h("li", { class: "hit" }, h("article", {},
      h("h3", { class: "hit-title" },
        h("a", { href: recordHref(hit.identifier, { anchor: hit.anchor }), lang: hit.language || null, dir: "auto" },
          hit.title || hit.identifier)),
      hitMeta(hit), snippet)));
  }
  results.replaceChildren(list);
  renderPagination(total, data.limit || config.pageSize);
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

function pageHref(page) {
  return `?${stateToParams({ ...state, page }, lang)}`;
}

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
    items.push(page === current
      ? h("a", { href: pageHref(page), "aria-current": "page", "aria-label": t("pagination.page", { n: formatNumber(page) }) }, formatNumber(page))
      : link(page, formatNumber(page), { "aria-label": t("pagination.page", { n: formatNumber(page) }) }));
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

function onInput() {
  clearTimeout(debounceTimer);
  const q = $("q").value.trim();
  debounceTimer = setTimeout(() => {
    if (q === state.q) return;
    state = { ...state, q, page: 1 };
    commit({ typing: true });
    resolveReference(q);
    runSearch();
  }, config.debounceMs);
}

async function onSubmit(event) {
  event.preventDefault();
  clearTimeout(debounceTimer);
  const q = $("q").value.trim();
  // An exact reference goes straight to its record; anything else is a search (new history entry).
  const match = await resolveReference(q);
  if (match?.identifier && $("q").value.trim() === q) {
    location.assign(recordHref(match.identifier));
    return;
  }
  state = { ...state, q, page: 1 };
  commit({ push: true });
  runSearch();
}

function syncForm() {
  $("q").value = state.q;
  $("sort").value = state.sort;
}

async function main() {
  lang = await startPage({ titleKey: "search.title" });
  syncForm();
  $("q").addEventListener("input", onInput);
  $("search-form").addEventListener("submit", onSubmit);
  $("sort").addEventListener("change", (e) => {
    state = { ...state, sort: e.target.value, page: 1 };
    commit();
    runSearch();
  });
  window.addEventListener("popstate", () => {
    state = readState();
    syncForm();
    refreshLanguageLinks();
    resolveReference(state.q);
    runSearch();
  });
  // Canonicalise the URL (adds lang) without a new history entry, then search.
  history.replaceState({ typing: false }, "", `${location.pathname}?${stateToParams(state, lang)}`);
  refreshLanguageLinks();
  resolveReference(state.q);
  runSearch();
}

main();
