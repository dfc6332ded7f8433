"""The OpenAPI 3.1 document of the public API, served at /api/schema/.

Written out rather than generated: Wagtail's v2 viewsets describe themselves poorly to schema generators, and
the contract consumers (the CBD website, frontend/, schemathesis) need exact parameter and response shapes."""

from __future__ import annotations

from functools import cache

from django.http import JsonResponse

LANG = {
    "name": "lang",
    "in": "query",
    "required": False,
    "schema": {"type": "string", "enum": ["ar", "en", "es", "fr", "ru", "zh"]},
}
ERROR = {"type": "object", "properties": {"error": {"type": "string"}}, "required": ["error"]}
TYPED_ENDPOINTS = [
    "decisions",
    "meeting-documents",
    "notifications",
    "meetings",
    "library-resources",
    "treaties",
    "treaty-articles",
    "activities",
    "terms",
]


def _query(name: str, schema: dict, description: str = "") -> dict:
    return {"name": name, "in": "query", "required": False, "schema": schema, "description": description}


def _json(schema: dict, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


RECORD = {
    "type": "object",
    "required": ["identifier", "type", "title", "language", "url", "translations", "provenance"],
    "properties": {
        "identifier": {"type": "string"},
        "type": {"type": "string"},
        "title": {"type": "string"},
        "language": {"type": "string"},
        "requested_language": {"type": "string"},
        "fallback": {"type": "boolean"},
        "url": {"type": ["string", "null"]},
        "api_url": {"type": "string"},
        "date": {"type": ["string", "null"]},
        "status": {"type": ["string", "null"]},
        "translations": {"type": "object"},
        "provenance": {"type": "object"},
    },
}
SEARCH_HIT = {
    "type": "object",
    "required": [
        "identifier",
        "type",
        "title",
        "url",
        "language",
        "snippet",
        "paragraph_code",
        "anchor",
        "date",
        "score",
        "promoted",
    ],
    "properties": {
        "identifier": {"type": "string"},
        "type": {"type": "string"},
        "title": {"type": "string"},
        "url": {"type": ["string", "null"]},
        "language": {"type": "string", "description": "The version shown: the reader's language, else English"},
        "snippet": {"type": "string", "description": "Escaped text; the only tags are <mark> and </mark>"},
        "paragraph_code": {"type": ["string", "null"]},
        "anchor": {"type": ["string", "null"]},
        "date": {"type": ["string", "null"], "format": "date"},
        "score": {"type": "number"},
        "promoted": {"type": "boolean", "description": "Pinned by editors for this query"},
    },
}
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
        "results": {"type": "array", "items": SEARCH_HIT},
    },
}
CITED_PASSAGE = {
    "type": "object",
    "required": ["identifier", "paragraph_code", "anchor", "url", "language", "text", "title", "score"],
    "properties": {
        "identifier": {"type": "string", "description": "The cited record, e.g. 2024-060"},
        "paragraph_code": {"type": ["string", "null"], "description": "e.g. CBD/COP/15/04/A/01"},
        "anchor": {"type": ["string", "null"], "description": "Fragment of the paragraph on the record page"},
        "url": {"type": "string"},
        "language": {"type": "string"},
        "text": {"type": "string", "description": "The passage the answer is drawn from"},
        "title": {"type": "string"},
        "score": {"type": "number", "description": "Cosine similarity of the passage to the question"},
    },
}
ASK_RESULT = {
    "type": "object",
    "required": ["question", "answer", "found", "citations", "passages"],
    "properties": {
        "question": {"type": "string"},
        "answer": {
            "type": "string",
            "description": "A sentence of the first cited passage (or, when a generator is configured, a "
            "rephrasing citing [n] passages); a 'nothing found' message when found is false",
        },
        "found": {"type": "boolean", "description": "False when no passage answers closely enough"},
        "generated": {"type": "boolean", "description": "True when the optional generator wrote the answer"},
        "citations": {"type": "array", "items": CITED_PASSAGE, "description": "Citations, best first"},
        "passages": {"type": "array", "items": CITED_PASSAGE, "description": "Same list as citations"},
    },
}
SIMILAR_RESULT = {
    "type": "object",
    "required": ["identifier", "results"],
    "properties": {
        "identifier": {"type": "string"},
        "language": {"type": "string"},
        "results": {"type": "array", "items": {**CITED_PASSAGE, "properties": {
            **CITED_PASSAGE["properties"], "type": {"type": "string"}}}},
    },
}
RECORD_TYPES = [
    "decision",
    "meeting-document",
    "notification",
    "meeting",
    "library-resource",
    "treaty",
    "treaty-article",
    "gbf-goal",
    "gbf-target",
    "gbf-indicator",
    "aichi-goal",
    "aichi-target",
    "subject",
    "activity",
]
REPEATABLE = " Repeat the parameter to accept any of several values; different filters all apply."
FILTERS = [
    _query("type", {"type": "string", "enum": RECORD_TYPES}, "Record type." + REPEATABLE),
    _query("year", {"type": "string", "pattern": "^[0-9]{4}$"}, "Year of the record's main date." + REPEATABLE),
    _query("meeting", {"type": "string", "maxLength": 200}, "Meeting code, e.g. COP-16." + REPEATABLE),
    _query("subject", {"type": "string", "maxLength": 200}, "Subject, e.g. CBD-SUBJECT-BIOSAFETY." + REPEATABLE),
    _query("gbf_target", {"type": "string", "maxLength": 200}, "GBF target, e.g. GBF-TARGET-03." + REPEATABLE),
    _query(
        "language",
        {"type": "string", "enum": ["ar", "en", "es", "fr", "ru", "zh"]},
        "Only versions in this language (default: the reader's language with English fallback)." + REPEATABLE,
    ),
    _query("status", {"type": "string", "maxLength": 200}, REPEATABLE.strip()),
]


