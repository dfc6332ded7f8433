"""How strictly a query's results match it, for the front end's "showing results for some of your words".

The lexical engines rank every document that matches *any* word, best (most words, best placed) first, so a
query never comes back empty while one of its words is in the corpus. What the reader should know is whether
the results hold *all* their words: `relaxation()` asks the engine to count the matches of all words, then of
most (all but a third), and says which level found something: None (all words), "most" or "any". When even
"any" finds nothing, the search API tries the semantic path (search.retrieval.modes.fallback) and says
"semantic". Counts are count-only searches (the embedded engine caches them per index state).
"""

from __future__ import annotations

from search.analysis import drop_stopwords, fold, is_cjk, words_analyzer
from search.config import stopwords
from search.engine import SearchEngine, SearchQuery

LEVELS = (None, "most", "any", "semantic")  # what query.relaxed may say, strictest first


def searchable_words(q: str, lang: str | None) -> int:
    """Words of `q` that must match under "all" (stop words left out, a Chinese run of characters one word)."""
    tokens = words_analyzer().analyze(q)
    words = [t for t in tokens if not is_cjk(t)]
    runs = sum(1 for i, t in enumerate(tokens) if is_cjk(t) and (i == 0 or not is_cjk(tokens[i - 1])))
    return len(drop_stopwords(words, lang) if words else []) + runs


def only_stopwords(q: str, lang: str | None) -> bool:
    """True when every word of `q` is a function word ("which are about"): nothing to match on."""
    words = [t for t in words_analyzer().analyze(q) if not is_cjk(t)]
    stops = {fold(s) for s in stopwords(lang or "en") | stopwords("en")}
    return bool(words) and all(w in stops for w in words)


def _count(engine: SearchEngine, q: str, lang: str | None, filters: dict[str, list[str]], match: str) -> int:
    query = SearchQuery(q=q, lang=lang, filters={**filters, "unit": ["record"]}, limit=0, facets=(), match=match)
    return engine.search(query).total


def relaxation(engine: SearchEngine, q: str, lang: str | None, filters: dict[str, list[str]]) -> str | None:
    """None when some record holds every word of `q` (or `q` has one word), else "most" or "any"."""
    words = searchable_words(q, lang)
    if words < 2 or _count(engine, q, lang, filters, "all"):
        return None
    if words >= 3 and _count(engine, q, lang, filters, "most"):
        return "most"
    return "any"
