// What every page shares: language, translated static markup, the language switcher and keyboard shortcuts.
import { applyTranslations, currentLanguage, LANGUAGES, pickLanguage, setLanguage, t } from "./i18n.js";
import { h } from "./dom.js";
import { loadLabels } from "./labels.js";

// The interface strings and the names of coded values load together (two requests in parallel, both cached).
// beforeShow() fills what sits above the content while the page is still hidden: a box appearing there after the
// first paint would push the whole page down (a layout shift).
export async function startPage({ titleKey, beforeShow } = {}) {
  const lang = pickLanguage();
  await Promise.all([setLanguage(lang), loadLabels(lang)]);
  applyTranslations();
  if (titleKey) setTitle(t(titleKey));
  renderLanguageSwitcher();
  installShortcuts();
  if (beforeShow) await beforeShow();
  // Pages are hidden until strings are in place so nobody sees a flash of untranslated keys.
  document.body.classList.remove("is-booting");
  return currentLanguage();
}

export function setTitle(text) {
  document.title = text ? `${text} · ${t("site.name")}` : t("site.name");
}

// Each language is a real link (hreflang, lang) to the current URL with ?lang= changed: it can be opened in a new
// tab and is announced in its own language. refreshLanguageLinks() keeps it in step after history.pushState.
function renderLanguageSwitcher() {
  const nav = document.getElementById("language-switcher");
  if (!nav) return;
  nav.setAttribute("aria-label", t("nav.languages"));
  const list = h("ul", { class: "lang-list" });
  for (const { code, name } of LANGUAGES) {
    list.append(h("li", {}, h("a", { href: "#", hreflang: code, lang: code, dataset: { lang: code } }, name)));
  }
  nav.replaceChildren(list);
  refreshLanguageLinks();
}

export function refreshLanguageLinks() {
  for (const link of document.querySelectorAll("#language-switcher a[data-lang]")) {
    const url = new URL(location.href);
    url.searchParams.set("lang", link.dataset.lang);
    link.href = url.pathname.split("/").pop() + url.search + url.hash;
    if (link.dataset.lang === currentLanguage()) link.setAttribute("aria-current", "true");
    else link.removeAttribute("aria-current");
  }
  for (const field of document.querySelectorAll("input.lang-field")) field.value = currentLanguage();
  for (const link of document.querySelectorAll("a[data-keep-lang]")) {
    const url = new URL(link.getAttribute("href"), location.href);
    url.searchParams.set("lang", currentLanguage());
    link.href = url.pathname.split("/").pop() + url.search;
  }
}

// "/" focuses the search box (as on GitHub, MDN): a shortcut that never steals a key typed into a field.
function installShortcuts() {
  document.addEventListener("keydown", (event) => {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target;
    if (target.closest?.("input, textarea, select, [contenteditable]")) return;
    const box = document.querySelector("[data-search-box]");
    if (!box) return;
    event.preventDefault();
    box.focus();
    box.select?.();
  });
}
