// Interface strings in the six UN languages, document language and direction, and locale-aware formatting.
export const LANGUAGES = [
  { code: "ar", name: "العربية" },
  { code: "zh", name: "中文" },
  { code: "en", name: "English" },
  { code: "fr", name: "Français" },
  { code: "ru", name: "Русский" },
  { code: "es", name: "Español" },
];
const CODES = LANGUAGES.map((l) => l.code);
const RTL = new Set(["ar"]);
const STORAGE_KEY = "cbd-hub-lang";

let current = "en";
let strings = {};
let fallback = {};

// The URL wins (shareable links), then the visitor's last choice, then the browser's languages, then English.
export function pickLanguage() {
  const fromUrl = new URLSearchParams(location.search).get("lang");
  if (CODES.includes(fromUrl)) return fromUrl;
  let stored = null;
  try {
    stored = localStorage.getItem(STORAGE_KEY);
  } catch {
    // Storage can be disabled; the choice then lives in the URL only.
  }
  if (CODES.includes(stored)) return stored;
  for (const tag of navigator.languages || []) {
    const base = tag.toLowerCase().split("-")[0];
    if (CODES.includes(base)) return base;
  }
  return "en";
}

const dictionaries = new Map(); // one request per language and page, whoever asks

export function fetchDictionary(lang) {
  if (!dictionaries.has(lang)) {
    dictionaries.set(lang, fetch(new URL(`../i18n/${lang}.json`, import.meta.url)).then((response) => {
      if (!response.ok) throw new Error(`i18n ${lang}: ${response.status}`);
      return response.json();
    }));
  }
  return dictionaries.get(lang);
}

export async function setLanguage(lang) {
  current = CODES.includes(lang) ? lang : "en";
  // English is loaded too so a key missing from a translation still shows readable text, never a raw key.
  const [dict, en] = await Promise.all([
    fetchDictionary(current),
    current === "en" ? null : fetchDictionary("en"),
  ]);
  strings = dict;
  fallback = en || dict;
  document.documentElement.lang = current;
  document.documentElement.dir = isRtl(current) ? "rtl" : "ltr";
  try {
    localStorage.setItem(STORAGE_KEY, current);
  } catch {
    // See pickLanguage.
  }
  return current;
}

export const currentLanguage = () => current;
export const isRtl = (lang) => RTL.has(lang);

export function t(key, vars = {}) {
  const template = strings[key] ?? fallback[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (_, name) => (name in vars ? String(vars[name]) : `{${name}}`));
}

// A translated label for an open-ended value (a status, a translation state), or the value itself when unknown.
export function tOr(key, alternative) {
  return key in strings || key in fallback ? t(key) : alternative;
}

// Plural forms follow CLDR rules (Arabic has six, Russian four): keys are "name.one", "name.few", "name.other"…
export function tn(key, count, vars = {}) {
  const rule = new Intl.PluralRules(current).select(count);
  const chosen = `${key}.${rule}` in strings || `${key}.${rule}` in fallback ? `${key}.${rule}` : `${key}.other`;
  return t(chosen, { count: formatNumber(count), ...vars });
}

export const formatNumber = (n) => new Intl.NumberFormat(current).format(n);

export function formatDate(value) {
  if (!value) return "";
  const date = new Date(value.length === 10 ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(date.getTime())) return value; // free text such as "Before Q1 2026"
  return new Intl.DateTimeFormat(current, { dateStyle: "long", timeZone: "UTC" }).format(date);
}

export function formatDateRange(start, end) {
  if (!start || !end) return formatDate(start || end);
  const a = new Date(start.length === 10 ? `${start}T00:00:00Z` : start);
  const b = new Date(end.length === 10 ? `${end}T00:00:00Z` : end);
  if (Number.isNaN(a.getTime()) || Number.isNaN(b.getTime())) return `${start} – ${end}`;
  return new Intl.DateTimeFormat(current, { dateStyle: "long", timeZone: "UTC" }).formatRange(a, b);
}

function displayName(type, code) {
  try {
    return new Intl.DisplayNames([current], { type }).of(code) || code;
  } catch {
    return code;
  }
}
export const languageName = (code) => (code ? displayName("language", code) : "");
// A language named in itself ("français", "العربية"): how a reader of only that language finds it in a list.
export function nativeLanguageName(code) {
  const own = LANGUAGES.find((l) => l.code === code)?.name;
  if (own) return own;
  try {
    return new Intl.DisplayNames([code], { type: "language" }).of(code) || code;
  } catch {
    return code;
  }
}
export const countryName = (code) => (code && /^[A-Za-z]{2}$/.test(code) ? displayName("region", code.toUpperCase()) : code);

// Fill [data-i18n] text and [data-i18n-attr="placeholder:key;aria-label:key"] attributes of static markup.
export function applyTranslations(root = document) {
  for (const el of root.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll("[data-i18n-attr]")) {
    for (const pair of el.dataset.i18nAttr.split(";")) {
      const [attr, key] = pair.split(":");
      if (attr && key) el.setAttribute(attr.trim(), t(key.trim()));
    }
  }
}
