"""The query pipeline behind the HTTP search API, the same for every engine.

A query that names a CBD record ("decision 15/4", "notification 2024-70", "indicator D.3 private funding")
puts that record first, found by an exact lookup on its normalised spellings; the whole query then
searches as usual (its reference words still describe the topic) and the lists are merged without
duplicates. A query that is only a reference
is followed by records like the one it names. Without a resolvable reference it is a plain search.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from search import authority
from search.engine import SearchEngine, SearchHit, SearchQuery, SearchResult
from search.references import Reference, meeting_title, parse_references, remaining_text

LOOKUP_LIMIT = 5  # a reference names one record; its paragraphs or language versions are few
MAX_WINDOW = 1000
LIKE_WORDS = 12


@dataclass(frozen=True)
class Interpreted:
    result: SearchResult
    references: list[Reference] = field(default_factory=list)
    resolved: dict[str, list[str]] = field(default_factory=dict)  # reference text -> identifiers found
    rest: str = ""  # the words searched besides the references

    def as_dict(self) -> dict:
        """The `query` block of the API response: how the text was understood."""
        return {"references": [{"text": r.text, "kind": r.kind, "candidates": r.candidates,
                                "found": self.resolved.get(r.text, [])} for r in self.references],
                "rest": self.rest}


def search(engine: SearchEngine, query: SearchQuery) -> Interpreted:
    query.validate()
    refs = parse_references(query.q or "")
    pinned, resolved = _resolve(engine, query, refs)
    if not pinned:
        expanded = _expand_meetings(query.q, refs)
        plain = authority.search_with_prior(engine, replace(query, q=expanded) if expanded != query.q else query)
        return Interpreted(plain, refs, rest=expanded)
    found_refs = [r for r in refs if r.text in resolved]
    rest = remaining_text(query.q, found_refs)
    # Only a reference: show records like it. Otherwise the rest of the question searches on, and a meeting code
    # also searches for the wording documents spell it out in ("Seventeenth meeting of the ...").
    follow_q = _expand_meetings(query.q, refs) if rest else like_text(pinned[0].title)
    window = min(MAX_WINDOW, query.offset + query.limit + len(pinned))
    main = engine.search(replace(query, q=follow_q, page=1, limit=window))
    pinned_ids = {h.id for h in pinned}
    merged = pinned + [h for h in main.hits if h.id not in pinned_ids]
    total = main.total + sum(1 for h in pinned if h.id not in {m.id for m in main.hits})
    page = merged[query.offset:query.offset + query.limit]
    result = SearchResult(total=total, hits=page, facets=main.facets, took_ms=main.took_ms)
    return Interpreted(result, refs, resolved, rest)


def like_text(title: str) -> str:
    """The query for "records like this one": the opening words of its title (they name the topic; a long
    title's tail costs more than it ranks), with a final space so the last word is not read as typed-on."""
    return " ".join(title.split()[:LIKE_WORDS]) + " "


def _expand_meetings(q: str, refs: list[Reference]) -> str:
    """Meeting titles spell the number out ("Seventeenth meeting of the Conference of the Parties"): a
    meeting code with no record of its own also searches for that wording."""
    titles = [meeting_title(r.candidates[0]) for r in refs if r.kind == "meeting"]
    return " ".join([q, *(t for t in titles if t)])


def _resolve(engine: SearchEngine, query: SearchQuery, refs: list[Reference]):
    pinned: list[SearchHit] = []
    resolved: dict[str, list[str]] = {}
    seen: set[str] = set()
    for ref in refs:
        for key in ref.lookup_keys:  # most specific first; stop at the first spelling that exists
            hits = _lookup(engine, query, key)
            if hits:
                new = [h for h in hits if h.id not in seen]
                seen.update(h.id for h in new)
                pinned += new
                resolved[ref.text] = list(dict.fromkeys(h.identifier for h in hits))
                break
    return pinned, resolved


def _lookup(engine: SearchEngine, query: SearchQuery, key: str) -> list[SearchHit]:
    filters = {**query.filters, "symbol": [key]}
    found = engine.search(SearchQuery(q="", lang=query.lang, filters=filters, limit=LOOKUP_LIMIT, facets=(),
                                      snippets=query.snippets))
    preferred = query.lang or "en"
    # The record before its paragraphs; the asked language before the others.
    return sorted(found.hits, key=lambda h: (h.paragraph_code is not None, h.language != preferred))
