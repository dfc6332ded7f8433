"""The OpenAPI description of /api/search/, registered into the project's document (cms.api.openapi)."""

from __future__ import annotations

from cms.api.openapi import ERROR, LANG, json_response, object_schema, query_param
from identifiers import LANGUAGES, RECORD_TYPES
from search.api.params import MAX_DEPTH, MAX_Q_CHARS, MAX_Q_INPUT
from search.api.shapes import RESULT_DESCRIPTIONS, SearchResultItem
from search.engine import SORTS
from search.retrieval.modes import MODES

SEARCH_RESULT = {
    "type": "object",
    "required": ["total", "page", "limit", "query", "results", "facets", "took_ms"],
    "properties": {
        "total": {"type": "integer", "description": "Matching records (one per record, whatever its languages)"},
        "page": {"type": "integer"},
        "limit": {"type": "integer"},
        "took_ms": {"type": "number"},
        "query": {
            "type": "object",
            "description": "How the query was understood: references found and the words searched besides them",
            "properties": {
                "q": {"type": "string"},
                "lang": {"type": "string"},
                "mode": {"type": "string", "description": "The mode that ran"},
                "requested_mode": {"type": "string"},
                "references": {"type": "array", "items": {"type": "object"}},
                "rest": {"type": "string"},
                "language": {
                    "type": ["string", "null"], "enum": [*LANGUAGES, None],
                    "description": "The language the query is written in, recognised from the text whatever `lang` "
                                   "says (script, an offline detector, the CBD glossary); null when the query has "
                                   "no word of any language (a symbol or a number)",
                },
                "relaxed": {
                    "type": ["string", "null"], "enum": ["most", "any", "semantic", None],
                    "description": "null when the results hold every word of the query (or it named a record); "
                                   "\"most\" or \"any\" when no record holds them all and the results match most "
                                   "or only some of them; \"semantic\" when no word matched and the results are "
                                   "the records closest in meaning. A front end can say \"showing results for "
                                   "some of your words\"",
                },
                "exact": {
                    "type": ["string", "null"],
                    "description": "Identifier of the record the query named by its symbol or reference "
                                   "(shown first), else null",
                },
                "linked": {
                    "type": "array", "items": {"type": "string"},
                    "description": "Identifiers of the records linked to `exact` that this page's window shows, in "
                                   "rank order: its indicators, the decision paragraphs, notifications, meetings "
                                   "and activities tagged with it or listing it as related, and the records it is "
                                   "itself tagged with; they rank above records whose only tie is a similar number",
                },
                "translations": {
                    "type": "array",
                    "description": "Glossary terms of a non-English query and the English wording also searched",
                    "items": {"type": "object", "properties": {
                        "language": {"type": "string"}, "matched": {"type": "string"}, "english": {"type": "string"}}},
                },
            },
        },
        "facets": {
            "type": "object",
            "description": "Per facet, value -> number of matching records",
            "additionalProperties": {"type": "object", "additionalProperties": {"type": "integer"}},
        },
        "results": {"type": "array", "items": object_schema(SearchResultItem, RESULT_DESCRIPTIONS)},
        "topics": {
            "type": "array", "items": object_schema(SearchResultItem, RESULT_DESCRIPTIONS),
            "description": "CBD subjects whose page holds every word of the query (at most 3, first page only): "
                           "ways in shown beside the results. Subject pages are left out of `results` and of "
                           "`total` and the facets unless the request filters on `type`",
        },
    },
}
Q = query_param("q", {"type": "string", "maxLength": MAX_Q_INPUT},
                f"Words, identifiers or references (e.g. decision 15/4); empty browses everything. Up to "
                f"{MAX_Q_INPUT} characters are taken (a 400 beyond), of which the first {MAX_Q_CHARS} are searched.")
REPEATABLE = (" Repeat the parameter to accept any of several values; different filters all apply. An empty value "
              "is ignored.")
FILTERS = [
    query_param("type", {"type": "string", "enum": [*RECORD_TYPES, ""]}, "Record type." + REPEATABLE),
    query_param("year", {"type": "string", "pattern": "^([0-9]{4})?$"},
                "Year of the record's main date." + REPEATABLE),
    query_param("meeting", {"type": "string", "maxLength": 200}, "Meeting code, e.g. COP-16." + REPEATABLE),
    query_param("subject", {"type": "string", "maxLength": 200}, "Subject, e.g. CBD-SUBJECT-BIOSAFETY." + REPEATABLE),
    query_param("gbf_target", {"type": "string", "maxLength": 200}, "GBF target, e.g. GBF-TARGET-03." + REPEATABLE),
    query_param(
        "language",
        {"type": "string", "enum": [*LANGUAGES, ""]},
        "Only versions in this language (default: the reader's language with English fallback)." + REPEATABLE,
    ),
    query_param("status", {"type": "string", "maxLength": 200}, REPEATABLE.strip()),
]


def paths() -> dict[str, dict]:
    return {
        "/api/search/": {
            "get": {
                "summary": "Search everything published, with facets",
                "operationId": "search",
                "parameters": [
                    Q,
                    {**LANG, "description": "The reader's language: results show that version, else English "
                     f"(the default). {LANG['description']}"},
                    *FILTERS,
                    query_param("page", {"type": "integer", "minimum": 1, "maximum": MAX_DEPTH},
                                f"Default 1. page x limit may not exceed {MAX_DEPTH} (a 400 beyond)"),
                    query_param(
                        "limit",
                        {"type": "integer", "minimum": 0, "maximum": 100},
                        "Default 10; 0 returns counts and facets only",
                    ),
                    query_param("sort", {"type": "string", "enum": list(SORTS)}),
                    query_param(
                        "mode",
                        {"type": "string", "enum": list(MODES)},
                        "A mode that is not available runs lexical; query.mode says which ran",
                    ),
                ],
                "responses": {
                    "200": json_response(SEARCH_RESULT, "Results"),
                    "400": json_response(ERROR, "Invalid parameter"),
                    "503": json_response(ERROR, "The search engine is unavailable"),
                },
            }
        },
        "/api/search/export/": {
            "get": {
                "summary": "Search results as CSV or JSON, streamed (one row per record)",
                "description": "The parameters of /api/search/; up to SEARCH_EXPORT_LIMIT records (10,000 by "
                               "default; Meilisearch stops at its maxTotalHits).",
                "operationId": "search_export",
                "parameters": [Q, LANG, *FILTERS,
                               query_param("sort", {"type": "string", "enum": list(SORTS)}),
                               query_param("format", {"type": "string", "enum": ["csv", "json"]}),
                               query_param("limit", {"type": "integer", "minimum": 1, "maximum": 10000},
                                           "At most this many records")],
                "responses": {
                    "200": {"description": "The results", "content": {"text/csv": {"schema": {"type": "string"}},
                                                                       "application/json": {"schema": {
                                                                           "type": "object"}}}},
                    "400": json_response(ERROR, "Invalid parameter"),
                    "503": json_response(ERROR, "The search engine is unavailable"),
                },
            }
        },
        "/feeds/search/": {
            "get": {
                "summary": "Atom feed of any search (the parameters of /api/search/)",
                "operationId": "feed_search",
                "parameters": [Q, LANG, *FILTERS,
                               query_param("sort", {"type": "string", "enum": list(SORTS)})],
                "responses": {
                    "200": {"description": "Atom 1.0 feed", "content": {"application/atom+xml": {
                        "schema": {"type": "string"}}}},
                    "400": json_response(ERROR, "Invalid parameter"),
                    "503": json_response(ERROR, "The search engine is unavailable"),
                },
            }
        },
    }
