"""Editors' picks: records that editors pin to the top of the results for a query.

Editors manage them in Wagtail's "Promoted search results" (wagtail.contrib.search_promotions: a Query and its
SearchPromotions). The API shows a pick only when the record is in the index (so published and public), only
in the reader's language view and only when it satisfies the filters the reader chose: a pick never
contradicts a filter.
"""

from __future__ import annotations

import hashlib
import time
from typing import Any

from django.db.models.signals import post_delete, post_save
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.search.utils import normalise_query_string

from search.engine import SearchEngine, SearchHit, SearchQuery
from search.results.grouping import ENGINE_PAGE, group

MAX_PICKS = 20


class _PromotedQueries:
    """The normalised query strings that have page picks, so the many queries without any skip the database.

    Saving or deleting a pick clears it in this process at once; other processes (gunicorn workers) reread it
    after TTL seconds, so a pick an editor just added may take that long to appear there. Never a leak: a pick
    is shown only when its record is in the index (published and public)."""

    TTL = 5.0

    def __init__(self) -> None:
        self._strings: frozenset[str] | None = None
        self._loaded_at = 0.0
        self._version = 0
        self._picks: frozenset[tuple[str, int, int]] | None = None

    def __contains__(self, query_string: str) -> bool:
        return query_string in self._current()

    def version(self) -> int:
        """Changes whenever the picks change (seen at most TTL seconds late in another process, at once after
        an edit in this one): a cached response is valid only as long as the picks it shows."""
        self._current()
        return self._version

    def fingerprint(self) -> str:
        """The same in every process for the same picks (HTTP ETags of search answers include it)."""
        self._current()
        return hashlib.sha256(repr(sorted(self._picks or ())).encode()).hexdigest()[:16]

    def _current(self) -> frozenset[str]:
        strings = self._strings
        if strings is None or time.monotonic() - self._loaded_at > self.TTL:
            picks = frozenset(SearchPromotion.objects.filter(page__isnull=False)
                              .values_list("query__query_string", "page_id", "sort_order"))
            if picks != self._picks:
                self._picks = picks
                self._version += 1
            strings = frozenset(query_string for query_string, _, _ in picks)
            self._strings, self._loaded_at = strings, time.monotonic()
        return strings

    def clear(self, **_kwargs: Any) -> None:
        self._strings = None
        self._version += 1


promoted_queries = _PromotedQueries()
for _model in (SearchPromotion, Query):
    for _signal in (post_save, post_delete):
        _signal.connect(promoted_queries.clear, sender=_model, weak=False,
                        dispatch_uid=f"search.results.promotions.{_model.__name__}.{_signal is post_save}")


def promoted_identifiers(q: str) -> list[str]:
    """Identifiers of the records promoted for `q`, in the editors' order (external links are not records
    and are left to the website)."""
    if not q.strip() or normalise_query_string(q) not in promoted_queries:
        return []
    from cms.core.models import RecordPage

    page_ids = list(
        SearchPromotion.objects.filter(query__query_string=normalise_query_string(q), page__isnull=False)
        .order_by("sort_order", "pk")
        .values_list("page_id", flat=True)[:MAX_PICKS]
    )
    if not page_ids:
        return []
    identifiers = dict(RecordPage.objects.filter(pk__in=page_ids).values_list("pk", "identifier"))
    return list(dict.fromkeys(identifiers[pid] for pid in page_ids if pid in identifiers))


def promoted_hits(engine: SearchEngine, q: str, lang: str, filters: dict[str, list[str]]) -> list[SearchHit]:
    """The picks for `q` that pass `filters` (already including the language view), in the editors' order."""
    identifiers = promoted_identifiers(q)
    if not identifiers:
        return []
    found = engine.search(SearchQuery(q="", lang=lang, limit=ENGINE_PAGE, facets=(), snippets=False,
                                      filters={**filters, "identifier": identifiers, "unit": ["record"]}))
    by_identifier = {h.identifier: h for h in group(found.hits, lang)}
    return [by_identifier[i] for i in identifiers if i in by_identifier]
