"""OpenAPI paths of the Wagtail API v2 endpoints, built from the registered viewsets themselves, so the document
lists every parameter a client can send: Wagtail's (`fields`, `limit`, `offset`, `order`, `search`,
`search_operator`, `locale`, `type`, `child_of`, ...), the record filters (cms.api.filters), and one exact-match
filter per database field the endpoint exposes (Wagtail's field filters, `?date=2024-06-03`)."""

from __future__ import annotations

from typing import Any

from django.db import models

from cms.api.openapi import ERROR, json_response, path_param, query_param
from cms.api.v2_params import MAX_SEARCH_CHARS, SEARCH_OPERATORS

MAX_OFFSET = 1_000_000  # cms.api.endpoints.MAX_OFFSET (that module imports the viewsets; this one must not)

COMMON = [
    query_param("fields", {"type": "string"}, "Comma-separated fields to add (`-name` removes, `*` all, "
                "`_` none, `name(sub,fields)` nests), e.g. identifier,date"),
    query_param("limit", {"type": "integer", "minimum": 0, "maximum": 100}, "Items per page (default 20)"),
    query_param("offset", {"type": "integer", "minimum": 0, "maximum": MAX_OFFSET}),
    query_param("order", {"type": "string"}, "A field to order by, `-field` descending, several comma-separated, "
                "or `random`"),
    query_param("search", {"type": "string", "maxLength": MAX_SEARCH_CHARS},
                'Full-text search (Wagtail\'s database backend); "quoted phrases" must be closed'),
    query_param("search_operator", {"type": "string", "enum": list(SEARCH_OPERATORS)},
                "How search terms combine (default: or)"),
]
PAGE_PARAMS = [
    query_param("locale", {"type": "string"}, "Language code: en, fr, es, ru, ar, zh"),
    query_param("child_of", {"type": "string"}, "A page id, or `root`"),
    query_param("descendant_of", {"type": "string"}, "A page id, or `root`"),
    query_param("ancestor_of", {"type": "integer", "minimum": 0}),
    query_param("translation_of", {"type": "string"}, "A page id, or `root`"),
    query_param("site", {"type": "string"}, "hostname or hostname:port"),
]
RECORD_FILTERS = [
    query_param("symbol", {"type": "string"}, "The record's identifier, any case"),
    query_param("identifier", {"type": "string"}, "Same as symbol"),
    query_param("meeting", {"type": "string"}),
    query_param("gbf_target", {"type": "string"}),
    query_param("subject", {"type": "string"}),
    query_param("status", {"type": "string"}),
    query_param("date_from", {"type": "string", "format": "date"}),
    query_param("date_to", {"type": "string", "format": "date"}),
]
# Only on endpoints whose records have a deadline (notifications); elsewhere they are a 400 (cms.api.filters).
DEADLINE_FILTERS = [
    query_param("deadline_from", {"type": "string", "format": "date"},
                "Deadline on or after this date (YYYY-MM-DD), e.g. today's date for open calls"),
    query_param("deadline_to", {"type": "string", "format": "date"}, "Deadline on or before this date (YYYY-MM-DD)"),
]


def has_deadline(model: type[models.Model]) -> bool:
    return any(f.name == "deadline" for f in model._meta.get_fields())


def _field_schema(field: models.Field) -> dict[str, Any]:
    if isinstance(field, models.ForeignKey):
        field = field.target_field
    if isinstance(field, models.BooleanField):
        return {"type": "boolean"}
    if isinstance(field, (models.IntegerField, models.AutoField)):
        return {"type": "integer"}
    if isinstance(field, models.DateTimeField):
        return {"type": "string", "format": "date-time"}
    if isinstance(field, models.DateField):
        return {"type": "string", "format": "date"}
    return {"type": "string"}


def field_filters(viewset: type, taken: set[str]) -> list[dict]:
    """Wagtail's exact-match filter on each database field the endpoint exposes (not already a parameter)."""
    model = viewset.model
    params = []
    for name in viewset.get_available_fields(model, db_fields_only=True):
        if name in taken or name == "locale":
            continue
        try:
            field = model._meta.get_field(name)
        except LookupError:
            continue
        params.append(query_param(name, _field_schema(field), f"Exact match on {name}"))
    return params


def listing_parameters(viewset: type, name: str) -> list[dict]:
    params = list(COMMON)
    if name != "documents":
        params += PAGE_PARAMS + RECORD_FILTERS
        if has_deadline(viewset.model):
            params += DEADLINE_FILTERS
    if name == "pages":
        params.append(query_param("type", {"type": "string"}, "Page types, e.g. records.NotificationPage"))
    if name == "terms":
        params.append(query_param("scheme", {"type": "string"}, "gbf-target, gbf-goal, aichi-target, ..."))
    return params + field_filters(viewset, {p["name"] for p in params})


def v2_paths(endpoints: dict[str, type]) -> dict[str, dict]:
    """/api/v2/<name>/, /api/v2/<name>/{id}/ and /api/v2/<name>/find/ for each registered endpoint."""
    paths: dict[str, dict] = {}
    for name, viewset in endpoints.items():
        what = "documents linked by public records" if name == "documents" else f"published {name}"
        operation = name.replace("-", "_")
        paths[f"/api/v2/{name}/"] = {"get": {
            "summary": f"List {what}",
            "operationId": f"list_{operation}",
            "parameters": listing_parameters(viewset, name),
            "responses": {"200": json_response({"type": "object", "required": ["meta", "items"]}, "A page of items"),
                          "400": json_response(ERROR, "Invalid parameter"),
                          "404": json_response(ERROR, "Unknown locale")},
        }}
        paths[f"/api/v2/{name}/{{id}}/"] = {"get": {
            "summary": f"One of the {what}",
            "operationId": f"get_{operation}",
            "parameters": [{**path_param("id"), "schema": {"type": "integer", "minimum": 1}},
                           query_param("fields", {"type": "string"})],
            "responses": {"200": json_response({"type": "object", "required": ["id", "meta"]}, "The item"),
                          "400": json_response(ERROR, "Invalid parameter"),
                          "404": json_response(ERROR, "Not found, or not public")},
        }}
        find = [query_param("id", {"type": "integer", "minimum": 1})]
        if name != "documents":
            find.append(query_param("html_path", {"type": "string"}, "A page's path, e.g. /notifications/2024-070/"))
        paths[f"/api/v2/{name}/find/"] = {"get": {
            "summary": f"Find one of the {what} by id or path (redirects to it)",
            "operationId": f"find_{operation}",
            "parameters": find,
            "responses": {"302": {"description": "The item's detail URL"},
                          "400": json_response(ERROR, "Invalid parameter"),
                          "404": json_response(ERROR, "Not found, or not public")},
        }}
    return paths
