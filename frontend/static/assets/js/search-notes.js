// What the page says about the query and the filters: the example hints, what the API recognised and searched
// ("Also searched for", "results for some of your words", "search the French interface?"), the active filters.
import { h, recordHref } from "./dom.js";
import { facetValueNode } from "./facets.js";
import { fetchDictionary, LANGUAGES, languageName, t } from "./i18n.js";
import { FACETS, stateToParams } from "./search-state.js";

// Offered only when the API is fairly sure the query is in another of the six languages.
const MIN_LANGUAGE_CONFIDENCE = 0.5;

// "Try decision 15/4, 2024-070 or COP 16": each example is a link that runs it (they are references the resolver
// understands in every language, tested in tests/browser). The list is joined the way the language joins lists.
export function renderHint(container, lang, onExample) {
  const examples = t("search.examples").split("|").map((s) => s.trim()).filter(Boolean);
  const links = examples.map((q) => h("a", {
    href: `?${new URLSearchParams({ q, lang })}`, class: "example", dir: "auto",
    onclick: (event) => {
      event.preventDefault();
      onExample(q);
    },
  }, q));
  const parts = new Intl.ListFormat(lang, { type: "disjunction" }).formatToParts(examples);
  let index = 0;
  const list = parts.map((part) => (part.type === "element" ? links[index++] : part.value));
  const [before, after] = t("search.hintExamples").split("{examples}");
  container.replaceChildren(before, ...list, after ?? "", " ", h("span", { class: "key-hint" }, t("search.hintKey")));
}

function alsoSearched(translations) {
  const terms = (translations || []).filter((item) => item?.english);
  if (!terms.length) return null;
  return h("p", { class: "query-note" }, t("query.alsoSearched"), " ",
    terms.map((item, i) => [i ? ", " : "", h("q", { lang: "en", dir: "ltr" }, item.english),
      item.matched ? [" ", h("span", { class: "hint", lang: item.language || null }, `(${item.matched})`)] : null]));
}

// The API says how far it relaxed as a string ("most", "any", "semantic"); an object {level, missing} also works.
function relaxedNote(relaxed) {
  const level = typeof relaxed === "string" ? relaxed : relaxed?.level;
  if (!level) return null;
  const missing = (relaxed?.missing || []).filter(Boolean);
  return h("p", { class: "query-note" }, t(`query.relaxed.${level}`),
    missing.length ? [" ", t("query.missing"), " ", missing.map((word, i) => [i ? ", " : "", h("s", { dir: "auto" }, word)])] : null);
}

// The offer is written in the language it offers (a French reader may not read the English interface).
// query.language is the code recognised from the text whatever `lang` says (or an object {code, source, confidence}).
function languageOffer(language, lang, state) {
  const code = typeof language === "string" ? language : language?.code;
  if (typeof language === "object" && language?.source !== "detected") return null;
  if (!code || code === lang) return null;
  if (!LANGUAGES.some((l) => l.code === code)) return null;
  if (language.confidence != null && language.confidence < MIN_LANGUAGE_CONFIDENCE) return null;
  const link = h("a", { href: `?${stateToParams(state, code)}`, hreflang: code, lang: code, class: "language-offer" },
    languageName(code));
  fetchDictionary(code).then((dict) => {
    if (dict["query.switchInterface"]) link.textContent = dict["query.switchInterface"];
  }).catch(() => {});
  return h("p", { class: "query-note" }, t("query.looksLike", { language: languageName(code) }), " ", link);
}

// Everything here degrades silently: a field the API does not send (yet) adds nothing.
export function renderQueryNotes(container, query, lang, state) {
  const notes = [alsoSearched(query?.translations), relaxedNote(query?.relaxed), languageOffer(query?.language, lang, state)]
    .filter(Boolean);
  container.replaceChildren(...notes);
}

// The filters in force, each removable: on phones they are the only sign of filters while the drawer is closed.
export function renderActiveFilters(container, state, onRemove) {
  const chips = FACETS.flatMap((facet) => (state.filters[facet] || []).map((value) => h("li", {},
    h("button", {
      type: "button", class: "chip chip--remove",
      "aria-label": t("filters.remove", { facet: t(`facet.${facet}`), value: facetValueNode(facet, value).textContent }),
      onclick: () => onRemove(facet, value),
    }, h("span", { class: "chip-facet" }, t("filters.chipFacet", { facet: t(`facet.${facet}`) })), " ",
    facetValueNode(facet, value).firstChild,
    h("span", { "aria-hidden": "true", class: "chip-x" }, " ×")))));
  container.replaceChildren(...(chips.length ? [h("ul", { class: "chips", "aria-label": t("filters.active") }, chips)] : []));
}

export const activeFilterCount = (state) => FACETS.reduce((n, facet) => n + (state.filters[facet]?.length || 0), 0);

// CBD subjects the query is about (the API's `topics`): ways in beside the results, each one the subject's page
// listing what is tagged with it.
export function renderTopics(container, topics) {
  if (!topics?.length) return container.replaceChildren();
  container.replaceChildren(h("span", { class: "topics-label" }, `${t("results.topics")}:`), " ",
    ...topics.map((topic) => h("a", { href: recordHref(topic.identifier), class: "chip", lang: topic.language || null,
      dir: "auto" }, topic.title || topic.identifier)));
}
