"""Records linked to the record a symbol query named: what a user who types a symbol wants after the record.

"GBF-TARGET-03" should bring target 3, then what is *about* it — its indicators, the decision paragraphs, the
notifications, meetings and activities tagged with it — not target 2 and target 4, whose only tie is a similar
number. The links are the ones the index already holds, read both ways:

- **inbound**: documents tagged with the record (their `gbf_targets`, `meetings` or `related` list names it);
- **outbound**: the records the named record is itself tagged with or refers to (an indicator's target, a
  notification's meeting, its related records).

Linked records are ordered by how close their text is to the named record's title (a search restricted to them),
then the newest first; the query pipeline (search.retrieval.pipeline) places them right after the record.
"""

from __future__ import annotations

from identifiers import (
    Reference,
    child_identifiers,
    normalize_symbol,
    parent_identifier,
    parse_references,
    remaining_text,
)
from search.engine import MAX_LIMIT, SearchEngine, SearchHit, SearchQuery

#: Filters that find documents tagged with an identifier (search.engine.FACET_FIELDS / LOOKUP_FILTERS).
INBOUND_FILTERS = ("gbf_target", "meeting", "related")
MAX_CITING = 20  # documents citing a reference the hub has no record for
MAX_LINKED = 100  # one engine page: more than a reader pages through after the record
LIKE_AFTER = 5  # records like a bare symbol's record shown after its linked ones (same series, same topic)
PAGE = 10  # a first page of results: records like the record fill it rather than its siblings by number
ENGINE_PAGE = MAX_LIMIT  # SearchQuery.validate's cap on one request
MAX_NAMED = 10  # meetings looked at for a title that names them
MIN_NAMING_TITLE = 20  # shorter meeting titles ("COP 16 webinar") are too generic to be cited by name
TITLE_WORDS = 12
#: Kinds of record that are parts of a named record of this kind (a target's indicators and the decision that
#: adopted it): shown before the records merely tagged with it, which are about it less directly.
PARTS = {"gbf-target": ("gbf-indicator", "decision"), "gbf-goal": ("gbf-indicator", "decision"),
         "aichi-goal": ("aichi-target",)}


def _browse(engine: SearchEngine, query: SearchQuery, filters: dict[str, list[str]], limit: int) -> list[SearchHit]:
    """Documents passing `filters` (besides the query's own filters), newest first; no words, no snippets."""
    found = engine.search(SearchQuery(q="", lang=query.lang, filters={**query.filters, **filters}, limit=limit,
                                      sort="date_desc", facets=(), snippets=False))
    return found.hits


def inbound(engine: SearchEngine, query: SearchQuery, record: SearchHit) -> list[SearchHit]:
    """Documents tagged with the record (any of the inbound filters the engine supports) and, for a meeting,
    the records whose title names it in full ("Confirmed dates of the Seventeenth meeting of the ...")."""
    hits: list[SearchHit] = []
    for name in INBOUND_FILTERS:
        hits += _browse(engine, query, {name: [record.identifier]}, MAX_LINKED)
    return hits + naming_title(engine, query, record)


def naming_title(engine: SearchEngine, query: SearchQuery, meeting: SearchHit) -> list[SearchHit]:
    """Records whose title holds the meeting's whole title."""
    title = _plain(meeting.title)
    if meeting.type != "meeting" or len(title) <= MIN_NAMING_TITLE:
        return []
    found = engine.search(SearchQuery(q=meeting.title + " ", lang=query.lang, match="all", limit=MAX_LINKED,
                                      filters={**query.filters, "unit": ["record"]}, facets=(), snippets=False)).hits
    return [h for h in found if h.identifier != meeting.identifier and title in _plain(h.title)]


def outbound(engine: SearchEngine, query: SearchQuery, record: SearchHit) -> list[SearchHit]:
    """The records `record` is tagged with or refers to, and the meetings its title names in full ("Confirmed
    dates of the Seventeenth meeting of the Conference of the Parties ...")."""
    structural = [i for i in [parent_identifier(record.identifier), *child_identifiers(record.identifier)] if i]
    targets = [t for t in dict.fromkeys([*structural, *record.links]) if t != record.identifier][:MAX_LINKED]
    tagged = _browse(engine, query, {"identifier": targets, "unit": ["record"]}, MAX_LINKED) if targets else []
    return tagged + named_in_title(engine, query, record)


def named_in_title(engine: SearchEngine, query: SearchQuery, record: SearchHit) -> list[SearchHit]:
    """Meetings whose whole title appears in the record's title."""
    if record.type == "meeting" or not record.title.strip():
        return []
    title = _plain(record.title)
    found = engine.search(SearchQuery(q=" ".join(record.title.split()[:TITLE_WORDS]) + " ", lang=query.lang,
                                      filters={**query.filters, "type": ["meeting"], "unit": ["record"]},
                                      limit=MAX_NAMED, facets=(), snippets=False)).hits
    return [h for h in found if h.identifier != record.identifier and len(_plain(h.title)) > MIN_NAMING_TITLE
            and _plain(h.title) in title]


def _plain(text: str) -> str:
    return " ".join(text.lower().split())


def linked_hits(engine: SearchEngine, query: SearchQuery, named: list[SearchHit]) -> list[SearchHit]:
    """One hit per record linked to the named ones (their own hits excluded), best first."""
    exclude = {h.identifier for h in named}
    found: dict[str, SearchHit] = {}
    for record in named:
        for hit in [*outbound(engine, query, record), *inbound(engine, query, record)]:
            if hit.identifier not in exclude:
                found.setdefault(hit.identifier, hit)
    if not found:
        return []
    return _parts_first(named[0], _by_closeness(engine, query, own_words(named[0]), list(found.values())))


