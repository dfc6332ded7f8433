"""The query pipeline behind the HTTP search API, the same for every engine.

A query that names a CBD record ("decision 15/4", "notification 2024-70", "indicator D.3 private funding")
puts that record first, found by an exact lookup on its normalised spellings (`Interpreted.exact`). The records
*linked* to it come next (search.retrieval.linked: its indicators, the decision paragraphs, notifications,
meetings and activities tagged with it, what it is tagged with itself; `Interpreted.linked`), above records
whose only tie is a similar number. When the query has words beside the symbol ("SBSTTA 27 registration"),
linked records containing all of them come first, before the named record unless it contains them too. The
whole query then searches as usual and the lists are merged without duplicates. Without a resolvable reference
it is a plain search. The total counts what the typed text matches plus the named and linked records it does
not: never the matches of text the user did not type.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from identifiers import Reference, alike_by_number, meeting_title, parse_references, remaining_text
from ingest.normalize import normalize_query
from search.engine import MAX_LIMIT, SearchEngine, SearchHit, SearchQuery, SearchResult
from search.retrieval import authority, linked
from search.retrieval.relaxation import only_stopwords, searchable_words
from search.understanding.record_types import type_words
from search.understanding.schemes import framework_of, without_framework_words

LOOKUP_LIMIT = 5  # a reference names one record; its paragraphs or language versions are few
MAX_WINDOW = 1000  # like the engines' maximum window: deeper results are not served
MIN_WORDS_FOR_MOST = 3  # below it, "most" of the words is any one of them: too loose over the whole index
# Records linked to a symbol are already about it: most of two words (either one) still tells them apart, and a
# translated query holds each word twice ("registration inscription COP 16"), so "all" would ask for both.
MIN_WORDS_FOR_MOST_LINKED = 2
MAX_KIND_TOPIC_WORDS = 4  # beside a type word: longer is a sentence whose nouns are not what it asks for
MAX_TOPIC_WORDS = 2  # words beside a symbol that still name a topic, not a question's framing
MIN_NAME_WORDS = 2  # words beside a symbol that a title must hold in a row to be the thing they name
ENGINE_PAGE = MAX_LIMIT  # SearchQuery.validate's cap on one request


@dataclass(frozen=True)
class Interpreted:
    result: SearchResult
    references: list[Reference] = field(default_factory=list)
    resolved: dict[str, list[str]] = field(default_factory=dict)  # reference text -> identifiers found
    rest: str = ""  # the words searched besides the references
    exact: str | None = None  # the identifier of the record the query named
    linked: list[str] = field(default_factory=list)  # records linked to it, in rank order
    followed: str | None = None  # the text searched after the named records (None: the query's own text)
    outside: int = 0  # named and linked records shown that the searched text does not match (added to the total)

    def as_dict(self) -> dict:
        """The `query` block of the API response: how the text was understood."""
        return {"references": [{"text": r.text, "kind": r.kind, "candidates": r.candidates,
                                "found": self.resolved.get(r.text, [])} for r in self.references],
                "rest": self.rest, "exact": self.exact, "linked": self.linked}


def search(engine: SearchEngine, query: SearchQuery) -> Interpreted:
    """One page of results (query.page, query.limit)."""
    query.validate()
    interpreted = window(engine, query, query.offset + query.limit)
    return replace(interpreted, result=replace(interpreted.result, hits=interpreted.result.hits[query.offset:]))


def window(engine: SearchEngine, query: SearchQuery, depth: int) -> Interpreted:
    """The first `depth` results (up to MAX_WINDOW), whatever the query's page: what a retrieval mode hands the
    view, which groups them into records (search.results.grouping)."""
    query = replace(query, q=normalize_query(query.q or ""), page=1, limit=min(ENGINE_PAGE, max(depth, 1)), facets=())
    query.validate()
    depth = min(MAX_WINDOW, depth)
    refs = parse_references(query.q or "")
    pinned, resolved = _resolve(engine, query, refs)
    # A reference to a record the hub does not hold ("decision 16/32") still names what cites it.
    citing, citing_refs = ([], []) if pinned else linked.citing_hits(engine, query, refs)
    if not pinned and not citing:
        expanded = _expand_meetings(query.q, refs)
        plain = _engine_window(engine, replace(query, q=expanded) if expanded != query.q else query, depth,
                               with_prior=True)
        return Interpreted(_asked_kind_first(engine, query, plain, depth), refs, rest=expanded)
    found_refs = [r for r in refs if r.text in resolved] or citing_refs
    rest = remaining_text(query.q, found_refs)
    named = _named_records(pinned)
    links = linked.linked_hits(engine, query, named) if named else citing
    # The typed text searches on (a meeting code also for the wording documents spell it out in, "Seventeenth
    # meeting of the ..."): the reference's words still describe the topic.
    follow_q = _expand_meetings(query.q, refs)
    main = _engine_window(engine, replace(query, q=follow_q), min(MAX_WINDOW, depth + len(pinned) + len(links)))
    beside = _words_beside(query, rest, named)
    head = _ordered_head(engine, query, rest, beside, pinned, named, links)
    head_ids = {h.identifier for h in head}
    others = [h for h in main.hits if h.identifier not in head_ids]
    merged = head + (_siblings_last(engine, query, beside[1], named, others) if named else others)
    matched = {h.identifier for h in main.hits}
    outside = (len(head_ids - matched) if len(main.hits) >= main.total
               else _outside(engine, replace(query, q=follow_q), head_ids, matched))
    result = SearchResult(total=main.total + outside, hits=merged[:depth], facets=main.facets, took_ms=main.took_ms)
    linked_ids = {h.identifier for h in links}
    shown_links = list(dict.fromkeys(h.identifier for h in merged[:depth] if h.identifier in linked_ids))
    return Interpreted(result, refs, resolved, rest, exact=named[0].identifier if named else None,
                       linked=shown_links, followed=follow_q, outside=outside)


def _asked_kind_first(engine: SearchEngine, query: SearchQuery, plain: SearchResult, depth: int) -> SearchResult:
    """A short query naming a kind of record ("which indicators track invasive alien species", "notifications
    on marine spatial planning") wants records of that kind about the other words: those come first, the
    plain results after them. The type word is matched by the record's type (an indicator's title rarely says
    "indicator"); a question or a longer sentence leaves the order alone ("funding to attend SBSTTA meetings"
    is not asking for meetings)."""
    kinds, words = type_words(query.q or "")
    allowed = query.filters.get("type")
    kinds = [k for k in kinds if not allowed or k in allowed]
    count = searchable_words(words, query.lang) if kinds else 0
    if not kinds or "?" in (query.q or "") or not 0 < count <= MAX_KIND_TOPIC_WORDS:
        return plain
    match = "most" if count >= MIN_WORDS_FOR_MOST else "all"
    asked = engine.search(replace(query, q=words + " ", match=match, page=1, limit=min(ENGINE_PAGE, depth),
                                  filters={**query.filters, "type": kinds}))
    first = list(dict.fromkeys(h.identifier for h in asked.hits))
    if not first:
        return plain
    best: dict[str, SearchHit] = {}
    for hit in [*plain.hits, *asked.hits]:  # the plain search's hit of a record where it has one
        best.setdefault(hit.identifier, hit)
    hits = [best[i] for i in dict.fromkeys([*first, *(h.identifier for h in plain.hits)])][:depth]
    return replace(plain, hits=hits, total=max(plain.total, len(hits)))


def _named_records(pinned: list[SearchHit]) -> list[SearchHit]:
    """One hit per record the references named, the record's own document before its paragraphs."""
    best: dict[str, SearchHit] = {}
    for hit in pinned:
        best.setdefault(hit.identifier, hit)
    return list(best.values())


