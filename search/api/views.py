"""GET /api/search/: full-text search of everything published, with facets (docs/contracts.md).

The view validates parameters (search.api.params), runs the chosen retrieval mode (search.retrieval.modes), then turns
hits into results the reader can use: one per record in their language (search.results.grouping), editors' picks
first (search.results.promotions), and facet counts of records that agree with the database.
"""

from __future__ import annotations

import logging
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from django.conf import settings
from django.http import JsonResponse
from django.views.decorators.http import require_safe

from cms.api.problems import problem_response
from search.api.params import BadRequest, SearchParams, parse
from search.api.shapes import result_item
from search.engine import FACETS, InvalidQuery, SearchError, SearchQuery
from search.engines import get_engine
from search.query_log import query_log
from search.results.grouping import counts, fetch_grouped, followed_text, language_view, prefer_language
from search.results.promotions import promoted_hits, promoted_queries
from search.results.response_cache import responses
from search.results.topics import content_filters, topic_hits
from search.retrieval import modes
from search.retrieval.relaxation import relaxation
from search.understanding import crosslingual, language

logger = logging.getLogger(__name__)
_COUNTERS = ThreadPoolExecutor(max_workers=4, thread_name_prefix="search-counts")


def _error(message: str, status: int) -> JsonResponse:
    return problem_response(status, message)


def run_search(params: SearchParams) -> dict[str, Any]:
    """The response body for valid parameters (also used by the benchmarks without HTTP)."""
    started = time.perf_counter()
    engine = get_engine()
    view = language_view(params.lang, params.filters)
    filters = content_filters(view)
    # The query's own language, whatever the interface's: it picks the glossary side, stemmer and stop words.
    recognised = language.recognise(params.q, params.lang)
    expanded = crosslingual.expand(params.q, params.lang, sources=recognised.sources)
    analysis = recognised.language or params.lang
    # Hits are fetched for grouping and merging without snippets; only the page shown gets them (below).
    query = SearchQuery(q=expanded.text, lang=analysis, filters=filters, sort=params.sort, facets=(), snippets=False)
    mode = modes.for_query(params.mode, recognised.language, bool(expanded.translations))
    blended = mode != modes.effective_mode(params.mode)
    # Counting every match for the facets is the other half of a broad query's cost; the engine releases the GIL
    # while it works, so it runs beside the ranking. Usually the text counted is the text searched; when a
    # reference resolved it is not, and the counts are taken afresh below.
    counting = _COUNTERS.submit(counts, engine, expanded.text, analysis, filters, with_facets=True)
    # The subjects offered beside the results are another engine query: it too runs beside the ranking.
    finding_topics = None if params.page != 1 or params.filters.get("type") else _COUNTERS.submit(
        topic_hits, engine, _strict_text(params, expanded), analysis, view)
    picks = promoted_hits(engine, params.q, params.lang, filters) if params.sort == "relevance" else []
    needed = params.offset + params.limit
    grouped, interpreted = ([], None) if needed == 0 else fetch_grouped(
        lambda e, q, depth: modes.run(mode, e, q, depth, blended), engine, query, needed, params.lang)
    relaxed, fallback = _relaxed(engine, params, query, expanded, mode, grouped, interpreted, needed)
    if fallback is not None:
        grouped, interpreted = fallback
    picked = {h.identifier for h in picks}
    ranked = picks + [h for h in grouped if h.identifier not in picked]
    page = prefer_language(engine, ranked[params.offset:needed], params.lang, params.filters)
    page = [h.with_snippet() for h in page]
    counted_q = followed_text(expanded.text, interpreted) if interpreted else expanded.text
    # A resolved reference changes the text counted: the speculative count is then not waited for.
    counted = counting.result() if counted_q == expanded.text else counts(
        engine, counted_q, analysis, filters, with_facets=True)
    # Picks, named and linked records may lie outside the counted text match; never report fewer than shown.
    outside = interpreted.outside if interpreted else 0
    # A page past the last result shows nothing: its offset says nothing about how many there are.
    total = max(counted.total + outside, params.offset + len(page) if page else 0)
    if relaxed == "semantic":
        total = max(total, len(grouped))
    facets = {name: counted.facets.get(name, {}) for name in FACETS}
    topics = finding_topics.result() if finding_topics else []
    return {
        "total": total,
        "page": params.page,
        "limit": params.limit,
        "query": {"q": params.q, "lang": params.lang, "mode": mode, "requested_mode": params.mode,
                  **(interpreted.as_dict() if interpreted else {"references": [], "rest": expanded.text,
                                                                "exact": None, "linked": []}),
                  "language": recognised.language, "relaxed": relaxed, "translations": expanded.as_dict()},
        "results": [result_item(h, h.identifier in picked) for h in page],
        "topics": [result_item(h, False) for h in topics],
        "facets": facets,
        "took_ms": round((time.perf_counter() - started) * 1000, 2),
    }


def _relaxed(engine, params: SearchParams, query: SearchQuery, expanded: crosslingual.Expanded, mode: str,
             grouped: list, interpreted, needed: int) -> tuple[str | None, tuple | None]:
    """How strictly the results match (search.retrieval.relaxation) and, when a lexical search matched no word,
    the semantic fallback's results instead (then "semantic"). A named record is an exact answer: None."""
    if needed == 0 or not params.q.strip() or (interpreted is not None and interpreted.exact):
        return None, None
    if not grouped:
        if mode != "lexical":
            return None, None
        found = fetch_grouped(modes.fallback_runner(), engine, query, needed, params.lang)
        return ("semantic", found) if found[0] else (None, None)
    return relaxation(engine, _strict_text(params, expanded), query.lang, query.filters), None


def _strict_text(params: SearchParams, expanded: crosslingual.Expanded) -> str:
    """The words a result must hold all of. Translated words are alternatives, not extra requirements: a
    translated query is judged on its English."""
    return " ".join(t.english for t in expanded.translations) or params.q


def cached_search(params: SearchParams) -> dict[str, Any]:
    """run_search, answered from the response cache while the index and the picks are unchanged."""
    started = time.perf_counter()
    body = responses.get(_cache_state(params), _cache_key(params), lambda: run_search(params),
                         keep=lexical_only)
    body["took_ms"] = round((time.perf_counter() - started) * 1000, 2)
    return body


def lexical_only(body: dict[str, Any]) -> bool:
    """Whether a response depends only on the lexical index and the picks (the cache's state). Not when the
    semantic path was blended in (a lexical request run as hybrid for a query in another language,
    modes.for_query), when the semantic fallback answered ("semantic") nor when nothing was found (the fallback
    was asked and found nothing): these depend on the vector store and on its being switched on, which the
    state does not see."""
    return (body["query"]["mode"] == "lexical" and body["query"]["relaxed"] != "semantic"
            and bool(body["results"] or body["total"]))


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
        return problem_response(400, str(exc), request=request, title="Invalid parameter", **exc.problem_fields())
    try:
        body = cached_search(params)
    except InvalidQuery as exc:
        return _error(str(exc), 400)
    except SearchError:
        logger.exception("search engine unavailable")
        return _error("Search is temporarily unavailable; please try again shortly.", 503)
    if params.q and params.page == 1 and params.limit and getattr(settings, "SEARCH_QUERY_LOG", True):
        query_log.record(params.q, found=body["total"])  # in memory; written in the background (query_log)
    # ETag, Last-Modified and Cache-Control come from cms.api.http: caches revalidate every time (the publish
    # generation changes the ETag), so an unpublished record vanishes from the very next answer.
    return JsonResponse(body, json_dumps_params={"ensure_ascii": False})