def _wagtail_listing(name: str) -> dict:
    params = [
        _query("fields", {"type": "string"}, "Comma-separated fields, e.g. identifier,date"),
        _query("locale", {"type": "string"}),
        _query("limit", {"type": "integer", "minimum": 1, "maximum": 100}),
        _query("offset", {"type": "integer", "minimum": 0, "maximum": 1_000_000}),
        _query("symbol", {"type": "string"}),
        _query("meeting", {"type": "string"}),
        _query("gbf_target", {"type": "string"}),
        _query("subject", {"type": "string"}),
        _query("status", {"type": "string"}),
        _query("date_from", {"type": "string", "format": "date"}),
        _query("date_to", {"type": "string", "format": "date"}),
    ]
    return {
        "get": {
            "summary": f"List published {name}",
            "operationId": f"list_{name.replace('-', '_')}",
            "parameters": params,
            "responses": {
                "200": _json({"type": "object", "required": ["meta", "items"]}, "A page of records"),
                "400": _json({"type": "object"}, "Invalid filter"),
            },
        }
    }


@cache
def openapi_document() -> dict:
    paths = {
        "/api/records/{identifier}/": {
            "get": {
                "summary": "Look up a record by its persistent identifier",
                "operationId": "get_record",
                "parameters": [
                    {"name": "identifier", "in": "path", "required": True, "schema": {"type": "string"}},
                    LANG,
                ],
                "responses": {"200": _json(RECORD, "The record"), "404": _json(ERROR, "Unknown identifier")},
            }
        },
        "/api/resolve/": {
            "get": {
                "summary": "Resolve any spelling of a reference or a legacy URL to a record",
                "operationId": "resolve",
                "parameters": [{"name": "ref", "in": "query", "required": True, "schema": {"type": "string"}}, LANG],
                "responses": {
                    "200": _json({"type": "object", "required": ["identifier", "type", "url"]}, "Resolved"),
                    "400": _json(ERROR, "No reference given"),
                    "404": _json(ERROR, "Nothing matches"),
                },
            }
        },
        "/api/search/": {
            "get": {
                "summary": "Search everything published, with facets",
                "operationId": "search",
                "parameters": [
                    _query(
                        "q",
                        {"type": "string"},
                        "Words, identifiers or references (e.g. decision 15/4); "
                        "empty browses everything. Longer than 500 characters is cut.",
                    ),
                    {**LANG, "description": "The reader's language: results show that version, else English"},
                    *FILTERS,
                    _query("page", {"type": "integer", "minimum": 1}, "page x limit may not exceed 1000"),
                    _query(
                        "limit",
                        {"type": "integer", "minimum": 0, "maximum": 100},
                        "Default 10; 0 returns counts and facets only",
                    ),
                    _query("sort", {"type": "string", "enum": ["relevance", "date_desc", "date_asc"]}),
                    _query(
                        "mode",
                        {"type": "string", "enum": ["lexical", "semantic", "hybrid"]},
                        "A mode that is not available runs lexical; query.mode says which ran",
                    ),
                ],
                "responses": {
                    "200": _json(SEARCH_RESULT, "Results"),
                    "400": _json(ERROR, "Invalid parameter"),
                    "503": _json(ERROR, "The search engine is unavailable"),
                },
            }
        },
        "/api/ask/": {
            "get": {
                "summary": "Answer a question with cited passages",
                "operationId": "ask",
                "parameters": [
                    {"name": "q", "in": "query", "required": True, "schema": {"type": "string", "maxLength": 500}},
                    LANG,
                ],
                "responses": {
                    "200": _json(ASK_RESULT, "Answer with citations, or found=false"),
                    "400": _json(ERROR, "No question, or unknown language"),
                    "503": _json(ERROR, "The vector store is temporarily unavailable"),
                },
            }
        },
        "/api/records/{identifier}/similar/": {
            "get": {
                "summary": "Records closest in meaning to this one (best passage each)",
                "operationId": "similar_records",
                "parameters": [
                    {"name": "identifier", "in": "path", "required": True, "schema": {"type": "string"}},
                    LANG,
                    _query("limit", {"type": "integer", "minimum": 1, "maximum": 50}),
                ],
                "responses": {
                    "200": _json(SIMILAR_RESULT, "Similar records"),
                    "400": _json(ERROR, "Invalid parameter"),
                    "404": _json(ERROR, "Unknown identifier"),
                    "503": _json(ERROR, "The vector store is temporarily unavailable"),
                },
            }
        },
        "/api/v2/pages/": _wagtail_listing("pages"),
    }
    for name in TYPED_ENDPOINTS:
        paths[f"/api/v2/{name}/"] = _wagtail_listing(name)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "CBD Clearing-House Knowledge Hub API",
            "version": "1.0.0",
            "description": "Read-only public API. Drafts, unpublished and private records never appear.",
        },
        "paths": paths,
    }


def openapi_view(request):
    return JsonResponse(openapi_document())
