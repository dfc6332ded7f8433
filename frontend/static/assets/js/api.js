// The only module that talks to the server: every page renders from these public API calls and nothing else.
import { config } from "./config.js";

const metaBase = document.querySelector('meta[name="cbd-api-base"]')?.content?.trim();
const API_BASE = (metaBase || config.apiBase || "").replace(/\/+$/, "");

export class ApiError extends Error {
  constructor(status, body) {
    super(body?.error || body?.detail || `HTTP ${status}`);
    this.status = status; // 0 = network failure (API down or unreachable)
    this.body = body;
  }
}

function buildUrl(path, params) {
  const url = new URL(API_BASE + path, location.href);
  for (const [key, value] of Object.entries(params || {})) {
    // Arrays become repeated parameters (type=a&type=b); empty values are left out so URLs stay canonical.
    for (const item of [].concat(value ?? [])) {
      if (item !== "" && item != null) url.searchParams.append(key, item);
    }
  }
  return url;
}

export async function getJSON(path, params, { signal } = {}) {
  let response;
  try {
    response = await fetch(buildUrl(path, params), { signal, headers: { Accept: "application/json" } });
  } catch (error) {
    if (error.name === "AbortError") throw error;
    throw new ApiError(0, null);
  }
  let body = null;
  try {
    body = await response.json();
  } catch {
    // A proxy's HTML error page: keep the status, there is no body to show.
  }
  if (!response.ok) throw new ApiError(response.status, body);
  return body;
}

// A link to the API for the reader to follow or download (feeds, exports, citations): on the API's own origin.
export const apiHref = (path) => buildUrl(path).href;

export async function getText(path, params) {
  const response = await fetch(buildUrl(path, params));
  if (!response.ok) throw new ApiError(response.status, null);
  return response.text();
}

// Identifiers may contain slashes (CBD/COP/DEC/15/4): encode each segment, keep the slashes the route expects.
const encodeIdentifier = (id) => id.split("/").map(encodeURIComponent).join("/");

export const api = {
  search: (params, opts) => getJSON("/api/search/", params, opts),
  resolve: (ref, opts) => getJSON("/api/resolve/", { ref }, opts),
  record: (identifier, lang, opts) => getJSON(`/api/records/${encodeIdentifier(identifier)}/`, { lang }, opts),
  // A draft an editor previews in the Wagtail admin (record.html?preview=<token>): the record's shape.
  preview: (token, opts) => getJSON(`/api/preview/${encodeURIComponent(token)}/`, {}, opts),
  ask: (q, lang, opts) => getJSON("/api/ask/", { q, lang }, opts),
  // Display names of coded values (types, statuses, subjects, targets, meetings); cached by the browser.
  labels: (lang, opts) => getJSON("/api/labels/", { lang }, opts),
  // Wagtail API v2 listings (open deadlines and upcoming meetings on the landing page).
  notifications: (params, opts) => getJSON("/api/v2/notifications/", params, opts),
  meetings: (params, opts) => getJSON("/api/v2/meetings/", params, opts),
};
