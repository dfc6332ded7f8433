"""One page of /api/search/ for the relevance scripts: in-process (Django's test client) or a live server.

Django must be set up before ``search_page`` is first called in-process (bench/relevance.py and
bench/judge_pool.py do it at start-up).
"""

from __future__ import annotations

import json
import urllib.parse
import urllib.request
from collections.abc import Callable

Fetch = Callable[[dict], dict]


def fetcher(url: str | None = None) -> Fetch:
    """GET /api/search/ with the given parameters; raises on any status but 200 (a broken run must not
    score as a bad ranking)."""
    if url is None:
        from django.test import Client

        client = Client()

        def fetch(params: dict) -> dict:
            response = client.get("/api/search/", params)
            if response.status_code != 200:
                raise RuntimeError(f"/api/search/ {params} -> {response.status_code}: {response.content[:300]!r}")
            return response.json()

        return fetch

    def fetch_live(params: dict) -> dict:
        with urllib.request.urlopen(f"{url.rstrip('/')}/api/search/?{urllib.parse.urlencode(params)}") as r:
            return json.load(r)

    return fetch_live


def search_params(q: str, lang: str | None, mode: str, depth: int) -> dict:
    """The request a user's query makes; ``lang=None`` sends no lang parameter (the API then assumes English,
    as a visitor who never picked a language gets, and as the held-out judge runs)."""
    params = {"q": q, "limit": depth, "mode": mode}
    if lang is not None:
        params["lang"] = lang
    return params


def search_page(fetch: Fetch, q: str, lang: str | None, mode: str, depth: int) -> list[dict]:
    """The first ``depth`` results (already one per record)."""
    return fetch(search_params(q, lang, mode, depth))["results"]
