// Names of coded values from GET /api/labels/?lang= (record types, statuses, subjects, GBF and Aichi terms, meetings):
// the API is the one place they are kept and translated; this module only looks them up.
import { api } from "./api.js";

let vocabularies = {};

// Loaded once per page, beside the interface strings. Without it (API down) codes are shown made readable.
export async function loadLabels(lang) {
  try {
    vocabularies = (await api.labels(lang))?.labels || {};
  } catch {
    vocabularies = {};
  }
}

// "meeting-document" -> "Meeting document", "CBD-SUBJECT-KMGBF" -> "KMGBF": the last resort, never a blank.
function readable(value) {
  const words = String(value).replace(/^CBD-SUBJECT-/i, "").replace(/[-_]+/g, " ").trim();
  return /[a-z]/.test(words) ? words.charAt(0).toUpperCase() + words.slice(1) : words;
}

// { text, lang, name, nameLang } for a value of one vocabulary ("type", "status", "subject", "gbf_target", "term",
// "meeting"); lang/nameLang are set only when that text is in another language than the interface.
export function labelOf(vocabulary, value) {
  const entry = vocabularies[vocabulary]?.[value];
  if (!entry) return { text: vocabulary === "meeting" || vocabulary === "year" ? value : readable(value) };
  return { text: entry.label, lang: entry.lang, name: entry.name, nameLang: entry.name_lang };
}

// Which vocabulary names an identifier found in a record's tags or references.
export function vocabularyOf(identifier) {
  if (/^GBF-TARGET-/i.test(identifier)) return "gbf_target";
  if (/^(GBF-GOAL|AICHI-TARGET|AICHI-GOAL)-/i.test(identifier)) return "term";
  if (/^CBD-SUBJECT-/i.test(identifier)) return "subject";
  return null;
}

export const hasLabel = (vocabulary, value) => Boolean(vocabularies[vocabulary]?.[value]);
export const entries = (vocabulary) => Object.entries(vocabularies[vocabulary] || {});
