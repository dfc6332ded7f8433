// Phones: the facets live in a modal <dialog> opened by "Filters (n)", so the results come first on the screen.
// The same #facets element moves between the sidebar and the dialog: one rendering, one set of checkboxes. The
// native dialog gives the focus trap, Escape and an inert page behind it.
import { t, tn } from "./i18n.js";

const PHONE = window.matchMedia("(max-width: 48rem)");
const $ = (id) => document.getElementById(id);
let focusAfterClose = null; // the results heading after "Show results", else the button that opened the dialog

function close({ focusResults = false } = {}) {
  const dialog = $("filters-dialog");
  focusAfterClose = focusResults ? $("results-heading") : null;
  if (dialog.open) dialog.close();
}

function open() {
  const dialog = $("filters-dialog");
  dialog.append($("facets"));
  dialog.showModal();
  dialog.querySelector("input, button:not(#filters-done)")?.focus();
}

export function installFiltersDrawer() {
  const dialog = $("filters-dialog");
  $("filters-toggle").addEventListener("click", open);
  $("filters-done").addEventListener("click", () => close({ focusResults: true }));
  // Whatever closes it (Escape, the button, a wider window), the facets go back to the sidebar.
  dialog.addEventListener("close", () => {
    $("facets-panel").append($("facets"));
    (focusAfterClose || $("filters-toggle")).focus({ preventScroll: !focusAfterClose });
    focusAfterClose = null;
  });
  PHONE.addEventListener("change", (event) => {
    if (!event.matches) close();
  });
}

// The button says how many filters are on; the dialog's button how many results they leave.
export function updateFiltersDrawer(activeCount, total) {
  $("filters-toggle").textContent = activeCount ? t("filters.openCount", { count: activeCount }) : t("filters.open");
  if (total != null) $("filters-done").textContent = tn("filters.done", total);
}
