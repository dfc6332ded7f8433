"""HTTP behaviour shared by every /api/ endpoint, as middleware (settings.MIDDLEWARE), so no view can forget it.

- `ApiVersionMiddleware`: /api/v1/<path> is the versioned name of the hub's own endpoints; the unversioned
  /api/<path> stays an alias. Answers say which version served them (`API-Version`).
- `ProblemDetailsMiddleware`: every error under /api/ (and /vocab/, /feeds/, /id/) is RFC 9457 problem+json (an unknown
  URL's 404, a 405 for a method the endpoint does not take, an unexpected 500, Wagtail API v2 errors), whatever
  produced it.
- `ReadOnlyMethodsMiddleware`: the public read endpoints answer a method they do not take (POST, PUT, PATCH,
  DELETE) with 405 and `Allow`, before the CSRF check could answer 403 (a CSRF failure says "log in", which is wrong
  for an anonymous read API); TRACE is refused everywhere; a plain OPTIONS is answered with `Allow`.
- `Utf8ContentTypeMiddleware`: text and JSON answers name their charset (`; charset=utf-8`), so a client that
  does not default JSON to UTF-8 (or a proxy that sniffs) decodes Arabic, Chinese and Russian text correctly.
- `RateLimitMiddleware`: per-client requests per minute on search and ask (settings.API_RATE_LIMITS), counted in
  the shared cache (Redis in production); over the limit: 429 with Retry-After.
- `ConditionalGetMiddleware`: record, resolve and search answers carry a strong ETag and Last-Modified derived
  from the publish generation (what capabilities register with `register_state`: the index outbox, the editors'
  picks), so a revalidation is answered 304 without computing the answer, and any publish changes every ETag.
CORS comes from django-cors-headers (settings.CORS_*), placed between the first two.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import re
import time
from collections.abc import Callable
from datetime import datetime
from http import HTTPStatus

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date

from cms.api.links import request_origin
from cms.api.problems import CONTENT_TYPE, problem_response

logger = logging.getLogger(__name__)
API_PREFIX = "/api/"
VERSION = "1"
VERSIONED_PREFIX = f"/api/v{VERSION}/"
# Headers of an error answer that the problem body must keep (the allowed methods of a 405, a 429's wait).
KEPT_HEADERS = ("Allow", "Retry-After", "WWW-Authenticate", "Vary")
PROBLEM_KEYS = {"type", "title", "status", "detail", "instance", "error"}
CACHEABLE = re.compile(r"^/api/(records/.+|resolve/|search/)$")
RATE_LIMITED = {"/api/search/": "search", "/api/ask/": "ask"}
WINDOW_SECONDS = 60


# Machine-readable data paths: their errors are problem+json too (a 404 under /vocab/ is not an HTML page).
PROBLEM_PREFIXES = (API_PREFIX, "/vocab/", "/feeds/", "/id/")
# Public read-only paths: GET, HEAD and OPTIONS are the only methods they take.
READ_ONLY_PREFIXES = (API_PREFIX, "/vocab/", "/feeds/", "/id/")
READ_METHODS = ("GET", "HEAD", "OPTIONS")
READ_ALLOW = ", ".join(READ_METHODS)
# Paths outside the read-only ones that take forms (the admin's sign-in and edits, OAI-PMH's POST).
FORM_PREFIXES = ("/admin/", "/django-admin/", "/oai/")
NEVER_METHODS = frozenset({"TRACE", "CONNECT"})  # TRACE echoes the request (cross-site tracing); no use here


def is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith(API_PREFIX)


def answers_problems(request: HttpRequest) -> bool:
    return request.path_info.startswith(PROBLEM_PREFIXES)


# --- versions --------------------------------------------------------------------------------------------------
class ApiVersionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith(VERSIONED_PREFIX):
            # Resolved as the unversioned path: one view per endpoint, two names for it.
            request.path_info = API_PREFIX + request.path_info[len(VERSIONED_PREFIX):]
            request.path = request.META.get("SCRIPT_NAME", "").rstrip("/") + request.path_info
        response = self.get_response(request)
        if is_api(request):
            response.headers.setdefault("API-Version", VERSION)
        return response


# --- one error shape -------------------------------------------------------------------------------------------
def _json_body(response: HttpResponse) -> dict:
    if response.streaming or not response.get("Content-Type", "").startswith("application/json"):
        return {}
    try:
        body = json.loads(response.content or b"{}")
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def _detail_from(response: HttpResponse, body: dict) -> str:
    """The message an endpoint gave, whatever its shape (`detail`, `message`, `error`), else a plain sentence."""
    for key in ("detail", "message", "error"):
        if isinstance(body.get(key), str) and body[key]:
            return body[key]
    status = response.status_code
    if status == 404:
        return "Nothing is published at this address. The API's endpoints are listed at /api/schema/."
    if status == 405:
        return f"This endpoint does not accept this method; allowed: {response.get('Allow') or 'GET, HEAD'}."
    return HTTPStatus(status).phrase


class ProblemDetailsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not answers_problems(request) or response.status_code < 400:
            return response
        if response.get("Content-Type", "").startswith(CONTENT_TYPE):
            return response
        body = _json_body(response)
        # The endpoint's own keys stay beside the problem's (earlier clients read `message`).
        extra = {k: v for k, v in body.items() if k not in PROBLEM_KEYS}
        problem = problem_response(response.status_code, _detail_from(response, body), request=request, **extra)
        for header in KEPT_HEADERS:
            if header in response:
                problem[header] = response[header]
        return problem

    def process_exception(self, request, exception):
        if not answers_problems(request):
            return None
        from django.core.exceptions import PermissionDenied
        from django.http import Http404

        if isinstance(exception, Http404 | PermissionDenied):
            return None  # Django turns these into 404/403 answers, which __call__ then reshapes
        logger.exception("unexpected error answering %s", request.path, exc_info=exception)
        return problem_response(500, "Something went wrong on our side; it has been logged.", request=request)


# --- methods ---------------------------------------------------------------------------------------------------
def _routed(path: str) -> bool:
    """Whether a view answers at this path (an unknown address stays a 404 whatever the method)."""
    try:
        resolve(path)
    except Resolver404:
        return False
    return True


def method_not_allowed(request: HttpRequest, allow: str) -> HttpResponse:
    response = problem_response(405, f"This address does not accept {request.method[:20]}; allowed: {allow}.",
                                request=request)
    response["Allow"] = allow
    return response


class ReadOnlyMethodsMiddleware:
    """Placed before CsrfViewMiddleware, so a POST to a read endpoint is a 405, not a CSRF 403."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path, method = request.path_info, request.method
        read_only = path.startswith(READ_ONLY_PREFIXES)
        if method in NEVER_METHODS:
            allow = READ_ALLOW if read_only else "GET, HEAD, POST" if path.startswith(FORM_PREFIXES) else "GET, HEAD"
            return method_not_allowed(request, allow)
        if not read_only or (method in ("GET", "HEAD")) or not _routed(path):
            return self.get_response(request)
        if method == "OPTIONS":  # a CORS preflight was answered before this (corsheaders); this is a plain OPTIONS
            response = HttpResponse(status=204)
            response["Allow"] = READ_ALLOW
            return response
        return method_not_allowed(request, READ_ALLOW)


