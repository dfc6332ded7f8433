"""The shapes /api/search/ answers with, typed once: the view builds them, the OpenAPI document is generated from
them (search.api.openapi) and the tests check responses against them."""

from __future__ import annotations

from typing import TypedDict

from search.engine import SearchHit


class SearchResultItem(TypedDict):
    """One result: a record (or the paragraph of it that matched) in the reader's language, else English."""

    identifier: str
    type: str
    title: str
    url: str | None
    language: str
    snippet: str
    paragraph_code: str | None
    anchor: str | None
    date: str | None
    score: float
    promoted: bool


RESULT_DESCRIPTIONS = {
    "language": "The version shown: the reader's language, else English",
    "snippet": "Escaped text; the only tags are <mark> and </mark>",
    "paragraph_code": "The paragraph that matched, e.g. CBD/COP/15/04/A/01",
    "anchor": "Fragment of that paragraph on the record page",
    "promoted": "Pinned by editors for this query",
}


def result_item(hit: SearchHit, promoted: bool) -> SearchResultItem:
    return SearchResultItem(identifier=hit.identifier, type=hit.type, title=hit.title, url=hit.url,
                            language=hit.language, snippet=hit.snippet, paragraph_code=hit.paragraph_code,
                            anchor=hit.anchor, date=hit.date, score=round(hit.score, 4), promoted=promoted)
