"""From engine hits to API results: one result per record, in the reader's language.

The index holds one document per record, language and paragraph. A reader sees each record once: the
best-ranked hit of the record stands for it (a paragraph hit keeps its paragraph code and anchor), shown in the
reader's language when that version is published and in English otherwise. Facet counts and the total count
records in the same language view (each once, however many of its documents match: SearchQuery.distinct), so they
agree with the results a reader can page through.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from search.engine import FACETS, MAX_LIMIT, SearchEngine, SearchHit, SearchQuery, SearchResult
from search.retrieval import pipeline as pipeline

SOURCE_LANGUAGE = "en"  # every record is authored in English; other languages are translations
ENGINE_PAGE = MAX_LIMIT  # SearchQuery.validate's cap on one request
MAX_WINDOW = 1000

#: A retrieval mode bound to its name: (engine, query, depth) -> the first `depth` results (search.retrieval.modes).
Runner = Callable[[SearchEngine, SearchQuery, int], pipeline.Interpreted]


def language_view(lang: str, filters: dict[str, list[str]]) -> dict[str, list[str]]:
    """Documents a reader of `lang` may see: that language and the English fallback, unless the client
    filters on `language` itself (then exactly those languages)."""
    if filters.get("language"):
        return dict(filters)
    languages = [lang] if lang == SOURCE_LANGUAGE else [lang, SOURCE_LANGUAGE]
    return {**filters, "language": languages}


def _key(hit: SearchHit) -> tuple[str, str | None]:
    return hit.identifier, hit.paragraph_code


def group(hits: list[SearchHit], lang: str) -> list[SearchHit]:
    """First hit per identifier, in rank order; a hit in the reader's language replaces the same unit found
    in another language (keeping the better rank)."""
    best: dict[str, SearchHit] = {}
    for hit in hits:
        current = best.get(hit.identifier)
        if current is None:
            best[hit.identifier] = hit
        elif current.language != lang and hit.language == lang and _key(hit) == _key(current):
            best[hit.identifier] = replace(hit, score=max(hit.score, current.score))
    return list(best.values())


def fetch_grouped(run: Runner, engine: SearchEngine, query: SearchQuery, needed: int, lang: str
                  ) -> tuple[list[SearchHit], pipeline.Interpreted]:
    """At least `needed` grouped results (fewer when there are no more): the mode is asked once for a window of
    hits, widened only while paragraphs and language versions collapse into fewer records than needed."""
    window = min(MAX_WINDOW, needed + max(10, needed // 2))  # each hit costs a stored-document read
    while True:
        interpreted = run(engine, replace(query, page=1, facets=()), window)
        hits = interpreted.result.hits
        grouped = group(hits, lang)
        if len(grouped) >= needed or len(hits) < window or window >= MAX_WINDOW:
            return grouped, interpreted
        window = min(MAX_WINDOW, window * 4)


def prefer_language(engine: SearchEngine, hits: list[SearchHit], lang: str, filters: dict[str, list[str]]
                    ) -> list[SearchHit]:
    """Swap English hits for the reader's-language version of the same record or paragraph when one is
    published (it may not have matched the words of an English query, yet it is what the reader wants)."""
    if lang == SOURCE_LANGUAGE or "language" in filters:
        return hits
    others = [h for h in hits if h.language != lang]
    if not others:
        return hits
    base = {k: v for k, v in filters.items() if k != "language"}
    versions: dict[tuple[str, str | None], SearchHit] = {}
    records = sorted({h.identifier for h in others if h.paragraph_code is None})
    paragraphs = sorted({h.paragraph_code for h in others if h.paragraph_code})
    if records:
        versions.update(_versions(engine, lang, {**base, "identifier": records, "unit": ["record"]}, len(records)))
    if paragraphs:
        versions.update(_versions(engine, lang, {**base, "symbol": paragraphs, "unit": ["paragraph"]},
                                  len(paragraphs)))
    return [replace(versions[_key(h)], score=h.score) if h.language != lang and _key(h) in versions else h
            for h in hits]


def _versions(engine: SearchEngine, lang: str, filters: dict[str, list[str]], expected: int
              ) -> dict[tuple[str, str | None], SearchHit]:
    found = engine.search(SearchQuery(q="", lang=lang, filters={**filters, "language": [lang]},
                                      limit=min(ENGINE_PAGE, expected * 2), facets=(), snippets=False))
    return {_key(h): h for h in found.hits}


def counts(engine: SearchEngine, q: str, lang: str, filters: dict[str, list[str]], with_facets: bool
           ) -> SearchResult:
    """Total and facet counts of the records the results can show in the reader's language view: each record
    once, whether its record document matched or only one of its paragraphs, in one language or two."""
    return engine.search(SearchQuery(q=q, lang=lang, filters=filters, limit=0, distinct="identifier",
                                     facets=FACETS if with_facets else ()))


def followed_text(q: str, interpreted: pipeline.Interpreted) -> str:
    """The text the pipeline searched after the records a reference named (the typed text, a meeting code
    also spelled out): what the total counts, plus `interpreted.outside`."""
    return interpreted.followed or q