def _parts_first(record: SearchHit, hits: list[SearchHit]) -> list[SearchHit]:
    """The named record's parts and whole (an article's treaty, a meeting's resumed sessions, a target's
    indicators) before the other linked records, each group in its own order."""
    family = {parent_identifier(record.identifier), *child_identifiers(record.identifier)}
    kinds = PARTS.get(record.type, ())
    parts = [h for h in hits if h.identifier in family or h.type in kinds]
    return parts + [h for h in hits if h not in parts]


def own_words(record: SearchHit) -> str:
    """The record's title without the reference to the record itself ("Cartagena Protocol, Article 25: Illegal
    transboundary movements" -> "Illegal transboundary movements"): the words saying what it is about, which
    records about the same thing share, where the reference's words are shared by its siblings by number."""
    own = normalize_symbol(record.identifier)
    title = record.title or ""
    refs = [r for r in parse_references(title) if own in {normalize_symbol(c) for c in r.candidates}]
    rest = remaining_text(title, refs).strip(" .:;,-") if refs else title
    return " ".join((rest or title).split()[:TITLE_WORDS])


def _by_closeness(engine: SearchEngine, query: SearchQuery, title: str, hits: list[SearchHit]) -> list[SearchHit]:
    """`hits` reordered by a search for the title's opening words restricted to them; the unmatched keep their
    order (newest first) after the matched."""
    words = " ".join(title.split()[:TITLE_WORDS]) + " "  # a final space: the last word is not a prefix
    ids = [h.identifier for h in hits][:MAX_LINKED]
    ranked = engine.search(SearchQuery(q=words, lang=query.lang, filters={**query.filters, "identifier": ids},
                                       limit=min(MAX_LINKED, max(1, len(ids) * 2)), facets=(), snippets=False)).hits
    order = list(dict.fromkeys([h.identifier for h in ranked] + ids))
    best = {h.identifier: h for h in reversed(ranked)}  # the best-scoring document of each record
    first = {h.identifier: h for h in hits}
    return [best.get(i) or first[i] for i in order if i in first]


def like_count(shown: int) -> int:
    """How many records like the record follow the `shown` named and linked ones: at least LIKE_AFTER, and
    enough to fill the first page, whose other matches are only the symbol's siblings by number."""
    return max(LIKE_AFTER, PAGE - shown)


def like_hits(engine: SearchEngine, query: SearchQuery, record: SearchHit, exclude: set[str]) -> list[SearchHit]:
    """A few records whose text is like the record's title without its own reference (the next call of a
    series, its extension of deadline, the articles on the same subject), after its linked records; they are
    shown, so the total counts them, but never all the records matching its title."""
    words = own_words(record) + " "
    wanted = like_count(len(exclude))
    found = engine.search(SearchQuery(q=words, lang=query.lang, filters={**query.filters, "unit": ["record"]},
                                      limit=min(ENGINE_PAGE, wanted + len(exclude) + 1), facets=(),
                                      snippets=False)).hits
    return [h for h in found if h.identifier not in exclude][:wanted]


def matching_words(engine: SearchEngine, query: SearchQuery, words: str, identifiers: list[str],
                   match: str = "all") -> list[str]:
    """Those of `identifiers` whose records contain every one of `words` (or most of them), best match first."""
    if not identifiers or not words.strip():
        return []
    found = engine.search(SearchQuery(q=words + " ", lang=query.lang, match=match, limit=MAX_LINKED, facets=(),
                                      filters={**query.filters, "identifier": identifiers[:MAX_LINKED]},
                                      snippets=False))
    return list(dict.fromkeys(h.identifier for h in found.hits))


def typed_together(engine: SearchEngine, query: SearchQuery, exclude: set[str]) -> list[SearchHit]:
    """Records holding every word typed, the symbol as typed included ("SBI-6 webinars": the webinars titled
    "SBI-6 Webinar 3"), when neither the named record nor its links hold the words beside the symbol."""
    found = engine.search(SearchQuery(q=(query.q or "") + " ", lang=query.lang, match="all", limit=MAX_LINKED,
                                      facets=(), filters=query.filters, snippets=query.snippets))
    return [h for h in found.hits if h.identifier not in exclude]


def citing_hits(engine: SearchEngine, query: SearchQuery, refs: list[Reference]
                ) -> tuple[list[SearchHit], list[Reference]]:
    """For references to records the hub does not hold ("decision 16/32" when only 15/4 is published): the
    documents whose text holds every word of the issued symbol ("CBD/COP/DEC/16/32" in an activity's text),
    best match first (the symbol as a phrase scores highest), and the references that found some."""
    hits: list[SearchHit] = []
    found: list[Reference] = []
    for ref in refs:
        if ref.kind == "meeting" or not ref.candidates or "/" not in ref.candidates[0]:
            continue  # a meeting code spells out to a title instead; a bare number cites too loosely
        cited = engine.search(SearchQuery(q=ref.candidates[0] + " ", lang=query.lang, filters=query.filters,
                                          match="all", limit=MAX_CITING, facets=(), snippets=False)).hits
        if cited:
            found.append(ref)
            hits += cited
    return list({h.identifier: h for h in reversed(hits)}.values())[::-1], found
