"""Editors' picks: records that editors pin to the top of the results for a query.

Editors manage them in Wagtail's "Promoted search results" (wagtail.contrib.search_promotions: a Query and its
SearchPromotions). The API shows a pick only when the record is in the index (so published and public), only
in the reader's language view and only when it satisfies the filters the reader chose: a pick never
contradicts a filter.
"""

from __future__ import annotations

from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.search.utils import normalise_query_string

from search.engine import SearchEngine, SearchHit, SearchQuery
from search.results import ENGINE_PAGE, group

MAX_PICKS = 20


def promoted_identifiers(q: str) -> list[str]:
    """Identifiers of the records promoted for `q`, in the editors' order (external links are not records
    and are left to the website)."""
    if not q.strip():
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
