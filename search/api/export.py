"""Search results as CSV or JSON (/api/search/export/): the same parameters as /api/search/, up to
SEARCH_EXPORT_LIMIT records (10,000 by default), one row per record, streamed a page of hits at a time so memory
stays flat whatever the size.

The engines serve at most 1,000 hits per query, so a larger export is read in slices (per record type, then per
year): rows then come grouped by type. A relevance-ranked search with words exports its best 1,000 records
(ranks across slices do not compare); sort by date or browse without words for more."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator

from django.conf import settings
from django.http import QueryDict, StreamingHttpResponse
from django.views.decorators.http import require_safe

from cms.api.params import is_whole_number
from cms.api.problems import problem_response
from cms.linked.metadata import absolute
from cms.linked.uris import record_uri
from search.api.params import BadRequest, SearchParams, parse
from search.engine import InvalidQuery, SearchError, SearchHit, SearchQuery
from search.engines import get_engine
from search.results.grouping import language_view
from search.understanding import crosslingual

PAGE = 100  # hits per engine call (the engines' page maximum)
WINDOW = 1000  # the deepest hit the engines serve for one query (embedded MAX_WINDOW, Meilisearch maxTotalHits)
COLUMNS = ("identifier", "type", "title", "date", "language", "paragraph_code", "url", "uri", "api_url")
FORMATS = {"csv": "text/csv; charset=utf-8", "json": "application/json"}


def _count(engine, text: str, params: SearchParams, filters: dict, facet: str) -> tuple[int, dict[str, int]]:
    result = engine.search(SearchQuery(q=text, lang=params.lang, filters=filters, limit=0, facets=(facet,)))
    return result.total, result.facets.get(facet, {})


def windows(engine, text: str, params: SearchParams, filters: dict) -> Iterator[dict]:
    """Filter sets each within the engines' 1,000-hit window (WINDOW): the search itself when it fits or is ranked
    by relevance (its best 1,000), else one slice per record type, and per year inside a type that is larger."""
    total, by_type = _count(engine, text, params, filters, "type")
    if total <= WINDOW or (params.sort == "relevance" and params.q):
        yield filters
        return
    for record_type in sorted(by_type):
        sliced = {**filters, "type": [record_type]}
        if by_type[record_type] <= WINDOW or filters.get("year"):
            yield sliced
            continue
        _, by_year = _count(engine, text, params, sliced, "year")
        for year in sorted(by_year, reverse=params.sort != "date_asc"):
            yield {**sliced, "year": [year]}


def _pages(engine, text: str, params: SearchParams, filters: dict) -> Iterator[SearchHit]:
    for page in range(1, WINDOW // PAGE + 1):
        result = engine.search(SearchQuery(q=text, lang=params.lang, filters=filters, page=page, limit=PAGE,
                                           sort=params.sort, facets=(), snippets=False))
        yield from result.hits
        if len(result.hits) < PAGE:
            return


def export_hits(params: SearchParams, limit: int) -> Iterator[SearchHit]:
    """The records of a search, one hit per record, fetched a page (100 hits) at a time."""
    engine = get_engine()
    filters = language_view(params.lang, params.filters)
    text = crosslingual.expand(params.q, params.lang).text
    seen: set[str] = set()  # identifiers only: ~100 bytes a record, the one thing that grows
    for window in windows(engine, text, params, filters):
        for hit in _pages(engine, text, params, window):
            if hit.identifier not in seen:
                seen.add(hit.identifier)
                yield hit
                if len(seen) >= limit:
                    return


def export_row(hit: SearchHit) -> dict[str, str]:
    return {"identifier": hit.identifier, "type": hit.type, "title": hit.title, "date": hit.date or "",
            "language": hit.language, "paragraph_code": hit.paragraph_code or "",
            "url": absolute(f"{settings.FRONTEND_BASE_URL}record.html?id={hit.identifier}&lang={hit.language}"),
            "uri": record_uri(hit.identifier, hit.type), "api_url": absolute(f"/api/records/{hit.identifier}/")}


class _Line:
    """A file-like object csv.writer writes one row into, handed straight back."""

    def write(self, value: str) -> str:
        return value


def csv_stream(hits: Iterator[SearchHit]) -> Iterator[str]:
    writer = csv.DictWriter(_Line(), fieldnames=COLUMNS)
    yield "\ufeff" + writer.writeheader()  # the BOM makes spreadsheet programs read UTF-8
    for hit in hits:
        yield writer.writerow(export_row(hit))


def json_stream(hits: Iterator[SearchHit], params: SearchParams, limit: int) -> Iterator[str]:
    query = {"q": params.q, "lang": params.lang, "filters": params.filters, "sort": params.sort}
    yield '{"query": ' + json.dumps(query, ensure_ascii=False) + f', "limit": {limit}, "results": ['
    for n, hit in enumerate(hits):
        yield ("," if n else "") + "\n" + json.dumps(export_row(hit), ensure_ascii=False)
    yield "\n]}\n"


def _export_params(request) -> tuple[SearchParams, str, int]:
    fmt = (request.GET.get("format") or "csv").strip().lower()
    if fmt not in FORMATS:
        raise BadRequest(f"format must be csv or json, not {fmt[:20]!r}")
    raw = (request.GET.get("limit") or "").strip()
    ceiling = settings.SEARCH_EXPORT_LIMIT
    if raw and (not is_whole_number(raw) or not 1 <= int(raw) <= ceiling):
        raise BadRequest(f"limit must be a whole number from 1 to {ceiling}")
    search_args = QueryDict(mutable=True)
    for key, values in request.GET.lists():
        if key not in ("format", "limit", "page"):
            search_args.setlist(key, values)
    return parse(search_args), fmt, int(raw) if raw else ceiling


@require_safe
def export_view(request):
    try:
        params, fmt, limit = _export_params(request)
        hits = export_hits(params, limit)
        first = next(hits, None)  # engine errors surface here, before the response has started
    except BadRequest as exc:
        return problem_response(400, str(exc), request=request)
    except InvalidQuery as exc:
        return problem_response(400, str(exc), request=request)
    except SearchError:
        return problem_response(503, "Search is temporarily unavailable; please try again shortly.", request=request)
    rows = _chain(first, hits)
    body = csv_stream(rows) if fmt == "csv" else json_stream(rows, params, limit)
    response = StreamingHttpResponse(body, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="cbd-search.{fmt}"'
    response["X-Export-Limit"] = str(limit)
    return response


def _chain(first: SearchHit | None, rest: Iterator[SearchHit]) -> Iterator[SearchHit]:
    if first is not None:
        yield first
        yield from rest
