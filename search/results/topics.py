"""CBD subjects a query is about, offered beside the results rather than among them.

A subject's page (identifiers.NAVIGATION_TYPES) is a way in: it lists what is tagged with the subject. Ranked
with the content it crowded the first page ("liability and redress" put the subject "Liability and redress"
above Article 27 of the Cartagena Protocol), so /api/search/ keeps it out of `results` unless the client
filters on its type, and names the subjects that hold every word of the query in `topics`.
"""

from __future__ import annotations

from identifiers import CONTENT_TYPES, NAVIGATION_TYPES
from search.engine import SearchEngine, SearchHit, SearchQuery
from search.results.grouping import group

MAX_TOPICS = 3


def content_filters(filters: dict[str, list[str]]) -> dict[str, list[str]]:
    """`filters` with the content types only, unless the client chose types itself."""
    return dict(filters) if filters.get("type") else {**filters, "type": list(CONTENT_TYPES)}


def topic_hits(engine: SearchEngine, q: str, lang: str, view: dict[str, list[str]]) -> list[SearchHit]:
    """Up to MAX_TOPICS subjects whose page holds every word of `q`, in the reader's language when it has one.
    `view`: the reader's language filter (language_view); the client's other filters describe content."""
    if not q.strip():
        return []
    found = engine.search(SearchQuery(q=q + " ", lang=lang, match="all", limit=MAX_TOPICS * 4, facets=(),
                                      filters={"language": view["language"], "type": list(NAVIGATION_TYPES)},
                                      snippets=False))
    return group(list(found.hits), lang)[:MAX_TOPICS]
