// Facet filters: one fieldset of checkboxes per facet, counts from the API, long lists folded behind "Show more".
import { h, typeLabel, termLabel } from "./dom.js";
import { formatNumber, languageName, t, tOr } from "./i18n.js";
import { FACETS } from "./search-state.js";

const VISIBLE = 6;
const expanded = new Set(); // facets the visitor unfolded; kept across re-renders

function valueLabel(facet, value) {
  if (facet === "type") return typeLabel(value);
  if (facet === "language") return languageName(value);
  if (facet === "gbf_target" || facet === "subject") return termLabel(value);
  if (facet === "status") return tOr(`status.${value}`, value);
  return value;
}

function orderedEntries(facet, counts, selected) {
  const entries = Object.entries(counts || {});
  for (const value of selected) if (!(value in (counts || {}))) entries.push([value, 0]);
  if (facet === "year") return entries.sort((a, b) => b[0].localeCompare(a[0]));
  if (facet === "gbf_target") return entries.sort((a, b) => a[0].localeCompare(b[0], "en", { numeric: true }));
  return entries.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
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
    const list = h("ul", { class: "facet-list", id: `facet-${facet}` });
    entries.forEach(([value, count], index) => {
      const checked = selected.includes(value);
      const hidden = !open && index >= VISIBLE && !checked;
      const id = `f-${facet}-${value.replace(/[^A-Za-z0-9_-]/g, "_")}`;
      const box = h("input", {
        type: "checkbox", id, name: facet, value, checked,
        dataset: { facetKey: `${facet}=${value}` },
        onchange: (e) => onChange(facet, value, e.target.checked),
      });
      list.append(h("li", { hidden },
        box,
        h("label", { for: id }, h("span", { class: "facet-value" }, valueLabel(facet, value)),
          h("span", { class: "facet-count" }, formatNumber(count)))));
    });
    const fieldset = h("fieldset", { class: "facet" }, h("legend", {}, t(`facet.${facet}`)), list);
    if (entries.length > VISIBLE) {
      fieldset.append(h("button", {
        type: "button", class: "link-button", "aria-expanded": String(open), "aria-controls": list.id,
        onclick: () => {
          if (open) expanded.delete(facet);
          else expanded.add(facet);
          renderFacets(container, facets, state, onChange, onClear);
          container.querySelector(`#facet-${facet} + button`)?.focus();
        },
      }, open ? t("facets.less") : t("facets.more", { count: formatNumber(entries.length - VISIBLE) })));
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
