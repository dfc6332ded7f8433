// The whole search state lives in the URL (?q=&type=&year=&page=&sort=&lang=): shareable, and back/forward restore it.
export const FACETS = ["type", "year", "meeting", "subject", "gbf_target", "language", "status"];
export const SORTS = ["relevance", "date_desc", "date_asc"];

export function readState(search = location.search) {
  const params = new URLSearchParams(search);
  const filters = {};
  for (const facet of FACETS) {
    // Repeated parameters and comma lists are both accepted, so hand-written links work too.
    const values = params.getAll(facet).flatMap((v) => v.split(",")).map((v) => v.trim()).filter(Boolean);
    if (values.length) filters[facet] = [...new Set(values)];
  }
  const page = Math.max(1, Number.parseInt(params.get("page"), 10) || 1);
  const sort = SORTS.includes(params.get("sort")) ? params.get("sort") : "relevance";
  return { q: (params.get("q") || "").trim(), filters, page, sort };
}

export function stateToParams(state, lang) {
  const params = new URLSearchParams();
  if (state.q) params.set("q", state.q);
  for (const facet of FACETS) for (const value of state.filters[facet] || []) params.append(facet, value);
  if (state.page > 1) params.set("page", String(state.page));
  if (state.sort !== "relevance") params.set("sort", state.sort);
  params.set("lang", lang);
  return params;
}

export const hasFilters = (state) => FACETS.some((f) => state.filters[f]?.length);

export function toggleFilter(state, facet, value, on) {
  const values = new Set(state.filters[facet] || []);
  if (on) values.add(value);
  else values.delete(value);
  const filters = { ...state.filters, [facet]: [...values] };
  if (!values.size) delete filters[facet];
  return { ...state, filters, page: 1 };
}