# --- charset ---------------------------------------------------------------------------------------------------
def _needs_charset(content_type: str) -> bool:
    media = content_type.split(";", 1)[0].strip().lower()
    textual = media.startswith("text/") or media in ("application/json", "application/javascript") \
        or media.endswith("+json")
    return textual and "charset=" not in content_type.lower()


class Utf8ContentTypeMiddleware:
    """Outside WhiteNoise, so the static files it serves get the charset as well."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        content_type = response.get("Content-Type", "")
        if content_type and _needs_charset(content_type):
            response["Content-Type"] = f"{content_type}; charset=utf-8"
        return response


# --- rate limits -----------------------------------------------------------------------------------------------
def client_key(request: HttpRequest) -> str:
    """The client's address (REMOTE_ADDR, which cms.core.proxies sets from trusted proxies only)."""
    return request.META.get("REMOTE_ADDR") or "unknown"


def count_request(scope: str, client: str, now: float | None = None) -> tuple[int, int]:
    """Count one request in the current minute; returns (requests so far, seconds until the window ends)."""
    now = time.time() if now is None else now
    window = int(now // WINDOW_SECONDS)
    key = f"ratelimit:{scope}:{client}:{window}"
    cache.add(key, 0, timeout=WINDOW_SECONDS * 2)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=WINDOW_SECONDS * 2)
        count = 1
    reset = max(1, math.ceil((window + 1) * WINDOW_SECONDS - now))
    return count, reset


class RateLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        scope = RATE_LIMITED.get(request.path_info)
        limit = settings.API_RATE_LIMITS.get(scope, 0) if scope else 0
        if not limit or request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        try:
            count, reset = count_request(scope, client_key(request))
        except Exception:  # the shared cache is down: serve rather than refuse everyone
            logger.exception("rate limit counter unavailable; request allowed")
            return self.get_response(request)
        if count > limit:
            response = problem_response(
                429, f"Too many {scope} requests from this address: at most {limit} a minute. "
                f"Try again in {reset} s.", request=request, title="Too Many Requests")
            response["Retry-After"] = str(reset)
        else:
            response = self.get_response(request)
        response["RateLimit-Limit"] = str(limit)
        response["RateLimit-Remaining"] = str(max(0, limit - count))
        response["RateLimit-Reset"] = str(reset)
        return response


# --- conditional GETs ------------------------------------------------------------------------------------------
StateProvider = Callable[[], tuple[str, datetime | None]]
_states: dict[str, StateProvider] = {}


def register_state(name: str, provider: StateProvider) -> None:
    """A capability whose changes alter API answers names its current state: (token, when it last changed)."""
    _states[name] = provider


def publish_state() -> tuple[str, datetime | None] | None:
    """One token for everything the answers depend on, the same in every process; None when nothing registered."""
    if not _states:
        return None
    tokens, times = [getattr(settings, "API_RELEASE", "")], []
    for name in sorted(_states):
        token, changed = _states[name]()
        tokens.append(f"{name}={token}")
        if changed is not None:
            times.append(changed)
    return "|".join(tokens), max(times, default=None)


def etag_for(request: HttpRequest, state: str) -> str:
    """Strong: one representation per (publish state, host, path, query); any publish changes them all. The host
    is part of it because links in the answer are absolute, built from the same origin (cms.api.links)."""
    parts = "\n".join([state, request_origin(request) or "", request.path_info, request.META.get("QUERY_STRING", "")])
    return f'"{hashlib.sha256(parts.encode()).hexdigest()[:40]}"'


def cache_control() -> str:
    max_age = getattr(settings, "API_CACHE_MAX_AGE", 0)
    # no-cache: any cache (a CDN too) may keep the answer but revalidates it first, which costs us two index
    # lookups and a 304, so an unpublished record is gone from the next answer.
    return f"public, max-age={max_age}" if max_age > 0 else "public, no-cache"


class ConditionalGetMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD") or not CACHEABLE.match(request.path_info):
            return self.get_response(request)
        current = publish_state()
        if current is None:
            return self.get_response(request)
        state, changed = current
        etag = etag_for(request, state)
        last_modified = int(changed.timestamp()) if changed else None  # HTTP dates have whole seconds
        not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
        response = not_modified or self.get_response(request)
        if response.status_code in (200, 304):
            response["ETag"] = etag
            if last_modified is not None:
                response["Last-Modified"] = http_date(last_modified)
            response["Cache-Control"] = cache_control()
            patch_vary_headers(response, ["Origin"])
        return response
