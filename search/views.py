"""GET /api/search/: full-text search of everything published, with facets (docs/contracts.md).

The view validates parameters (search.params), runs the chosen retrieval mode (search.modes), then turns
hits into results the reader can use: one per record in their language (search.results), editors' picks
first (search.promotions), and facet counts of records that agree with the database.
"""

from __future__ import annotations

import logging
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from django.conf import settings
from django.http import JsonResponse
from django.views.decorators.http import require_safe

from search import crosslingual, modes
from search.backends import get_engine
from search.engine import FACETS, InvalidQuery, SearchError, SearchHit, SearchQuery
from search.params import BadRequest, SearchParams, parse
from search.promotions import promoted_hits, promoted_queries
from search.response_cache import responses
from search.results import counts, fetch_grouped, followed_text, language_view, prefer_language

logger = logging.getLogger(__name__)
_COUNTERS = ThreadPoolExecutor(max_workers=4, thread_name_prefix="search-counts")


def _error(message: str, status: int) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


def _result(hit: SearchHit, promoted: bool) -> dict[str, Any]:
    return {
        "identifier": hit.identifier,
        "type": hit.type,
        "title": hit.title,
        "url": hit.url,
        "language": hit.language,
        "snippet": hit.snippet,
        "paragraph_code": hit.paragraph_code,
        "anchor": hit.anchor,
        "date": hit.date,
        "score": round(hit.score, 4),
        "promoted": promoted,
    }


def run_search(params: SearchParams) -> dict[str, Any]:
    """The response body for valid parameters (also used by the benchmarks without HTTP)."""
    started = time.perf_counter()
    engine = get_engine()
    filters = language_view(params.lang, params.filters)
    expanded = crosslingual.expand(params.q, params.lang)
    # Hits are fetched for grouping and merging without snippets; only the page shown gets them (below).
    query = SearchQuery(q=expanded.text, lang=params.lang, filters=filters, sort=params.sort, facets=(), snippets=False)
    mode = modes.effective_mode(params.mode)
    # Counting every match for the facets is the other half of a broad query's cost; the engine releases the GIL
    # while it works, so it runs beside the ranking. Usually the text counted is the text searched; when a
    # reference resolved it is not, and the counts are taken afresh below.
    counting = _COUNTERS.submit(counts, engine, expanded.text, params.lang, filters, with_facets=True)
    picks = promoted_hits(engine, params.q, params.lang, filters) if params.sort == "relevance" else []
    needed = params.offset + params.limit
    grouped, interpreted = ([], None) if needed == 0 else fetch_grouped(
        lambda e, q: modes.run(mode, e, q), engine, query, needed, params.lang)
    picked = {h.identifier for h in picks}
    ranked = picks + [h for h in grouped if h.identifier not in picked]
    page = prefer_language(engine, ranked[params.offset:needed], params.lang, params.filters)
    page = [h.with_snippet() for h in page]
    counted_q = followed_text(expanded.text, interpreted) if interpreted else expanded.text
    # A resolved reference changes the text counted: the speculative count is then not waited for.
    counted = counting.result() if counted_q == expanded.text else counts(
        engine, counted_q, params.lang, filters, with_facets=True)
    # Picks and resolved references may lie outside the counted text match; never report fewer than shown.
    total = max(counted.total, params.offset + len(page))
    facets = {name: counted.facets.get(name, {}) for name in FACETS}
    return {
        "total": total,
        "page": params.page,
        "limit": params.limit,
        "query": {"q": params.q, "lang": params.lang, "mode": mode, "requested_mode": params.mode,
                  **(interpreted.as_dict() if interpreted else {"references": [], "rest": expanded.text}),
                  "translations": expanded.as_dict()},
        "results": [_result(h, h.identifier in picked) for h in page],
        "facets": facets,
        "took_ms": round((time.perf_counter() - started) * 1000, 2),
    }


def cached_search(params: SearchParams) -> dict[str, Any]:
    """run_search, answered from the response cache while the index and the picks are unchanged."""
    started = time.perf_counter()
    body = responses.get(_cache_state(params), _cache_key(params), lambda: run_search(params))
    body["took_ms"] = round((time.perf_counter() - started) * 1000, 2)
    return body


def _cache_state(params: SearchParams) -> tuple[str, int] | None:
    if not getattr(settings, "SEARCH_RESPONSE_CACHE", True):
        return None
    engine = get_engine()
    if modes.effective_mode(params.mode) != "lexical" or not hasattr(engine, "generation"):
        return None
    return engine.generation(), promoted_queries.version()


def _cache_key(params: SearchParams) -> tuple:
    filters = tuple(sorted((name, tuple(values)) for name, values in params.filters.items()))
    return params.q, params.lang, filters, params.page, params.limit, params.sort, params.mode


@require_safe
def search_view(request):
    try:
        params = parse(request.GET)
    except BadRequest as exc:
        return _error(str(exc), 400)
    try:
        body = cached_search(params)
    except InvalidQuery as exc:
        return _error(str(exc), 400)
    except SearchError:
        logger.exception("search engine unavailable")
        return _error("Search is temporarily unavailable; please try again shortly.", 503)
    # No shared caching: an unpublished record must vanish from the very next request.
    return JsonResponse(body, json_dumps_params={"ensure_ascii": False})

