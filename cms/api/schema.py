"""The OpenAPI 3.1 document of the public API, served at /api/schema/: the CMS's own endpoints (records, resolver,
Wagtail API v2) plus what each capability registered (cms.api.openapi.register_paths: search, ask).

Written out rather than generated: Wagtail's v2 viewsets describe themselves poorly to schema generators, and
the contract consumers (the CBD website, frontend/, schemathesis) need exact parameter and response shapes."""

from __future__ import annotations

import hashlib
import json
from functools import cache

from django.http import HttpResponse
from django.utils.cache import get_conditional_response
from django.views.decorators.http import require_safe

from cms.api.openapi import ERROR, LANG, json_response, path_param, registered_paths
from cms.api.shapes import LABELS_RESULT, RECORD, RESOLVED
from cms.api.v2_schema import v2_paths


def wagtail_paths() -> dict[str, dict]:
    from cms.api.endpoints import api_router

    return v2_paths(dict(api_router._endpoints))


@cache
def openapi_document() -> dict:
    paths = {
        "/api/records/{identifier}/": {
            "get": {
                "summary": "Look up a record by its persistent identifier",
                "operationId": "get_record",
                "parameters": [path_param("identifier"), LANG],
                "responses": {"200": json_response(RECORD, "The record"),
                              "400": json_response(ERROR, "Unknown language (lang)"),
                              "404": json_response(ERROR, "Unknown identifier")},
            }
        },
        "/api/preview/{token}/": {
            "get": {
                "summary": "A draft an editor is previewing (the record's shape plus preview: true)",
                "description": "Written by the Wagtail preview (the token is in the front end's preview URL); "
                "never cached; tokens expire after 12 hours.",
                "operationId": "get_preview",
                "parameters": [path_param("token")],
                "responses": {"200": json_response(RECORD, "The draft"),
                              "404": json_response(ERROR, "Unknown or expired token")},
            }
        },
        "/api/resolve/": {
            "get": {
                "summary": "Resolve any spelling of a reference or a legacy URL to a record",
                "operationId": "resolve",
                "parameters": [{"name": "ref", "in": "query", "required": True,
                                "schema": {"type": "string", "pattern": "[0-9A-Za-z]"},
                                "description": "The reference, e.g. decision 15/4, 2024-070, Article 8(j); without "
                                "a letter or digit it is a 400"}, LANG],
                "responses": {
                    "200": json_response(RESOLVED, "Resolved"),
                    "400": json_response(ERROR, "No reference given, or an unknown language (lang)"),
                    "404": json_response(ERROR, "Nothing matches"),
                },
            }
        },
        "/api/labels/": {
            "get": {
                "summary": "Display names of coded values (types, statuses, subjects, targets, meetings)",
                "description": "In the reader's language, English where no translation exists (said per entry). "
                "Cached for 5 minutes; answers If-None-Match with 304.",
                "operationId": "labels",
                "parameters": [LANG],
                "responses": {
                    "200": json_response(LABELS_RESULT, "Labels per vocabulary"),
                    "304": {"description": "Unchanged since the ETag sent"},
                    "400": json_response(ERROR, "Unknown language"),
                },
            }
        },
        **wagtail_paths(),
        **registered_paths(),
    }
    for path, operations in paths.items():
        for operation in operations.values():
            _document_http_behaviour(path, operation["responses"])
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "CBD Clearing-House Knowledge Hub API",
            "version": "1.0.0",
            "description": DESCRIPTION,
        },
        "paths": paths,
        "components": {"schemas": {"Problem": ERROR}},
    }


DESCRIPTION = (
    "Read-only public API. Drafts, unpublished and private records never appear.\n\n"
    "Versions: every hub endpoint below is also served under /api/v1/ (e.g. /api/v1/search/); the unversioned "
    "paths are aliases of version 1, and every answer says `API-Version: 1`. /api/v2/ is Wagtail's API v2.\n\n"
    "Errors: every error under /api/ is RFC 9457 problem details (`application/problem+json`, schema Problem), "
    "including 404 for an unknown record or address and 405 for a method an endpoint does not take.\n\n"
    "Caching: record, resolve and search answers carry a strong ETag and Last-Modified that change with every "
    "publish; send If-None-Match (or If-Modified-Since) to get 304. Cache-Control lets shared caches keep them.\n\n"
    "Rate limits: search and ask are limited per client address (RateLimit-Limit / RateLimit-Remaining headers); "
    "over the limit the answer is 429 with Retry-After.\n\n"
    "Methods: the API is read-only; GET, HEAD and OPTIONS are taken, any other method is 405 with `Allow`.\n\n"
    "Links: `url`, `api_url`, `tracking_url` and `uri` are absolute URLs a client can follow as they are: links "
    "to this API carry the scheme and host the request used (a proxy's X-Forwarded-Proto / X-Forwarded-Host count "
    "only when the deployment trusts it); `uri` is a record's persistent URI. `frontend_url` is a path under the "
    "reference front end's base and `legacy_url` a path on the legacy CBD site.\n\n"
    "Parameters: `lang` is one of ar, en, es, fr, ru, zh; an empty `lang=` is the same as none; any other value is "
    "400 naming the parameter and its values (`parameter`, `allowed` in the problem).\n\n"
    "CORS: any origin may read the API (`Access-Control-Allow-Origin: *`, no credentials) unless the deployment "
    "restricts it to configured origins; preflights allow If-None-Match and If-Modified-Since, and ETag, "
    "Last-Modified and the rate-limit headers are exposed.\n\n"
    "This document carries an ETag and Cache-Control; send If-None-Match to get 304.")
CONDITIONAL = ("/api/records/{identifier}/", "/api/resolve/", "/api/search/")
RATE_LIMITED = ("/api/search/", "/api/ask/")


def _document_http_behaviour(path: str, responses: dict) -> None:
    """What cms.api.http adds to every endpoint: the error shape, 304 on revalidation, 429 over the limit."""
    responses.setdefault("default", json_response(ERROR, "An error, as RFC 9457 problem details"))
    if path in CONDITIONAL:
        responses.setdefault("304", {"description": "Unchanged since the ETag (If-None-Match) or date sent"})
    if path in RATE_LIMITED:
        responses.setdefault("429", {**json_response(ERROR, "Too many requests from this client"), "headers": {
            "Retry-After": {"schema": {"type": "integer"}, "description": "Seconds until requests are taken"}}})


# The document changes only with a deployment: caches keep it an hour, then revalidate by ETag (304).
SCHEMA_CACHE_CONTROL = "public, max-age=3600"


@cache
def _serialised() -> tuple[bytes, str]:
    body = json.dumps(openapi_document(), ensure_ascii=False).encode()
    return body, f'"{hashlib.sha256(body).hexdigest()[:40]}"'


@require_safe
def openapi_view(request):
    body, etag = _serialised()
    response = get_conditional_response(request, etag=etag) or HttpResponse(
        body, content_type="application/json; charset=utf-8")
    response["ETag"] = etag
    response["Cache-Control"] = SCHEMA_CACHE_CONTROL
    return response
