"""The engine-neutral search interface (see docs/contracts.md, "search/ (engine interface)").

Every engine (embedded tantivy, Meilisearch) takes the same `SearchQuery` and returns the same
`SearchResult`, so the HTTP API, the sync code and the contract tests never depend on one engine.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal, Protocol, runtime_checkable

#: Facets the API exposes, in display order.
FACETS: tuple[str, ...] = ("type", "year", "meeting", "subject", "gbf_target", "language", "status")

#: Facet name -> search-document field holding its values (lists are multi-valued).
FACET_FIELDS: dict[str, str] = {
    "type": "type",
    "year": "year",
    "meeting": "meetings",
    "subject": "subjects",
    "gbf_target": "gbf_targets",
    "language": "language",
    "status": "status",
}

#: Filters accepted beyond the facets: exact lookups used by the query pipeline and the sync code.
#: "symbol" matches any normalised spelling (identifier, symbol, symbols, paragraph_code).
#: "related" matches documents whose `related` list names the value (what links to a record).
LOOKUP_FILTERS: tuple[str, ...] = ("identifier", "symbol", "unit", "page_id", "related")


Sort = Literal["relevance", "date_desc", "date_asc"]
SORTS: tuple[str, ...] = ("relevance", "date_desc", "date_asc")

#: How many of the query's words a document must match: "any" (ranked by how many and how well: the default),
#: "most" (all but about a third) or "all". The search API reports which one found its results (query.relaxed).
Match = Literal["any", "most", "all"]
MATCHES: tuple[str, ...] = ("any", "most", "all")

#: The most hits one engine request returns (one page of the engines' window).
MAX_LIMIT = 100

#: What `SearchQuery.distinct` may name: the field whose distinct values the total and facets count.
DISTINCT_FIELDS: tuple[str, ...] = ("identifier",)


class SearchError(Exception):
    """An engine failed (unreachable, rejected a request, or a task failed)."""


class InvalidQuery(ValueError):
    """The query asks for something no engine supports (unknown filter, sort or page)."""


@dataclass(frozen=True)
class SearchQuery:
    q: str = ""
    lang: str | None = None
    filters: Mapping[str, list[str]] = field(default_factory=dict)
    page: int = 1
    limit: int = 10
    sort: Sort = "relevance"
    facets: tuple[str, ...] | list[str] = FACETS
    #: False: an engine may leave `SearchHit.snippet` empty and attach a lazy builder instead
    #: (`SearchHit.with_snippet()`), so hits fetched only to be grouped or merged cost no highlighting.
    snippets: bool = True
    match: Match = "any"
    #: None: the total and facet counts count documents. "identifier": they count records, each once however many
    #: of its documents match (its paragraphs, its language versions), what a reader of grouped results sees.
    distinct: str | None = None

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.limit

    def validate(self) -> SearchQuery:
        """Raise InvalidQuery for anything an engine would otherwise silently ignore."""
        if self.page < 1 or not 0 <= self.limit <= MAX_LIMIT:
            raise InvalidQuery(f"page must be >= 1 and limit between 0 and {MAX_LIMIT}")
        if self.sort not in SORTS:
            raise InvalidQuery(f"sort must be one of {', '.join(SORTS)}")
        if self.match not in MATCHES:
            raise InvalidQuery(f"match must be one of {', '.join(MATCHES)}")
        if self.distinct is not None and self.distinct not in DISTINCT_FIELDS:
            raise InvalidQuery(f"distinct must be one of {', '.join(DISTINCT_FIELDS)}")
        unknown = [k for k in self.filters if k not in FACET_FIELDS and k not in LOOKUP_FILTERS]
        unknown += [f for f in self.facets if f not in FACET_FIELDS]
        if unknown:
            raise InvalidQuery(f"unknown facet or filter: {', '.join(sorted(unknown))}")
        return self


@dataclass(frozen=True)
class SearchHit:
    id: str
    identifier: str
    type: str
    title: str
    url: str
    language: str
    snippet: str  # HTML-safe: escaped text, only <mark>…</mark> tags
    paragraph_code: str | None = None
    anchor: str | None = None
    score: float = 0.0
    date: str | None = None
    #: Identifiers the document is tagged with or refers to (its GBF targets, meetings, related records).
    links: tuple[str, ...] = ()
    # Builds the snippet on demand (queries with snippets=False); survives dataclasses.replace().
    snippet_source: Callable[[], str] | None = field(default=None, compare=False, repr=False)

    def with_snippet(self) -> SearchHit:
        """This hit with its snippet built (itself when it already has one)."""
        if self.snippet_source is None:
            return self
        return replace(self, snippet=self.snippet_source(), snippet_source=None)


@dataclass(frozen=True)
class SearchResult:
    total: int
    hits: list[SearchHit]
    facets: dict[str, dict[str, int]]
    took_ms: float


@runtime_checkable
class SearchEngine(Protocol):
    """What the CMS, the sync code and the query pipeline may call on an engine."""

    def configure(self) -> None:
        """Create the index and apply settings (idempotent)."""

    def upsert(self, docs: Iterable[Mapping[str, Any]]) -> int:
        """Insert or replace documents by `id`; visible to the next search. Returns the count."""

    def delete(self, ids: Iterable[str]) -> None:
        """Remove documents by `id` (unknown ids are ignored)."""

    def delete_pages(self, page_ids: Iterable[int]) -> None:
        """Remove every document of these Wagtail pages (records and paragraphs)."""

    def search(self, query: SearchQuery) -> SearchResult: ...

    def fingerprints(self) -> dict[str, str]:
        """id -> checksum of every indexed document (drift checks against the CMS)."""

    def count(self) -> int: ...

    def clear(self) -> None:
        """Remove every document but keep the settings."""

    def ping(self) -> None:
        """Raise SearchError unless the engine can take writes now."""


def facet_values(doc: Mapping[str, Any], facet: str) -> list[str]:
    """A document's values for a facet, as strings (year 2024 -> "2024"; None -> no value)."""
    raw = doc.get(FACET_FIELDS[facet])
    if raw is None or raw == "":
        return []
    values = raw if isinstance(raw, list | tuple) else [raw]
    return [str(v) for v in values if v is not None and v != ""]
