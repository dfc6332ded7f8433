"""The OpenAPI document lists every public endpoint the project routes (API, OAI-PMH, vocabularies, feeds,
persistent URIs): derived from the URL configuration itself, so a new endpoint without documentation fails here."""

from __future__ import annotations

import re
from collections.abc import Iterator

from django.urls import URLResolver, get_resolver

PUBLIC = ("api/", "oai/", "vocab/", "feeds/", "id/")
NOT_DOCUMENTED = {"/api/schema/"}  # the document itself


def routes(patterns, prefix: str = "") -> Iterator[str]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from routes(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern)


def as_openapi_path(route: str) -> str:
    """'api/records/<path:identifier>/cite/' -> '/api/records/{identifier}/cite/'; Wagtail's router spells its
    routes 'api/v2/^pages/<int:pk>/', documented as '/api/v2/pages/{id}/'."""
    route = route.replace("^", "").replace("<int:pk>", "{id}")
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)


def test_every_public_route_is_in_the_openapi_document(client):
    documented = set(client.get("/api/schema/").json()["paths"])
    public = {as_openapi_path(r) for r in routes(get_resolver().url_patterns) if r.startswith(PUBLIC)}
    # A route that only adds a trailing slash to a documented one is the same endpoint.
    missing = {p for p in public - documented - NOT_DOCUMENTED if p.rstrip("/") not in documented}
    assert not missing, f"routed but not in /api/schema/: {sorted(missing)}"
    for path in ("/oai/", "/api/changes/", "/vocab/{scheme}/{identifier}", "/feeds/notifications/",
                 "/api/decisions/{symbol}/tracking/", "/api/records/{identifier}/cite/", "/api/search/export/",
                 "/id/{identifier}"):
        assert path in documented, path


def test_the_issue_18_operations_say_what_they_answer(client):
    paths = client.get("/api/schema/").json()["paths"]
    for path in ("/oai/", "/api/changes/", "/vocab/{scheme}/{identifier}", "/feeds/search/",
                 "/api/decisions/{symbol}/tracking/", "/api/records/{identifier}/cite/", "/api/search/export/",
                 "/id/{identifier}"):
        operation = paths[path]["get"]
        assert operation.get("summary") or operation.get("description"), path
        assert "200" in operation["responses"] or "303" in operation["responses"], path
