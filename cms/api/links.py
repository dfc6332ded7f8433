"""Absolute links in API answers, so another site can follow them without knowing this host.

Views build links as paths (`/api/records/2024-070/`, `/media/…`); `AbsoluteLinksMiddleware` prefixes them with
the scheme and host the client used, on the way out. Doing it last, not in the views, keeps what is cached on the
server (search answers, labels) free of any one host, and covers every endpoint, present and future, at once.

The scheme and host come from the request: `X-Forwarded-Proto` / `X-Forwarded-Host` count only from a proxy named
in TRUSTED_PROXIES (cms.core.proxies drops them from anyone else; settings.SECURE_PROXY_SSL_HEADER and
USE_X_FORWARDED_HOST then read them). The Host itself is checked against ALLOWED_HOSTS by Django.

Only link fields are rewritten (LINK_KEYS). `frontend_url` stays a path under FRONTEND_BASE_URL (the reference
front end resolves it against its own base, which may be another host), and `legacy_url` is a path on the legacy
site, not here. Links that are already absolute (persistent `uri`s, files at their source) are left as they are.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from typing import Any

from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse

LINK_KEYS = frozenset({"url", "api_url", "uri", "tracking_url"})
# Answers that carry no links of ours: the OpenAPI document (its `url`s are the spec's), Wagtail API v2 (its own
# detail_url/html_url come from WAGTAILAPI_BASE_URL).
SKIPPED_PREFIXES = ("/api/schema/", "/api/v2/")
_origin: ContextVar[str | None] = ContextVar("request_origin", default=None)


def current_origin() -> str | None:
    """The origin of the request being answered (set by AbsoluteLinksMiddleware); None outside a request."""
    return _origin.get()


def request_origin(request: HttpRequest) -> str | None:
    """`scheme://host[:port]` as the client addressed us; None when the Host is not one we serve."""
    try:
        return f"{request.scheme}://{request.get_host()}"
    except DisallowedHost:
        return None


def absolute_link(origin: str, link: str) -> str:
    """A path on this site made absolute; anything else (absolute, scheme-relative, a fragment) as it is."""
    if link.startswith("/") and not link.startswith("//"):
        return origin + link
    return link


def absolutize(value: Any, origin: str) -> Any:
    """Every link field (LINK_KEYS) in a JSON value, at any depth, made absolute."""
    if isinstance(value, dict):
        # A file whose only address is its legacy path (no legacy site configured) is not here: left as it is.
        legacy = value.get("legacy_url")
        return {key: absolute_link(origin, item) if key in LINK_KEYS and isinstance(item, str) and item != legacy
                else absolutize(item, origin) for key, item in value.items()}
    if isinstance(value, list):
        return [absolutize(item, origin) for item in value]
    return value


def _rewritable(request: HttpRequest, response: HttpResponse) -> bool:
    path = request.path_info
    return (path.startswith("/api/") and not path.startswith(SKIPPED_PREFIXES) and not response.streaming
            and response.status_code == 200 and response.get("Content-Type", "").startswith("application/json"))


def _within_origin(origin: str, chunks: Iterable) -> Iterator:
    for chunk in chunks:
        _origin.set(origin)
        yield chunk
    _origin.set(None)


class AbsoluteLinksMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        origin = request_origin(request)
        token = _origin.set(origin)
        try:
            response = self.get_response(request)
        finally:
            _origin.reset(token)
        if response.streaming and origin is not None and request.path_info.startswith("/api/"):
            # A streamed answer (a search export) is written after this returns: it sees the origin as it streams.
            response.streaming_content = _within_origin(origin, response.streaming_content)
            return response
        if origin is None or not _rewritable(request, response):
            return response
        try:
            body = json.loads(response.content)
        except ValueError:
            return response
        response.content = json.dumps(absolutize(body, origin), ensure_ascii=False).encode()
        if response.has_header("Content-Length"):
            response["Content-Length"] = str(len(response.content))
        return response
