"""One error shape for every public endpoint: RFC 9457 problem details (`application/problem+json`).

`{"type", "title", "status", "detail", "instance"}`, plus `error` (the detail again) for clients written against
the earlier `{"error": ...}` bodies. search/ and embeddings/ answer their errors through this too."""

from __future__ import annotations

from collections.abc import Sequence
from http import HTTPStatus
from typing import Any

from django.http import HttpRequest, JsonResponse

CONTENT_TYPE = "application/problem+json"
PROBLEM_SCHEMA = {
    "type": "object",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string", "description": "A URI naming the kind of problem ('about:blank': see status)"},
        "title": {"type": "string", "description": "The HTTP status phrase or a short summary"},
        "status": {"type": "integer"},
        "detail": {"type": "string", "description": "What went wrong with this request, for a person"},
        "instance": {"type": "string", "description": "The request path"},
        "error": {"type": "string", "description": "Same as detail (kept for earlier clients)"},
    },
}


def problem_response(status: int, detail: str, *, request: HttpRequest | None = None, title: str | None = None,
                     type_: str = "about:blank", **extra: Any) -> JsonResponse:
    body: dict[str, Any] = {"type": type_, "title": title or HTTPStatus(status).phrase, "status": status,
                            "detail": detail, **extra, "error": detail}
    if request is not None:
        body["instance"] = request.path
    return JsonResponse(body, status=status, content_type=f"{CONTENT_TYPE}; charset=utf-8",
                        json_dumps_params={"ensure_ascii": False})


def invalid_choice(name: str, allowed: Sequence[str], *, request: HttpRequest | None = None,
                   given: str = "") -> JsonResponse:
    """400 for a parameter outside its closed list of values, naming the parameter and every value it takes."""
    got = f" (got {given[:50]!r})" if given else ""
    return problem_response(400, f"{name} must be one of: {', '.join(allowed)}{got}", request=request,
                            title="Invalid parameter", parameter=name, allowed=list(allowed))