def _ordered_head(engine: SearchEngine, query: SearchQuery, rest: str, beside: tuple[list[str], str, int],
                  pinned: list[SearchHit], named: list[SearchHit], links: list[SearchHit]) -> list[SearchHit]:
    """The records shown before the typed text's other matches.

    A bare symbol: the named record, its linked records, then a few records like it (by title). Words beside
    the symbol decide between the record and its links: when linked records match them all and the named
    record does not ("SBSTTA 27 registration"), those linked records come first, then the record and its other
    links; when the named record matches them, they describe it ("indicator D.3 private funding"): the record,
    the linked records matching them, then whatever the words find; when nothing named or linked matches them
    (words in another language, a question's framing), the record, the records holding every word typed (the
    symbol as typed too: "SBI-6 webinars"), then its links. A word naming a kind of record
    ("activities", "indicadores") is matched by the record's type, the other words by its text (all of them);
    words naming the record's framework ("of the Kunming-Montreal framework", "Aichi") are part of its name
    (`beside`: _words_beside())."""
    kinds, words, count = beside
    if not kinds and not words:
        head = pinned + links
        return head + (linked.like_hits(engine, query, named[0], {h.identifier for h in head}) if named else [])
    candidates = [h for h in [*named, *links] if not kinds or h.type in kinds]
    if words:
        ids = [h.identifier for h in candidates]
        both = linked.matching_words(engine, query, words, ids)
        if not both and count >= MIN_WORDS_FOR_MOST_LINKED:
            # A sentence beside the symbol ("how do I register a side event at COP 16") rarely holds only words
            # a record spells the same way ("register" / "Registration"): most of them still pick the record.
            both = linked.matching_words(engine, query, words, ids, match="most")
    else:
        both = [h.identifier for h in candidates]
    by_id = {h.identifier: h for h in links}
    matching_links = [by_id[i] for i in both if i in by_id]
    if not both:
        shown = {h.identifier for h in [*pinned, *links]}
        together = (linked.typed_together(engine, query, shown)
                    if _a_topic_beside_the_symbol(query.q or "", count) else [])
        named_thing = (_holding_the_words(engine, query, rest, kinds, shown | {h.identifier for h in together})
                       if _names_something(query.q or "", count) else [])
        return pinned + together + named_thing + links
    if both[0] in {h.identifier for h in named}:
        # The words describe the record: what is about it (a notification citing the article) still comes
        # before the typed text's other matches, which hold the symbol's number or one of the words.
        return pinned + matching_links + [h for h in links if h not in matching_links]
    shown = {h.identifier for h in [*matching_links, *pinned]}
    # Records untagged with the symbol but holding it and every word ("target 3 capacity-building workshops":
    # the calls for those workshops) answer the words better than the links that do not hold them.
    together = linked.typed_together(engine, query, shown) if words else []
    shown |= {h.identifier for h in together}
    named_thing = (_holding_the_words(engine, query, rest, kinds, shown)
                   if words and _names_something(query.q or "", count) else [])
    shown |= {h.identifier for h in named_thing}
    return matching_links + pinned + together + named_thing + [h for h in links if h.identifier not in shown]


