// Facet filters: one fieldset of checkboxes per facet, counts from the API, long lists folded behind "Show more",
// every value named through the labels API (never a raw code such as CBD-SUBJECT-KMGBF or 006589).
import { h } from "./dom.js";
import { formatNumber, languageName, t } from "./i18n.js";
import { labelOf } from "./labels.js";
import { FACETS } from "./search-state.js";

const VISIBLE = 6;
const expanded = new Set(); // facets the visitor unfolded; kept across re-renders

// The facet's value as the reader should see it: { text, lang, name, nameLang } (see labels.js).
export function facetLabel(facet, value) {
  if (facet === "language") return { text: languageName(value) };
  if (facet === "year") return { text: value };
  return labelOf(facet, value);
}

// A label element: the name in its own language, and for targets and meetings the longer name beside the code.
export function facetValueNode(facet, value) {
  const label = facetLabel(facet, value);
  return h("span", { class: "facet-value" },
    h("span", { lang: label.lang || null, dir: label.lang ? "auto" : null }, label.text),
    label.name ? h("span", { class: "facet-name", lang: label.nameLang || null, dir: "auto" }, label.name) : null);
}

function orderedEntries(facet, counts, selected) {
  const entries = Object.entries(counts || {});
  for (const value of selected) if (!(value in (counts || {}))) entries.push([value, 0]);
  if (facet === "year") return entries.sort((a, b) => b[0].localeCompare(a[0]));
  if (facet === "gbf_target") return entries.sort((a, b) => a[0].localeCompare(b[0], "en", { numeric: true }));
  return entries.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

function facetItem(facet, value, count, checked, hidden, onChange) {
  const id = `f-${facet}-${value.replace(/[^A-Za-z0-9_-]/g, "_")}`;
  const box = h("input", {
    type: "checkbox", id, name: facet, value, checked,
    dataset: { facetKey: `${facet}=${value}` },
    onchange: (e) => onChange(facet, value, e.target.checked),
  });
  // `hidden` removes folded values from the page and from the Tab order ([hidden] wins over display rules).
  return h("li", { hidden }, box,
    h("label", { for: id }, facetValueNode(facet, value), h("span", { class: "facet-count" }, formatNumber(count))));
}

// onChange(facet, value, checked) is called when a box is ticked; focus is restored by the caller's re-render.
export function renderFacets(container, facets, state, onChange, onClear) {
  const focusedKey = document.activeElement?.dataset?.facetKey;
  const groups = [];
  for (const facet of FACETS) {
    const selected = state.filters[facet] || [];
    const entries = orderedEntries(facet, facets?.[facet], selected);
    if (!entries.length) continue;
    const open = expanded.has(facet);
    const list = h("ul", { class: "facet-list", id: `facet-${facet}` }, entries.map(([value, count], index) =>
      facetItem(facet, value, count, selected.includes(value), !open && index >= VISIBLE && !selected.includes(value),
        onChange)));
    const fieldset = h("fieldset", { class: "facet" }, h("legend", {}, t(`facet.${facet}`)), list);
    const folded = entries.filter(([value], index) => index >= VISIBLE && !selected.includes(value)).length;
    if (folded) {
      fieldset.append(h("button", {
        type: "button", class: "link-button facet-more", "aria-expanded": String(open), "aria-controls": list.id,
        onclick: () => {
          if (open) expanded.delete(facet);
          else expanded.add(facet);
          renderFacets(container, facets, state, onChange, onClear);
          container.querySelector(`#facet-${facet} + button`)?.focus();
        },
      }, open ? t("facets.less") : t("facets.more", { count: formatNumber(folded) })));
    }
    groups.push(fieldset);
  }
  if (FACETS.some((f) => state.filters[f]?.length)) {
    groups.unshift(h("button", { type: "button", class: "button button--secondary", onclick: onClear }, t("facets.clear")));
  }
  if (!groups.length) groups.push(h("p", { class: "hint" }, t("facets.none")));
  container.replaceChildren(...groups);
  if (focusedKey) container.querySelector(`[data-facet-key="${CSS.escape(focusedKey)}"]`)?.focus();
}