def _holding_the_words(engine: SearchEngine, query: SearchQuery, rest: str, kinds: list[str],
                       exclude: set[str]) -> list[SearchHit]:
    """A few records whose title holds the words typed beside the symbol as a name (framework words included:
    "target 19 Global Biodiversity Framework Fund" names the Fund, whose calls neither cite nor are tagged with
    the target), before the linked records that do not hold them. One word is a topic, not a name
    ("registration" is in every meeting's registration notice)."""
    _, words = type_words(rest)
    name = _tokens(words)
    if len(name) < MIN_NAME_WORDS:
        return []
    filters = {**query.filters, "type": kinds} if kinds else query.filters
    found = engine.search(replace(query, q=words + " ", match="all", page=1, limit=linked.LIKE_AFTER * 2, facets=(),
                                  filters=filters))
    hits = [h for h in found.hits if h.identifier not in exclude and _holds_phrase(_tokens(h.title), name)]
    return list({h.identifier: h for h in reversed(hits)}.values())[::-1][:linked.LIKE_AFTER]


def _tokens(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", (text or "").lower())


def _holds_phrase(tokens: list[str], phrase: list[str]) -> bool:
    return any(tokens[i:i + len(phrase)] == phrase for i in range(len(tokens) - len(phrase) + 1))


def _words_beside(query: SearchQuery, rest: str, named: list[SearchHit]) -> tuple[list[str], str, int]:
    """(record types named, the other words, how many of them are searchable) of the text beside the symbol;
    words naming the record's framework are part of its name, and stop words alone are no words."""
    kinds, words = type_words(rest)
    words = without_framework_words(words, {f for h in named if (f := framework_of(h.type, h.identifier))})
    count = searchable_words(words, query.lang)
    words, count = (words, count) if count and not only_stopwords(words, query.lang) else ("", 0)
    return kinds, words, count


def _siblings_last(engine: SearchEngine, query: SearchQuery, words: str, named: list[SearchHit],
                   hits: list[SearchHit]) -> list[SearchHit]:
    """The typed text's other matches with the named record's siblings by number last: records of its kind
    numbered alike (target 2 and 4 after target 3, the other treaties' article 25, notification 2024-007 after
    2025-007) that do not hold the words typed beside the symbol."""
    alike = [h.identifier for h in hits[:linked.MAX_LINKED]
             if any(h.type == n.type and alike_by_number(n.identifier, h.identifier) for n in named)]
    if not alike:
        return hits
    about = set(linked.matching_words(engine, query, words, alike)) if words else set()
    siblings = {i for i in alike if i not in about}
    return [h for h in hits if h.identifier not in siblings] + [h for h in hits if h.identifier in siblings]


def _names_something(q: str, count: int) -> bool:
    """A few words beside the symbol (up to MAX_KIND_TOPIC_WORDS) name a thing, a programme or a topic; a
    question or a longer sentence does not."""
    return 0 < count <= MAX_KIND_TOPIC_WORDS and "?" not in q


def _a_topic_beside_the_symbol(q: str, count: int) -> bool:
    """A word or two beside the symbol ("SBI-6 webinars") name a topic; a question's framing ("where will COP 17
    take place and when?") does not, and records holding all its words are noise."""
    return 0 < count <= MAX_TOPIC_WORDS and "?" not in q


def _outside(engine: SearchEngine, query: SearchQuery, shown: set[str], matched: set[str]) -> int:
    """How many of the records shown first the searched text does not match (beyond the window fetched)."""
    unknown = sorted(shown - matched)
    if not unknown:
        return 0
    counted = engine.search(replace(query, limit=0, page=1, facets=(), distinct="identifier",
                                    filters={**query.filters, "identifier": unknown}))
    return max(0, len(unknown) - counted.total)


def _engine_window(engine: SearchEngine, query: SearchQuery, depth: int, with_prior: bool = False) -> SearchResult:
    """The engine's first `depth` hits, fetched in pages of its 100-hit cap; the first page's head reordered by
    authority when asked (search.retrieval.authority)."""
    size = min(ENGINE_PAGE, depth)  # the prior reorders within the first page (RERANK_DEPTH < ENGINE_PAGE)
    head = replace(query, limit=size)
    first = authority.search_with_prior(engine, head) if with_prior else engine.search(head)
    hits = list(first.hits)
    page = 1
    while len(hits) < depth and len(first.hits) == size and page * size < first.total:
        page += 1
        more = engine.search(replace(query, page=page, limit=size)).hits
        hits += more
        if len(more) < size:
            break
    return replace(first, hits=hits[:depth])


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
